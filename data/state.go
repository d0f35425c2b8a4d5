package data

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// A record's state is what the audit trail commits to: each entry that
// creates or changes a record carries the hash of the record's whole
// content after the change, so content changed outside Convenor (a TLP
// label lowered with sqlite3, a link added) no longer matches the entry
// that last wrote it. What is derived when the record is read (the titles
// and kinds of linked records) is left out, so renaming a linked record
// does not change this one.

// Canonical is r's content in one fixed form: JSON with sorted keys, times
// in UTC to the nanosecond, links as id and role in order, follow-up
// actions whole.
func (r *Record) Canonical() []byte {
	m := map[string]any{
		"id": r.ID, "kind": r.Kind.Name, "title": r.Title, "tlp": string(r.TLP),
		"tags": append([]string{}, r.Tags...), "notes": r.Notes,
		"created_at": stateTime(r.CreatedAt), "created_by": r.CreatedBy,
		"updated_at": stateTime(r.UpdatedAt), "updated_by": r.UpdatedBy,
	}
	values := map[string]any{}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		v := r.Values[f.Key]
		switch x := v.(type) {
		case nil:
			continue
		case []Link:
			links := make([][2]string, len(x))
			for j, l := range x {
				links[j] = [2]string{l.ID, l.Role}
			}
			v = links
		case time.Time:
			v = stateTime(x)
		}
		values[f.Key] = v
	}
	m["values"] = values
	b, err := json.Marshal(m)
	if err != nil {
		panic("a record's values are always JSON: " + err.Error())
	}
	return b
}

// State is the hash of r's canonical form, as the audit trail records it.
func (r *Record) State() string {
	sum := sha256.Sum256(r.Canonical())
	return hex.EncodeToString(sum[:])
}

func stateTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
