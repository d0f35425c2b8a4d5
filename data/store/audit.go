package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"convenor/data"
)

// textForm lists a record's fields in text form, common fields first.
func textForm(r *data.Record) map[string]string {
	m := map[string]string{
		"title": strings.TrimSpace(r.Title),
		"tlp":   string(r.TLP),
		"tags":  strings.Join(r.Tags, ", "),
		"notes": r.Notes,
	}
	if len(r.Attachments) > 0 {
		files := make([]string, len(r.Attachments))
		for i, a := range r.Attachments {
			files[i] = a.String()
		}
		m[data.FieldAttachments] = strings.Join(files, "; ")
	}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		if f.Writable() {
			m[f.Key] = data.FormatValue(f, r.Values[f.Key])
		}
	}
	return m
}

// diff returns the fields that differ between two versions of a record;
// before is nil for a create and after is nil for a delete.
func diff(before, after *data.Record) map[string][2]string {
	var b, a map[string]string
	if before != nil {
		b = textForm(before)
	}
	if after != nil {
		a = textForm(after)
	}
	out := map[string][2]string{}
	for k, v := range a {
		if b[k] != v {
			out[k] = [2]string{b[k], v}
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok && v != "" {
			out[k] = [2]string{v, ""}
		}
	}
	return out
}

// auditRecord appends the entry for a change to r. Unless r was deleted,
// the entry carries the state of r as the workspace now holds it, read
// back in the same transaction, so it is exactly what a later read will
// hash.
func (s *Store) auditRecord(tx *sql.Tx, at time.Time, h how, r *data.Record, changes map[string][2]string) error {
	var state string
	if h.action != "delete" {
		now, err := get(tx, r.ID)
		if err != nil {
			return err
		}
		state = now.State()
	}
	return s.auditState(tx, at, h, r, changes, state)
}

// auditState appends the entry for a change to r, given the state of r as
// the workspace now holds it.
func (s *Store) auditState(tx *sql.Tx, at time.Time, h how, r *data.Record, changes map[string][2]string, state string) error {
	action := h.action
	if h.file != "" {
		changes[fieldImportedFrom] = [2]string{"", h.file}
	}
	if sig := h.signed[r.ID]; sig != nil {
		sig.into(changes)
	}
	b, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	return appendAudit(tx, s.file.chainKey(), at.Format(timeLayout), s.User, action, r.Kind.Name, r.ID, strings.TrimSpace(r.Title), string(b), state)
}

// auditWorkspace records a change to the workspace itself: what changed,
// with before and after values where there are any.
func (s *Store) auditWorkspace(tx *sql.Tx, what string, changes map[string][2]string) error {
	s.changedWorkspace()
	if changes == nil {
		changes = map[string][2]string{}
	}
	b, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	return appendAudit(tx, s.file.chainKey(), s.Now().UTC().Format(timeLayout), s.User, "workspace", "workspace", "", what, string(b), "")
}

// History returns the audit entries of one record, newest first.
func (s *Store) History(id string) ([]data.AuditEntry, error) {
	return s.audit(s.db, "WHERE record_id = ? ORDER BY seq DESC", id)
}

// AuditLog returns entries of the whole trail, newest first, skipping the
// offset newest.
func (s *Store) AuditLog(ctx context.Context, offset, limit int) ([]data.AuditEntry, error) {
	return s.audit(s.under(ctx), "ORDER BY seq DESC LIMIT ? OFFSET ?", limit, offset)
}

// AuditCount is how many entries the trail holds.
func (s *Store) AuditCount() (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM audit").Scan(&n)
	return n, err
}

// TrailLabel is the TLP label the whole trail must carry: it names every
// record there ever was, so the most restrictive label any record has had,
// deleted ones included.
func (s *Store) TrailLabel() (data.TLP, error) {
	rows, err := s.db.Query(`SELECT tlp FROM records
		UNION SELECT t.value FROM audit, json_each(audit.changes, '$.tlp') AS t`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var labels []data.TLP
	for rows.Next() {
		var l sql.NullString
		if err := rows.Scan(&l); err != nil {
			return "", err
		}
		labels = append(labels, data.TLP(l.String))
	}
	return data.MostRestrictive(labels...), rows.Err()
}

func (s *Store) audit(db queryer, tail string, args ...any) ([]data.AuditEntry, error) {
	return collect(db, func(rows *sql.Rows, e *data.AuditEntry) error {
		var at, kind, changes string
		if err := rows.Scan(&e.Seq, &at, &e.User, &e.Action, &kind, &e.RecordID, &e.Title, &changes); err != nil {
			return err
		}
		e.At, _ = time.Parse(timeLayout, at)
		e.Kind = data.KindByName(kind)
		var m map[string][2]string
		_ = json.Unmarshal([]byte(changes), &m)
		for key, v := range m {
			e.Changes = append(e.Changes, data.Change{Field: key, Label: fieldLabel(e.Kind, key), Before: v[0], After: v[1]})
		}
		sortChanges(e.Kind, e.Changes)
		return nil
	}, "SELECT seq, at, user, action, kind, record_id, title, changes FROM audit "+tail, args...)
}

// sortChanges puts changes in the order the kind's form shows the fields.
func sortChanges(k *data.Kind, cs []data.Change) {
	order := map[string]int{fieldSignedBy: -2, fieldImportedFrom: -1, "title": 0, "tlp": 1,
		fieldSignerKey: 2000, fieldDigest: 2001, fieldSignature: 2002}
	if k != nil {
		for i, f := range k.Fields {
			order[f.Key] = i + 2
		}
	}
	order["tags"], order["notes"], order[data.FieldAttachments], order[fieldOpened] = 1000, 1001, 1002, 1003
	sort.Slice(cs, func(i, j int) bool { return order[cs[i].Field] < order[cs[j].Field] })
}

func fieldLabel(k *data.Kind, key string) string {
	switch key {
	case "title":
		if k != nil {
			return k.TitleLabel
		}
		return "Title"
	case "tlp":
		return "TLP label"
	case "tags":
		return "Tags"
	case "notes":
		return "Notes"
	case data.FieldAttachments:
		return "Attachments"
	case fieldOpened:
		return "Opened for viewing"
	case fieldImportedFrom:
		return "Imported from"
	case fieldSignedBy:
		return "Signed by"
	case fieldSignerKey:
		return "Author's key"
	case fieldDigest:
		return "Version (SHA-256)"
	case fieldSignature:
		return "Signature"
	}
	if k != nil {
		if f := k.Field(key); f != nil {
			return f.Label
		}
	}
	return key
}
