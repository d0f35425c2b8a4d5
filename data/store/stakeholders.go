package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"convenor/data"
)

// Stakeholders places the actors labelled up to upTo on the influence ×
// interest grid: a count per cell and the first data.StakeholderShown of
// each, counted and ranked inside SQLite as the heat map is.
func (s *Store) Stakeholders(ctx context.Context, upTo data.TLP) (data.StakeholderGrid, error) {
	var g data.StakeholderGrid
	db := s.under(ctx)
	q := stakeholderQuery(upTo)
	byCell := map[[2]int64]int{}
	if _, err := collect(db, func(rows *sql.Rows, _ *struct{}) error {
		var a data.ActorLine
		var tlp string
		var n int
		if err := rows.Scan(&a.Influence, &a.Interest, &n, &a.ID, &a.Title, &tlp, &a.Stance, &a.Type); err != nil {
			return err
		}
		a.TLP = data.TLP(tlp)
		key := [2]int64{a.Influence, a.Interest}
		i, ok := byCell[key]
		if !ok {
			i = len(g.Cells)
			byCell[key] = i
			g.Cells = append(g.Cells, data.StakeholderCell{Influence: a.Influence, Interest: a.Interest, Count: n})
			g.Total += n
		}
		g.Cells[i].Actors = append(g.Cells[i].Actors, a)
		return nil
	}, q.cells.sql, q.cells.args...); err != nil {
		return g, failed("reading the stakeholder grid", err, false)
	}
	if err := db.QueryRow(q.unplaced.sql, q.unplaced.args...).Scan(&g.Unplaced); err != nil {
		return g, failed("reading the stakeholder grid", err, false)
	}
	return g, nil
}

// stakeholderQuery is the grid's SQL, apart so the benchmark runs the same.
func stakeholderQuery(upTo data.TLP) (q struct{ cells, unplaced query }) {
	labels, _ := json.Marshal(data.AtMost(upTo))
	where := "r.tlp IN (SELECT value FROM json_each(?))"
	q.cells = query{rankedCells("actor", "influence", "interest", where, "COALESCE(d.stance, '')", "d.actor_type"),
		[]any{string(labels), data.StakeholderShown}}
	q.unplaced = query{`SELECT count(*) FROM actor d JOIN records r ON r.id = d.id WHERE ` + where + ` AND (d.influence IS NULL OR d.interest IS NULL)`,
		[]any{string(labels)}}
	return q
}

// rankedCells is the query of a grid view: the records of a kind's table
// matching where, placed by two of its columns (x, y), each cell's count
// and its first rows by title, the where's arguments then how many to name
// per cell. Each row: x, y, count, id, title, tlp, then the extra columns.
func rankedCells(table, x, y, where string, extra ...string) string {
	cols := ""
	outer := ""
	for i, e := range extra {
		name := "e" + string(rune('0'+i))
		cols += ", " + e + " AS " + name
		outer += ", " + name
	}
	return `SELECT x, y, n, id, title, tlp` + outer + ` FROM (
			SELECT d.` + x + ` AS x, d.` + y + ` AS y, r.id, r.title, r.tlp` + cols + `,
				count(*) OVER (PARTITION BY d.` + x + `, d.` + y + `) AS n,
				row_number() OVER (PARTITION BY d.` + x + `, d.` + y + ` ORDER BY r.sort_key) AS k
			FROM ` + table + ` d JOIN records r ON r.id = d.id
			WHERE ` + where + ` AND d.` + x + ` IS NOT NULL AND d.` + y + ` IS NOT NULL)
		WHERE k <= ? ORDER BY x DESC, y DESC, k`
}

// StakeholderCell lists every actor of one cell, for a crowded cell's list.
func (s *Store) StakeholderCell(ctx context.Context, upTo data.TLP, influence, interest int64) ([]data.ActorLine, error) {
	labels, _ := json.Marshal(data.AtMost(upTo))
	rows, err := collect(s.under(ctx), func(rows *sql.Rows, a *data.ActorLine) error {
		var tlp string
		err := rows.Scan(&a.Influence, &a.Interest, &a.ID, &a.Title, &tlp, &a.Stance, &a.Type)
		a.TLP = data.TLP(tlp)
		return err
	}, `SELECT d.influence, d.interest, r.id, r.title, r.tlp, COALESCE(d.stance, ''), d.actor_type FROM actor d JOIN records r ON r.id = d.id
		WHERE r.tlp IN (SELECT value FROM json_each(?)) AND d.influence = ? AND d.interest = ? ORDER BY r.sort_key`, string(labels), influence, interest)
	return rows, failed("reading the stakeholder grid", err, false)
}
