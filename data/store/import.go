package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"convenor/data"
)

// fieldImportedFrom names, in an import's audit entry, the file the record
// came from.
const fieldImportedFrom = "imported_from"

// Import writes what an import read from a file in one transaction: adds
// as new records (in the order given, so one may point to an earlier one),
// updates over the records they match. Each is audited as an import naming
// file (its base name: where it sat on someone's disk is not the trail's
// business). progress, if given, hears how many are written so far.
// Cancelling ctx, or any bad record, leaves the workspace as it was.
func (s *Store) Import(ctx context.Context, file string, adds, updates []*data.Record, progress func(done int)) error {
	voc := s.Vocabulary()
	for _, r := range adds {
		if err := s.prepareNew(r); err != nil {
			return fmt.Errorf("%s “%s”: %w", r.Kind.Label, r.Title, err)
		}
	}
	for _, r := range updates {
		r.Tags = data.NormalizeTags(r.Tags)
		if err := data.ValidateIn(r, voc); err != nil {
			return fmt.Errorf("%s “%s”: %w", r.Kind.Label, r.Title, err)
		}
	}
	h := how{action: "import", file: filepath.Base(file)}
	return s.write("importing "+h.file, func(tx *sql.Tx) error {
		done := 0
		step := func() error {
			done++
			if progress != nil && (done%256 == 0 || done == len(adds)+len(updates)) {
				progress(done)
			}
			return ctx.Err()
		}
		for start := 0; start < len(adds); start += importBatch {
			batch := adds[start:min(start+importBatch, len(adds))]
			for _, r := range batch {
				if err := s.insertAs(tx, r, how{action: h.action, file: h.file, unaudited: true}); err != nil {
					return fmt.Errorf("%s “%s”: %w", r.Kind.Label, r.Title, err)
				}
				if err := step(); err != nil {
					return err
				}
			}
			if err := s.auditBatch(tx, h, batch, time.Time{}); err != nil {
				return err
			}
		}
		for _, r := range updates {
			if err := s.updateAs(tx, r, h); err != nil {
				return fmt.Errorf("%s “%s”: %w", r.Kind.Label, r.Title, err)
			}
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
}

// importBatch is how many new records an import writes before reading
// them back, in one query per table, for their audit entries.
const importBatch = 256

// auditBatch appends the entries of records just inserted, each with its
// state as read back: what auditRecord does one record at a time. The
// entries are dated at, or when it is zero, each record's update time.
func (s *Store) auditBatch(tx *sql.Tx, h how, recs []*data.Record, at time.Time) error {
	states := map[string]string{}
	byKind := map[*data.Kind][]any{}
	for _, r := range recs {
		byKind[r.Kind] = append(byKind[r.Kind], r.ID)
	}
	for k, ids := range byKind {
		idsJSON, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		back, err := scanRecords(tx, k, selectSQL(k, "r.id IN (SELECT value FROM json_each(?))"), []any{string(idsJSON)})
		if err != nil {
			return err
		}
		if err := readLists(tx, k, back); err != nil {
			return err
		}
		for _, r := range back {
			states[r.ID] = r.State()
		}
	}
	for _, r := range recs {
		state, ok := states[r.ID]
		if !ok {
			return fmt.Errorf("%s “%s” was not written", r.Kind.Label, r.Title)
		}
		when := at
		if when.IsZero() {
			when = r.UpdatedAt
		}
		if err := s.auditState(tx, when, h, r, diff(nil, r), state); err != nil {
			return err
		}
	}
	return nil
}

// RecordKinds tells, for every record in the workspace, its kind: what an
// import needs to know of the ids a file names.
func (s *Store) RecordKinds(ctx context.Context) (map[string]*data.Kind, error) {
	out := map[string]*data.Kind{}
	rows, err := s.under(ctx).Query("SELECT id, kind FROM records")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return nil, err
		}
		out[id] = data.KindByName(kind)
	}
	return out, rows.Err()
}

// Lookup indexes the records of kind k by the value of one field ("title"
// or a field stored in the kind's table): value → ids, oldest first, so a
// file's rows match them in the order they were made.
func (s *Store) Lookup(ctx context.Context, k *data.Kind, field string) (map[string][]string, error) {
	query := "SELECT r.title, r.id FROM records r WHERE r.kind = ? ORDER BY r.seq"
	if field != "title" {
		f := k.Field(field)
		if f == nil || !f.HasColumn() {
			return nil, fmt.Errorf("%s has no field %q to look records up by", k.Plural, field)
		}
		query = fmt.Sprintf("SELECT t.%s, r.id FROM records r JOIN %s t ON t.id = r.id WHERE r.kind = ? AND t.%s IS NOT NULL ORDER BY r.seq", f.Key, k.Table, f.Key)
	}
	rows, err := s.under(ctx).Query(query, k.Name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var v, id string
		if err := rows.Scan(&v, &id); err != nil {
			return nil, err
		}
		out[v] = append(out[v], id)
	}
	return out, rows.Err()
}
