package data

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// A record's state is what the audit trail commits to: each entry that
// creates or changes a record carries the hash of the record's whole
// content after the change, so content changed outside Convenor (a TLP
// label lowered with sqlite3, a link added) no longer matches the entry
// that last wrote it. What is derived when the record is read (the titles
// and kinds of linked records) is left out, so renaming a linked record
// does not change this one.

// Canonical is r's content in one fixed form: each part length-prefixed
// (no two different records give the same bytes), fields by key in sorted
// order (a kind's description may be reordered), times in UTC to the
// nanosecond, links as id and role in order, follow-up actions whole.
// Verify hashes 100,000 of these, so it is built by hand, not by
// reflection.
func (r *Record) Canonical() []byte {
	b := make([]byte, 0, 512)
	part := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
		b = append(b, ';')
	}
	for _, s := range []string{r.ID, r.Kind.Name, r.Title, string(r.TLP), r.Notes,
		stateTime(r.CreatedAt), r.CreatedBy, stateTime(r.UpdatedAt), r.UpdatedBy} {
		part(s)
	}
	part("tags " + strconv.Itoa(len(r.Tags)))
	for _, t := range r.Tags {
		part(t)
	}
	// Only a record with attachments says so: the states of every record
	// written before attachments existed stay as their entries hold them.
	if len(r.Attachments) > 0 {
		part("attachments " + strconv.Itoa(len(r.Attachments)))
		for _, a := range r.Attachments {
			for _, s := range []string{a.ID, a.Name, a.Type, strconv.FormatInt(a.Size, 10), a.SHA256, stateTime(a.AddedAt), a.AddedBy} {
				part(s)
			}
		}
	}
	keys := make([]string, 0, len(r.Values))
	for k, v := range r.Values {
		if v != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		part(k)
		switch x := r.Values[k].(type) {
		case string:
			part("s" + x)
		case int64:
			part("i" + strconv.FormatInt(x, 10))
		case bool:
			part("b" + strconv.FormatBool(x))
		case float64:
			part("f" + strconv.FormatFloat(x, 'g', -1, 64))
		case time.Time:
			part("t" + stateTime(x))
		case []Link:
			part("l" + strconv.Itoa(len(x)))
			for _, l := range x {
				part(l.ID)
				part(l.Role)
			}
		case []ContactPoint:
			part("c" + strconv.Itoa(len(x)))
			for _, c := range x {
				for _, s := range []string{c.ID, c.Kind, c.Value, c.Label, string(c.TLP)} {
					part(s)
				}
			}
		case []FollowUp:
			part("u" + strconv.Itoa(len(x)))
			for _, a := range x {
				for _, s := range []string{a.ID, a.Action, a.Owner, a.Due, a.Status} {
					part(s)
				}
			}
		default:
			part(fmt.Sprintf("%T %v", x, x))
		}
	}
	return b
}

// State is the hash of r's canonical form, as the audit trail records it.
func (r *Record) State() string {
	sum := sha256.Sum256(r.Canonical())
	return hex.EncodeToString(sum[:])
}

func stateTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
