package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"convenor/data"
)

// Network reads the actors and relationships the map shows (see
// data.NetworkQuery), each in one query: the ties are those whose both
// ends are among the actors read.
func (s *Store) Network(ctx context.Context, q data.NetworkQuery) (data.Network, error) {
	var n data.Network
	db := s.under(ctx)
	nq := networkQuery(q)
	at := map[string]int{}
	actors, err := collect(db, func(rows *sql.Rows, a *data.NetworkActor) error {
		var tlp string
		err := rows.Scan(&a.ID, &a.Title, &tlp, &a.Type, &a.Stance, &a.Role, &a.Country, &a.Influence)
		a.TLP = data.TLP(tlp)
		return err
	}, nq.actors.sql, nq.actors.args...)
	if err != nil {
		return n, failed("reading the network", err, false)
	}
	for i, a := range actors {
		at[a.ID] = i
	}
	n.Actors = actors
	voc := s.Vocabulary()
	relType := data.Relationship.Field("rel_type")
	tones := map[string]data.Tone{}
	if n.Ties, err = collect(db, func(rows *sql.Rows, t *data.NetworkTie) error {
		var tlp, from, to string
		err := rows.Scan(&t.ID, &t.Title, &tlp, &from, &to, &t.Type, &t.Trust)
		t.TLP, t.From, t.To = data.TLP(tlp), at[from], at[to]
		tone, ok := tones[t.Type]
		if !ok {
			tone = voc.Tone(data.Relationship, relType, t.Type)
			tones[t.Type] = tone
		}
		t.Tone = tone
		return err
	}, nq.ties.sql, nq.ties.args...); err != nil {
		return n, failed("reading the network", err, false)
	}
	if n.Countries, err = collect(db, func(rows *sql.Rows, c *string) error { return rows.Scan(c) },
		nq.countries.sql, nq.countries.args...); err != nil {
		return n, failed("reading the network", err, false)
	}
	return n, nil
}

// networkQuery is the map's SQL, apart so the benchmark runs the same.
func networkQuery(q data.NetworkQuery) (n struct{ actors, ties, countries query }) {
	labels, _ := json.Marshal(data.AtMost(q.UpTo))
	within := `r.tlp IN (SELECT value FROM json_each(?))`
	shown := within + ` AND (? = '' OR d.country = ? COLLATE NOCASE) AND (? = '' OR d.role = ?) AND (? = '' OR d.stance = ?)`
	args := []any{string(labels), q.Country, q.Country, q.Role, q.Role, q.Stance, q.Stance}
	n.actors = query{`SELECT r.id, r.title, r.tlp, COALESCE(d.actor_type, ''), COALESCE(d.stance, ''), COALESCE(d.role, ''),
			COALESCE(d.country, ''), COALESCE(d.influence, 0)
		FROM actor d JOIN records r ON r.id = d.id WHERE ` + shown + ` ORDER BY r.sort_key`, args}
	n.ties = query{`WITH shown AS (SELECT d.id FROM actor d JOIN records r ON r.id = d.id WHERE ` + shown + `)
		SELECT r.id, r.title, r.tlp, d.from_actor, d.to_actor, COALESCE(d.rel_type, ''), COALESCE(d.trust, 0)
		FROM relationship d JOIN records r ON r.id = d.id
		WHERE ` + within + ` AND d.from_actor IN shown AND d.to_actor IN shown ORDER BY r.sort_key`,
		append(append([]any{}, args...), string(labels))}
	n.countries = query{`SELECT DISTINCT d.country FROM actor d JOIN records r ON r.id = d.id
		WHERE ` + within + ` AND COALESCE(d.country, '') <> '' ORDER BY d.country COLLATE NOCASE`, []any{string(labels)}}
	return n
}
