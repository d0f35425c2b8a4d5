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
	r := recs[0]
	if err := readLists(q, r); err != nil {
		return nil, err
	}
	return r, nil
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
	for rows.Next() {
		r := &data.Record{Kind: k, Values: map[string]any{}}
		var tlp, tags, created, updated string
		raw := make([]any, len(fields))
		dest := []any{&r.ID, &r.Title, &tlp, &tags, &r.Notes, &created, &r.CreatedBy, &updated, &r.UpdatedBy}
		for i := range raw {
			dest = append(dest, &raw[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		r.TLP = data.TLP(tlp)
		_ = json.Unmarshal([]byte(tags), &r.Tags)
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

// readLists fills a record's Links and FollowUps fields.
func readLists(q queryer, r *data.Record) error {
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case data.Links:
			links, err := collect(q, func(rows *sql.Rows, l *data.Link) error {
				return rows.Scan(&l.ID, &l.Role, &l.Title, &l.Kind)
			}, `SELECT l.to_id, l.role, r.title, r.kind FROM links l JOIN records r ON r.id = l.to_id
				WHERE l.from_id=? AND l.field=? ORDER BY l.position`, r.ID, f.Key)
			if err != nil {
				return err
			}
			if len(links) > 0 {
				r.Values[f.Key] = links
			}
		case data.FollowUps:
			acts, err := collect(q, func(rows *sql.Rows, a *data.FollowUp) error {
				return rows.Scan(&a.ID, &a.Action, &a.Owner, &a.Due, &a.Status)
			}, `SELECT id, action, owner, COALESCE(due,''), status FROM follow_ups WHERE engagement_id=? ORDER BY position`, r.ID)
			if err != nil {
				return err
			}
			if len(acts) > 0 {
				r.Values[f.Key] = acts
			}
		}
	}
	return nil
}

// ListWithLinks reads a page of whole records: their columns, links and
// follow-up actions.
func (s *Store) ListWithLinks(ctx context.Context, q data.Query) ([]*data.Record, error) {
	page, err := s.List(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, r := range page {
		if err := readLists(s.under(ctx), r); err != nil {
			return nil, err
		}
	}
	return page, nil
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
