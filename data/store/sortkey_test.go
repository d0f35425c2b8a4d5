package store

import (
	"context"
	"path/filepath"
	"sort"
	"testing"

	"convenor/data"
)

func TestSortKeyCountsLikePeople(t *testing.T) {
	want := []string{"", "2nd round", "10th round", "actor", "Actor 2", "actor 02b", "Actor 10", "Actor 10a", "Actor 100", "Round 9 session 3", "Round 9 session 12", "Zürich", "ایران"}
	got := append([]string(nil), want...)
	sort.SliceStable(got, func(i, j int) bool { return sortKey(got[i]) < sortKey(got[j]) })
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sorted: %q\nwant:   %q", got, want)
		}
	}
}

// The list puts "Actor 2" before "Actor 10", either way round, and a
// workspace written before the key existed gets it on upgrade.
func TestListsSortTitlesNaturally(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "older.convenor")
	s, err := Create(path, "older")
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Actor 10", "Actor 2", "actor 1", "Actor 100"} {
		minimal(t, s, data.Actor, title)
	}
	titles := func(desc bool) []string {
		recs, err := s.List(ctx, data.Query{Kind: data.Actor, Desc: desc})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range recs {
			out = append(out, r.Title)
		}
		return out
	}
	check := func(when string) {
		t.Helper()
		if got := titles(false); len(got) != 4 || got[0] != "actor 1" || got[1] != "Actor 2" || got[2] != "Actor 10" || got[3] != "Actor 100" {
			t.Errorf("%s, ascending: %q", when, got)
		}
		if got := titles(true); len(got) != 4 || got[0] != "Actor 100" || got[3] != "actor 1" {
			t.Errorf("%s, descending: %q", when, got)
		}
	}
	check("new")
	// As the older format had it: no key.
	downgrade(t, s, 11)
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check("upgraded")
}
