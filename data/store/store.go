package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	sqlite3 "github.com/mattn/go-sqlite3"

	"convenor/data"
)

// queryer is what both *sql.DB and *sql.Tx offer, so reads work inside and
// outside a write transaction.
type queryer interface {
	Query(q string, args ...any) (*sql.Rows, error)
	QueryRow(q string, args ...any) *sql.Row
	Exec(q string, args ...any) (sql.Result, error)
}

// collect runs a query and reads each row into a T with scan. It closes the
// rows and reports an error met while stepping through them, which a loop
// written by hand tends to forget.
func collect[T any](q queryer, scan func(*sql.Rows, *T) error, query string, args ...any) ([]T, error) {
	rows, err := q.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// timeLayout keeps stored instants sortable as text.
const timeLayout = "2006-01-02T15:04:05.000Z"

// Insert validates r and writes it as a new record, in one transaction with
// its audit entry and search-index row. An empty ID gets a fresh UUID; a
// given one is kept (so a deleted record can be brought back under its own).
func (s *Store) Insert(r *data.Record) error {
	if err := s.prepareNew(r); err != nil {
		return err
	}
	return s.write("saving the new "+strings.ToLower(r.Kind.Label), func(tx *sql.Tx) error { return s.insert(tx, r, "create") })
}

// prepareNew tidies a new record's tags, gives it an id if it has none, and
// validates it.
func (s *Store) prepareNew(r *data.Record) error {
	r.Tags = data.NormalizeTags(r.Tags)
	if r.ID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		r.ID = id.String()
	}
	return data.ValidateIn(r, s.Vocabulary())
}

// actionLoad inserts a record as it was read from a sealed file: already
// checked, already audited, times and authors kept. References are checked
// once all are in (deferred foreign keys).
const actionLoad = "load"

// how names the audit entry of a write: its action ("create", "restore",
// "import"…) and, for an import, the file the record came from.
type how struct {
	action, file string
	// unaudited: the caller audits the record later in the transaction
	// (an import reads back many records at once for their entries).
	unaudited bool
	// keepTimes keeps a record's own created and updated times and
	// authors (one restored from an archive).
	keepTimes bool
	// signed are the signatures of versions from other desks, by record.
	signed map[string]*Signature
}

// insert writes r, audited as action says.
func (s *Store) insert(tx *sql.Tx, r *data.Record, action string) error {
	return s.insertAs(tx, r, how{action: action})
}

func (s *Store) insertAs(tx *sql.Tx, r *data.Record, h how) error {
	load := h.action == actionLoad
	if !load {
		if err := checkRefs(tx, r); err != nil {
			return err
		}
	}
	if !load {
		s.changed(r.ID, r.Kind)
	}
	now := s.Now().UTC()
	if !load && !(h.keepTimes && !r.UpdatedAt.IsZero()) {
		if r.CreatedAt.IsZero() {
			r.CreatedAt, r.CreatedBy = now, s.User
		}
		r.UpdatedAt, r.UpdatedBy = now, s.User
	}
	title := strings.TrimSpace(r.Title)
	res, err := tx.Exec(`INSERT INTO records(id, kind, title, sort_key, tlp, tags, notes, created_at, created_by, updated_at, updated_by)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, r.ID, r.Kind.Name, title, sortKey(title), string(r.TLP), tagsJSON(r.Tags), r.Notes,
		r.CreatedAt.Format(timeLayout), r.CreatedBy, r.UpdatedAt.Format(timeLayout), r.UpdatedBy)
	if err != nil {
		if isUnique(err) {
			return fmt.Errorf("a record with id %s already exists", r.ID)
		}
		return err
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return err
	}
	cols := r.Kind.Columns()
	names, marks, args := []string{"id"}, []string{"?"}, []any{r.ID}
	for _, f := range cols {
		if f.Writable() {
			names, marks, args = append(names, f.Key), append(marks, "?"), append(args, toDB(f, r.Values[f.Key]))
		}
	}
	if _, err := tx.Exec(fmt.Sprintf("INSERT INTO %s(%s) VALUES (%s)", r.Kind.Table, strings.Join(names, ","), strings.Join(marks, ",")), args...); err != nil {
		return err
	}
	if err := writeLists(tx, seq, r, false); err != nil {
		return err
	}
	if err := s.writeAttachments(tx, r, nil, load); err != nil {
		return err
	}
	if err := index(tx, seq, r, false); err != nil {
		return err
	}
	if load || h.unaudited {
		return nil
	}
	return s.auditRecord(tx, now, h, r, diff(nil, r))
}

// Update validates r and writes its changes over the stored record, with an
// audit entry of each field's before and after. Nothing is written when
// nothing changed.
func (s *Store) Update(r *data.Record) error {
	r.Tags = data.NormalizeTags(r.Tags)
	if err := data.ValidateIn(r, s.Vocabulary()); err != nil {
		return err
	}
	return s.write("saving the "+strings.ToLower(r.Kind.Label), func(tx *sql.Tx) error { return s.update(tx, r) })
}

func (s *Store) update(tx *sql.Tx, r *data.Record) error {
	return s.updateAs(tx, r, how{action: "update"})
}

func (s *Store) updateAs(tx *sql.Tx, r *data.Record, h how) error {
	before, err := get(tx, r.ID)
	if err != nil {
		return err
	}
	if before.Kind != r.Kind {
		return fmt.Errorf("record %s is a %s, not a %s", r.ID, before.Kind.Label, r.Kind.Label)
	}
	if err := checkRefs(tx, r); err != nil {
		return err
	}
	s.changed(r.ID, r.Kind)
	changes := diff(before, r)
	if len(changes) == 0 {
		*r = *before
		return nil
	}
	now := s.Now().UTC()
	if !(h.keepTimes && !r.UpdatedAt.IsZero()) {
		r.CreatedAt, r.CreatedBy = before.CreatedAt, before.CreatedBy
		r.UpdatedAt, r.UpdatedBy = now, s.User
	}
	var seq int64
	title := strings.TrimSpace(r.Title)
	if err := tx.QueryRow(`UPDATE records SET title=?, sort_key=?, tlp=?, tags=?, notes=?, updated_at=?, updated_by=? WHERE id=? RETURNING seq`,
		title, sortKey(title), string(r.TLP), tagsJSON(r.Tags), r.Notes, r.UpdatedAt.Format(timeLayout), r.UpdatedBy, r.ID).Scan(&seq); err != nil {
		return err
	}
	var sets []string
	var args []any
	for _, f := range r.Kind.Columns() {
		if f.Writable() {
			sets, args = append(sets, f.Key+"=?"), append(args, toDB(f, r.Values[f.Key]))
		}
	}
	if _, err := tx.Exec(fmt.Sprintf("UPDATE %s SET %s WHERE id=?", r.Kind.Table, strings.Join(sets, ",")), append(args, r.ID)...); err != nil {
		return err
	}
	if err := writeLists(tx, seq, r, true); err != nil {
		return err
	}
	if err := s.writeAttachments(tx, r, before, false); err != nil {
		return err
	}
	if err := index(tx, seq, r, true); err != nil {
		return err
	}
	// Again: a file read in is named in the entry as it was stored.
	return s.auditRecord(tx, now, h, r, diff(before, r))
}

// Delete removes a record. Other records that point to it lose that link
// through an ordinary, audited update in the same transaction, and the
// deleted record's every field is kept in its audit entry. A record that
// requires the link (a relationship's actors) refuses the delete with a
// *DependantsError; DeleteWithDependants deletes it too. The returned Edit
// holds what Undo needs to bring it all back.
func (s *Store) Delete(id string) (*data.Edit, error) {
	edits, err := s.DeleteAll([]string{id})
	if err != nil {
		return nil, err
	}
	return edits[0], nil
}

// DeleteAll deletes several records in one transaction: all or none. A
// record in the set may point to another in the set; only records outside
// it that require one of them refuse the delete.
func (s *Store) DeleteAll(ids []string) ([]*data.Edit, error) { return s.deleteInOne(ids, false) }

func (s *Store) delete(tx *sql.Tx, id string) (*data.Edit, error) {
	return s.deleteAs(tx, id, how{action: "delete"})
}

// deleteAs deletes as delete does, audited as h says (a deletion taken in
// from another desk carries its author's signature).
func (s *Store) deleteAs(tx *sql.Tx, id string, h how) (*data.Edit, error) {
	before, err := get(tx, id)
	if err != nil {
		return nil, err
	}
	s.changed(id, before.Kind)
	e := &data.Edit{Before: before}
	refs, err := referrers(tx, id)
	if err != nil {
		return nil, err
	}
	for _, other := range refs {
		if other == id {
			continue
		}
		rec, err := get(tx, other)
		if err != nil {
			return nil, err
		}
		e.Unlinked = append(e.Unlinked, rec.Clone())
		dropReferences(rec, id)
		// Never leave a record failing its own rules: one that needed the
		// link refuses the delete (DeleteWithDependants removes it first).
		if data.ValidateIn(rec, s.Vocabulary()) != nil {
			deps, err := dependants(tx, []string{id})
			if err != nil {
				return nil, err
			}
			var required []data.Dependant
			for _, d := range deps {
				if d.Required {
					required = append(required, d)
				}
			}
			return nil, &data.DependantsError{Required: required}
		}
		if err := s.update(tx, rec); err != nil {
			return nil, err
		}
	}
	var seq int64
	if err := tx.QueryRow("DELETE FROM records WHERE id=? RETURNING seq", id).Scan(&seq); err != nil {
		return nil, err
	}
	if _, err := tx.Exec("DELETE FROM search WHERE rowid=?", seq); err != nil {
		return nil, err
	}
	return e, s.auditRecord(tx, s.Now().UTC(), h, before, diff(before, nil))
}

// write runs fn in one transaction: all of it is written or none of it.
// In a sealed workspace the sealed form of what changed is written to the
// file in the same transaction. Once committed, subscribers are told what
// changed.
func (s *Store) write(op string, fn func(tx *sql.Tx) error) error {
	c, err := s.writeTx(fn)
	if err != nil {
		return failed(op, err, true)
	}
	s.notify(c)
	return nil
}

func (s *Store) writeTx(fn func(tx *sql.Tx) error) (*changes, error) {
	if s.readOnly {
		return nil, errors.New("this workspace is open read-only")
	}
	s.notes.writing.Lock()
	defer s.notes.writing.Unlock()
	c := &changes{ids: map[string]*data.Kind{}}
	s.notes.pending = c
	defer func() { s.notes.pending = nil }()
	tx, err := s.db.Begin()
	if err != nil {
		return nil, classify(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return nil, err
	}
	if err := s.queueChanges(tx, c); err != nil {
		tx.Rollback()
		return nil, err
	}
	committed, err := s.file.keep(tx, c.ids)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	committed()
	return c, nil
}

// writeLists stores r's Links, FollowUps and tags (a row per tag in
// record_tags, under the record's seq), replacing what was stored when
// replace is set (an update).
func writeLists(tx *sql.Tx, seq int64, r *data.Record, replace bool) error {
	if replace { // a new record has nothing to clear
		for _, clear := range []string{"DELETE FROM links WHERE from_id=?", "DELETE FROM follow_ups WHERE engagement_id=?", "DELETE FROM contact_points WHERE actor_id=?"} {
			if _, err := tx.Exec(clear, r.ID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec("DELETE FROM record_tags WHERE seq=?", seq); err != nil {
			return err
		}
	}
	for _, tag := range r.Tags {
		if _, err := tx.Exec("INSERT OR IGNORE INTO record_tags(tag, seq) VALUES (?, ?)", tag, seq); err != nil {
			return err
		}
	}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case data.Links:
			for pos, l := range r.Links(f.Key) {
				if _, err := tx.Exec("INSERT INTO links(from_id, field, position, to_id, role) VALUES (?,?,?,?,?)", r.ID, f.Key, pos, l.ID, l.Role); err != nil {
					return err
				}
			}
		case data.FollowUps:
			acts := r.FollowUps()
			for pos := range acts {
				a := &acts[pos]
				if a.ID == "" {
					a.ID = uuid.NewString()
				}
				if _, err := tx.Exec("INSERT INTO follow_ups(id, engagement_id, position, action, owner, due, status) VALUES (?,?,?,?,?,?,?)",
					a.ID, r.ID, pos, strings.TrimSpace(a.Action), strings.TrimSpace(a.Owner), nullable(a.Due), a.Status); err != nil {
					return err
				}
			}
		case data.Contacts:
			points := r.Contacts()
			for pos := range points {
				c := &points[pos]
				if c.ID == "" {
					c.ID = uuid.NewString()
				}
				if _, err := tx.Exec("INSERT INTO contact_points(id, actor_id, position, kind, value, label, tlp) VALUES (?,?,?,?,?,?,?)",
					c.ID, r.ID, pos, c.Kind, strings.TrimSpace(c.Value), strings.TrimSpace(c.Label), string(c.TLP)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkRefs makes sure every Ref and Links value names an existing record of
// the right kind, and fills in link titles for the audit entry.
func checkRefs(tx *sql.Tx, r *data.Record) error {
	e := &data.ValidationError{}
	kindOf := func(id string) (string, string, bool) {
		var kind, title string
		err := tx.QueryRow("SELECT kind, title FROM records WHERE id=?", id).Scan(&kind, &title)
		return kind, title, err == nil
	}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case data.Ref:
			id, _ := r.Values[f.Key].(string)
			if id == "" {
				continue
			}
			kind, _, ok := kindOf(id)
			if !ok {
				e.Add(f.Key, f.Label, "points to a record that does not exist")
			} else if f.Target != "" && kind != f.Target {
				e.Add(f.Key, f.Label, "must be %s, not %s", article(data.KindByName(f.Target).Label), article(data.KindByName(kind).Label))
			}
		case data.Links:
			links := r.Links(f.Key)
			for j := range links {
				kind, title, ok := kindOf(links[j].ID)
				if !ok {
					e.Add(f.Key, f.Label, "entry %d points to a record that does not exist", j+1)
					break
				}
				if f.Target != "" && kind != f.Target {
					e.Add(f.Key, f.Label, "entry %d must be %s, not %s", j+1, article(data.KindByName(f.Target).Label), article(data.KindByName(kind).Label))
					break
				}
				links[j].Title, links[j].Kind = title, kind
			}
		}
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// referrers lists the records whose Ref or Links fields point to id.
func referrers(q queryer, id string) ([]string, error) {
	var parts []string
	var args []any
	for _, k := range data.Kinds {
		for _, f := range k.Columns() {
			if f.Type == data.Ref {
				parts = append(parts, fmt.Sprintf("SELECT id FROM %s WHERE %s = ?", k.Table, f.Key))
				args = append(args, id)
			}
		}
	}
	parts = append(parts, "SELECT from_id FROM links WHERE to_id = ?")
	args = append(args, id)
	rows, err := q.Query(strings.Join(parts, " UNION "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func dropReferences(r *data.Record, id string) {
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case data.Ref:
			if r.Values[f.Key] == id {
				delete(r.Values, f.Key)
			}
		case data.Links:
			var kept []data.Link
			for _, l := range r.Links(f.Key) {
				if l.ID != id {
					kept = append(kept, l)
				}
			}
			r.Values[f.Key] = kept
		}
	}
}

// isUnique tells a uniqueness violation by SQLite's extended error code.
func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

func toDB(f *data.Field, v any) any {
	switch t := v.(type) {
	case nil:
		return nil
	case string:
		return nullable(t)
	case bool:
		if t {
			return 1
		}
		return 0
	case time.Time:
		return t.UTC().Format(timeLayout)
	}
	return v
}

func fromDB(f *data.Field, v any) any {
	if v == nil {
		return nil
	}
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	switch f.Type {
	case data.Bool:
		n, _ := v.(int64)
		return n != 0
	case data.Float:
		if n, ok := v.(int64); ok {
			return float64(n)
		}
	case data.DateTime:
		s, _ := v.(string)
		t, err := time.Parse(timeLayout, s)
		if err != nil {
			return nil
		}
		return t
	}
	return v
}

func nullable(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.TrimSpace(s)
}

func tagsJSON(tags []string) string {
	if tags == nil {
		tags = []string{}
	}
	b, _ := json.Marshal(tags)
	return string(b)
}

func article(s string) string {
	if strings.ContainsAny(strings.ToLower(s[:1]), "aeiou") {
		return "an " + s
	}
	return "a " + s
}

// InsertAll validates every record, then writes them all in one
// transaction, each with its audit entry: all of them or, on the first
// error, none.
func (s *Store) InsertAll(recs []*data.Record) error {
	for _, r := range recs {
		if err := s.prepareNew(r); err != nil {
			return fmt.Errorf("%s “%s”: %w", r.Kind.Label, r.Title, err)
		}
	}
	return s.write("saving the records", func(tx *sql.Tx) error {
		for _, r := range recs {
			if err := s.insert(tx, r, "create"); err != nil {
				return err
			}
		}
		return nil
	})
}

// bound runs every statement under ctx: cancelling it (a newer question
// asked, the window closed) interrupts SQLite at its next step.
type bound struct {
	ctx context.Context
	db  *sql.DB
}

func (b bound) Query(q string, args ...any) (*sql.Rows, error) {
	return b.db.QueryContext(b.ctx, q, args...)
}
func (b bound) QueryRow(q string, args ...any) *sql.Row {
	return b.db.QueryRowContext(b.ctx, q, args...)
}
func (b bound) Exec(q string, args ...any) (sql.Result, error) {
	return b.db.ExecContext(b.ctx, q, args...)
}

// under is the store's database with every statement run under ctx.
func (s *Store) under(ctx context.Context) queryer { return bound{ctx, s.db} }
