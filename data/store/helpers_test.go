package store

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

// newStore creates a fresh workspace file in the test's own folder.
func newStore(t testing.TB) *Store {
	t.Helper()
	s, err := Create(filepath.Join(t.TempDir(), "ws.convenor"), "test")
	if err != nil {
		t.Fatal(err)
	}
	s.User = "tester"
	t.Cleanup(func() { s.Close() })
	return s
}

// minimal returns a valid record of kind k with only its required fields,
// inserting whatever records its required references need.
func minimal(t testing.TB, s *Store, k *data.Kind, title string) *data.Record {
	t.Helper()
	r := data.NewRecord(k)
	r.Title = title
	for i := range k.Fields {
		f := &k.Fields[i]
		if !f.Required || r.Values[f.Key] != nil {
			continue
		}
		r.Values[f.Key] = sample(t, s, f, r)
	}
	if err := s.Insert(r); err != nil {
		t.Fatalf("minimal %s: %v", k.Label, err)
	}
	return r
}

// sample returns a valid, non-default value for any field, creating the
// records a Ref or Links field needs.
func sample(t testing.TB, s *Store, f *data.Field, r *data.Record) any {
	t.Helper()
	target := func(n int) *data.Record {
		k := data.KindByName(f.Target)
		if k == nil {
			k = data.Initiative
		}
		return minimal(t, s, k, f.Label+" target "+string(rune('A'+n)))
	}
	switch f.Type {
	case data.Text:
		return "Text of " + f.Key + " — اسلام آباد"
	case data.LongText:
		return "Line one of " + f.Key + "\nירושלים line two"
	case data.Choice:
		return f.Choices[len(f.Choices)-1]
	case data.Int:
		if f.Bounded() {
			return int64(f.Max)
		}
		return int64(42)
	case data.Float:
		if f.Bounded() {
			return f.Min + 0.25
		}
		return 3.5
	case data.Bool:
		return true
	case data.Date:
		return "2027-02-28"
	case data.DateTime:
		if f.Key == "ends" {
			return time.Date(2027, 3, 2, 15, 30, 0, 0, time.UTC)
		}
		return time.Date(2027, 3, 1, 4, 0, 0, 0, time.UTC)
	case data.TimeZone:
		return "Asia/Tehran"
	case data.Ref:
		return target(0).ID
	case data.Links:
		a, b := target(1), target(2)
		role := ""
		if len(f.Choices) > 0 {
			role = f.Choices[0]
		}
		return []data.Link{{ID: a.ID, Role: role}, {ID: b.ID}}
	case data.FollowUps:
		return []data.FollowUp{{Action: "Send the readout", Owner: "Desk", Due: "2027-03-05", Status: "open"}, {Action: "Thank the host", Status: "done"}}
	case data.Contacts:
		return []data.ContactPoint{{Kind: "email", Value: "envoy@mofa.gov.pk", Label: "office", TLP: r.TLP}, {Kind: "address", Value: "Constitution Avenue\nIslamabad", TLP: data.TLPRed}}
	}
	return nil
}

func count(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// createDemo makes a workspace holding the demo, as the app's first start does.
func createDemo(path, passphrase string, now time.Time) (*Store, error) {
	return CreateFilled(path, demo.Name, passphrase, func(s *Store) error { return demo.Fill(s, now) })
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// downgrade makes an open workspace look as format to wrote it, for the
// tests of each upgrade: each step's new tables, columns and indexes go.
func downgrade(t testing.TB, s *Store, to int) {
	t.Helper()
	undo := map[int][]string{
		7:  {"DROP TABLE record_tags"},
		8:  {"DROP TABLE vault_image"},
		9:  {"ALTER TABLE audit DROP COLUMN state"},
		10: {"ALTER TABLE audit DROP COLUMN keyed"},
		12: {"DROP INDEX records_kind_sort", "ALTER TABLE records DROP COLUMN sort_key", "CREATE INDEX records_kind_title ON records(kind, title COLLATE NOCASE)"},
		13: {"DROP TABLE contact_points"},
		14: {"DROP TABLE attachments", "DROP TABLE attachment_parts", "DROP TABLE vault_attachment_parts"},
		15: {"ALTER TABLE actor DROP COLUMN interest"},
		17: {"DROP INDEX signal_event_ref", "ALTER TABLE signal DROP COLUMN event_ref"},
		18: {"DROP TABLE share_outbox", "DROP TABLE share_versions", "DROP TABLE share_conflicts"},
		19: {"DROP TABLE share_secrets", "DROP TABLE share_held_refs"},
	}
	for v := SchemaVersion; v > to; v-- {
		for _, stmt := range undo[v] {
			if _, err := s.db.Exec(stmt); err != nil {
				t.Fatalf("undoing format %d: %s: %v", v, stmt, err)
			}
		}
	}
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", to)); err != nil {
		t.Fatal(err)
	}
}
