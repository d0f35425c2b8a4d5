package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"convenor/data"
)

// Reading records: one whole record with its links and follow-ups, or a
// page of a list with its columns only.

// Get reads one record with its links and follow-up actions.
func (s *Store) Get(id string) (*data.Record, error) {
	r, err := get(s.db, id)
	return r, failed("reading record "+id, err, false)
}

func get(q queryer, id string) (*data.Record, error) {
	var kindName string
	if err := q.QueryRow("SELECT kind FROM records WHERE id=?", id).Scan(&kindName); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("%w: %s", data.ErrNotFound, id)
		}
		return nil, err
	}
	k := data.KindByName(kindName)
	if k == nil {
		return nil, fmt.Errorf("record %s has unknown kind %q", id, kindName)
	}
	recs, err := scanRecords(q, k, selectSQL(k, "r.id = ?"), []any{id})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%w: %s", data.ErrNotFound, id)
	}
	if err := readLists(q, k, recs); err != nil {
		return nil, err
	}
	return recs[0], nil
}

// selectSQL reads the common and column fields of a kind's records that
// match where; scanRecords reads its rows.
func selectSQL(k *data.Kind, where string) string {
	cols := []string{"r.id", "r.title", "r.tlp", "r.tags", "r.notes", "r.created_at", "r.created_by", "r.updated_at", "r.updated_by"}
	for _, f := range k.Columns() {
		cols = append(cols, "d."+f.Key)
	}
	return fmt.Sprintf("SELECT %s FROM records r JOIN %s d ON d.id = r.id WHERE %s", strings.Join(cols, ","), k.Table, where)
}

// scanRecords runs a query made by selectSQL and reads its rows as records.
func scanRecords(q queryer, k *data.Kind, sqlText string, args []any) ([]*data.Record, error) {
	fields := k.Columns()
	rows, err := q.Query(sqlText, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*data.Record
	// One set of destinations for every row: Scan copies what it reads.
	var id, title, tlp, tags, notes, created, createdBy, updated, updatedBy string
	raw := make([]any, len(fields))
	dest := []any{&id, &title, &tlp, &tags, &notes, &created, &createdBy, &updated, &updatedBy}
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	for rows.Next() {
		clear(raw)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		r := &data.Record{Kind: k, Values: make(map[string]any, len(fields)), ID: id, Title: title, Notes: notes, CreatedBy: createdBy, UpdatedBy: updatedBy}
		r.TLP = data.TLP(tlp)
		r.Tags = parseTags(tags)
		r.CreatedAt, _ = time.Parse(timeLayout, created)
		r.UpdatedAt, _ = time.Parse(timeLayout, updated)
		for i, f := range fields {
			if v := fromDB(f, raw[i]); v != nil {
				r.Values[f.Key] = v
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ListWithLinks reads a page of whole records: their columns, links and
// follow-up actions, the lists of the whole page in one query each.
func (s *Store) ListWithLinks(ctx context.Context, q data.Query) ([]*data.Record, error) {
	page, err := s.List(ctx, q)
	if err != nil || len(page) == 0 {
		return page, err
	}
	return page, failed("reading links and follow-up actions", readLists(s.under(ctx), q.Kind, page), false)
}

// readLists reads the links and follow-up actions of records of kind k
// (one, or a page), in one query each for all of them.
func readLists(db queryer, k *data.Kind, page []*data.Record) error {
	byID := make(map[string]*data.Record, len(page))
	ids := make([]string, len(page))
	for i, r := range page {
		byID[r.ID], ids[i] = r, r.ID
	}
	idsJSON, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := db.Query(`SELECT l.from_id, l.field, l.to_id, l.role, r.title, r.kind FROM links l JOIN records r ON r.id = l.to_id
		WHERE l.from_id IN (SELECT value FROM json_each(?)) ORDER BY l.from_id, l.field, l.position`, string(idsJSON))
	if err != nil {
		return err
	}
	for rows.Next() {
		var from, field string
		var l data.Link
		if err := rows.Scan(&from, &field, &l.ID, &l.Role, &l.Title, &l.Kind); err != nil {
			rows.Close()
			return err
		}
		r := byID[from]
		links, _ := r.Values[field].([]data.Link)
		r.Values[field] = append(links, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := readAttachments(db, byID, string(idsJSON)); err != nil {
		return err
	}
	if key := k.KeyOfType(data.FollowUps); key != "" {
		acts, err := collect(db, func(rows *sql.Rows, a *ownedFollowUp) error {
			return rows.Scan(&a.owner, &a.ID, &a.Action, &a.Owner, &a.Due, &a.Status)
		}, `SELECT engagement_id, id, action, owner, COALESCE(due,''), status FROM follow_ups
			WHERE engagement_id IN (SELECT value FROM json_each(?)) ORDER BY engagement_id, position`, string(idsJSON))
		if err != nil {
			return err
		}
		for _, a := range acts {
			r := byID[a.owner]
			list, _ := r.Values[key].([]data.FollowUp)
			r.Values[key] = append(list, a.FollowUp)
		}
	}
	if key := k.KeyOfType(data.Contacts); key != "" {
		points, err := collect(db, func(rows *sql.Rows, c *ownedContact) error {
			var tlp string
			err := rows.Scan(&c.owner, &c.ID, &c.Kind, &c.Value, &c.Label, &tlp)
			c.TLP = data.TLP(tlp)
			return err
		}, `SELECT actor_id, id, kind, value, label, tlp FROM contact_points
			WHERE actor_id IN (SELECT value FROM json_each(?)) ORDER BY actor_id, position`, string(idsJSON))
		if err != nil {
			return err
		}
		for _, c := range points {
			r := byID[c.owner]
			list, _ := r.Values[key].([]data.ContactPoint)
			r.Values[key] = append(list, c.ContactPoint)
		}
	}
	return nil
}

// ownedFollowUp and ownedContact are list entries read with the id of
// the record they belong to.
type ownedFollowUp struct {
	owner string
	data.FollowUp
}

type ownedContact struct {
	owner string
	data.ContactPoint
}

// Summaries reads the title and label of each record named; one that does
// not exist is left out.
func (s *Store) Summaries(ctx context.Context, ids []string) (map[string]data.Summary, error) {
	out := map[string]data.Summary{}
	if len(ids) == 0 {
		return out, nil
	}
	b, _ := json.Marshal(ids)
	rows, err := collect(s.under(ctx), func(rows *sql.Rows, v *[3]string) error {
		return rows.Scan(&v[0], &v[1], &v[2])
	}, "SELECT id, title, tlp FROM records WHERE id IN (SELECT value FROM json_each(?))", string(b))
	for _, v := range rows {
		out[v[0]] = data.Summary{Title: v[1], TLP: data.TLP(v[2])}
	}
	return out, err
}

// parseTags reads the tags column, a JSON array of strings. Tags without
// quotes or escapes in them, nearly all, are split by hand: reading 100,000
// records for verify spent a sixth of its time in encoding/json here.
func parseTags(raw string) []string {
	if raw == "" || raw == "[]" {
		return nil
	}
	if strings.IndexByte(raw, '\\') < 0 && strings.HasPrefix(raw, `["`) && strings.HasSuffix(raw, `"]`) {
		parts := strings.Split(raw[2:len(raw)-2], `","`)
		if strings.Count(raw, `"`) == 2*len(parts) {
			return parts
		}
	}
	var tags []string
	_ = json.Unmarshal([]byte(raw), &tags)
	return tags
}
