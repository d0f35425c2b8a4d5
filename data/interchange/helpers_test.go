package interchange

import (
	"path/filepath"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/store"
)

var testNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// newStore creates a fresh workspace file in the test's own folder.
func newStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Create(filepath.Join(t.TempDir(), "ws.convenor"), "test")
	if err != nil {
		t.Fatal(err)
	}
	s.User = "tester"
	t.Cleanup(func() { s.Close() })
	return s
}

// minimal inserts a record of kind k with its required fields set to the
// first value each allows (actors and signals need no other records).
func minimal(t testing.TB, s *store.Store, k *data.Kind, title string) *data.Record {
	t.Helper()
	r := data.NewRecord(k)
	r.Title = title
	for i := range k.Fields {
		f := &k.Fields[i]
		if !f.Required || r.Values[f.Key] != nil {
			continue
		}
		switch f.Type {
		case data.Choice:
			r.Values[f.Key] = f.Choices[0]
		case data.Int:
			r.Values[f.Key] = int64(f.Min)
		case data.Date:
			r.Values[f.Key] = "2027-02-28"
		default:
			t.Fatalf("minimal: no sample for %s", f.Label)
		}
	}
	if err := s.Insert(r); err != nil {
		t.Fatalf("minimal %s: %v", k.Label, err)
	}
	return r
}

// secrets are texts of the demo that must never appear in a sealed file.
var secrets = []string{"Islamabad", "Pakistan", "Tehran", "envoy", "ایران", "ישראל", "Lahore", "Pakistani envoy", "DEMO —", "back-channel", "cleric"}
