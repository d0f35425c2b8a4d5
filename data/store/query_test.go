package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

var testNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func TestListFiltersSortsAndPages(t *testing.T) {
	s := newStore(t)
	for i := 0; i < 30; i++ {
		r := data.NewRecord(data.Signal)
		r.Title = fmt.Sprintf("Signal %02d", i)
		r.Values["occurred_on"] = testNow.AddDate(0, 0, -i).Format(data.DateLayout)
		r.Values["signal_type"] = []string{"maritime", "cyber", "proxy"}[i%3]
		r.Values["severity"] = int64(i%11 - 5)
		r.TLP = data.TLPLabels[i%5]
		if i%2 == 0 {
			r.Tags = []string{"gulf"}
		}
		if i == 7 {
			r.Values["summary"] = "tanker boarded near Hormuz"
		}
		if err := s.Insert(r); err != nil {
			t.Fatal(err)
		}
	}
	check := func(q data.Query, want int) []*data.Record {
		t.Helper()
		q.Kind = data.Signal
		got, err := s.List(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.Count(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%+v: count %d, want %d", q, n, want)
		}
		return got
	}
	page := check(data.Query{Sort: "title", Limit: 10, Offset: 10}, 30)
	if len(page) != 10 || page[0].Title != "Signal 10" || page[9].Title != "Signal 19" {
		t.Errorf("second page by title: %s … %s", page[0].Title, page[len(page)-1].Title)
	}
	page = check(data.Query{Sort: "severity", Desc: true, Limit: 3}, 30)
	if page[0].Values["severity"] != int64(5) {
		t.Errorf("highest severity first: %v", page[0].Values["severity"])
	}
	page = check(data.Query{Sort: "occurred_on", Limit: 1}, 30)
	if page[0].Title != "Signal 29" {
		t.Errorf("earliest first: %s", page[0].Title)
	}
	check(data.Query{TLP: []data.TLP{data.TLPRed}}, 6)
	check(data.Query{TLP: []data.TLP{data.TLPRed, data.TLPClear}}, 12)
	check(data.Query{Tag: "GULF"}, 15)
	check(data.Query{Equals: map[string]string{"signal_type": "cyber"}}, 10)
	check(data.Query{Equals: map[string]string{"signal_type": "cyber"}, Tag: "gulf"}, 5)
	if got := check(data.Query{Text: "hormu"}, 1); got[0].Title != "Signal 07" {
		t.Errorf("text filter: %s", got[0].Title)
	}
	// Signal i occurred i days before testNow: days 0..4 back, inclusive.
	check(data.Query{From: testNow.AddDate(0, 0, -4).Format(data.DateLayout), To: testNow.Format(data.DateLayout)}, 5)
	check(data.Query{To: testNow.AddDate(0, 0, -25).Format(data.DateLayout)}, 5)
	check(data.Query{DateField: "updated_at", From: time.Now().Format(data.DateLayout)}, 30)
	if _, err := s.List(context.Background(), data.Query{Kind: data.Signal, From: "25/11/2026"}); err == nil {
		t.Error("a date range in the wrong form accepted")
	}
	if _, err := s.List(context.Background(), data.Query{Kind: data.Signal, DateField: "place", From: "2026-01-01"}); err == nil {
		t.Error("a date range on a text field accepted")
	}
	// Choices sort by their text, so an index can serve the order.
	page = check(data.Query{Sort: "signal_type", Limit: 30}, 30)
	if page[0].Values["signal_type"] != "cyber" || page[29].Values["signal_type"] != "proxy" {
		t.Errorf("by kind: %v … %v", page[0].Values["signal_type"], page[29].Values["signal_type"])
	}
	if _, err := s.List(context.Background(), data.Query{Kind: data.Signal, Sort: "nonsense"}); err == nil {
		t.Error("sorting by an unknown field accepted")
	}
	if _, err := s.List(context.Background(), data.Query{Kind: data.Signal, Equals: map[string]string{"reliability": "gossip"}}); err == nil {
		t.Error("filtering by a value that is not a choice accepted")
	}
	counts, _ := s.Counts(context.Background())
	if counts["signal"] != 30 {
		t.Errorf("counts: %v", counts)
	}
}

func TestSearchInputCannotBreakTheQuery(t *testing.T) {
	s := newStore(t)
	minimal(t, s, data.Actor, "Pakistan Ministry of Foreign Affairs")
	for _, q := range []string{`"`, `*`, `AND OR NOT`, `(`, `title:x`, `NEAR(a b)`, `'; DROP TABLE records; --`, ``} {
		if _, err := s.Search(context.Background(), q, 10); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
	if h, _ := s.Search(context.Background(), `ministry "foreign`, 10); len(h) != 1 {
		t.Errorf("words with stray quotes: %v", h)
	}
}

func TestDemoWorkspaceFromTheArticle(t *testing.T) {
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	counts, _ := s.Counts(context.Background())
	for _, k := range data.Kinds {
		if counts[k.Name] == 0 {
			t.Errorf("demo has no %s", k.Plural)
		}
	}
	if s.Meta("name") != demo.Name || s.Meta("demo") != "yes" {
		t.Errorf("demo not named as one: %q", s.Meta("name"))
	}
	// Naming the workspace is a write like any other: audited.
	if n := count(t, s, "SELECT count(*) FROM audit WHERE action = 'workspace' AND changes LIKE ?", "%"+demo.Name+"%"); n != 1 {
		t.Errorf("%d audit entries for naming the workspace", n)
	}
	if h, _ := s.Search(context.Background(), "Islamabad conference", 5); len(h) == 0 {
		t.Error("demo conference not found by search")
	}
	if n := count(t, s, "SELECT count(*) FROM audit WHERE action='create'"); n != count(t, s, "SELECT count(*) FROM records") {
		t.Errorf("%d create entries for the demo records", n)
	}
}

// Every column a list can be sorted by, in either direction, must be served
// by an index: the query that finds a page may not sort the table, and the
// rows are then read by id. (Sorting by a linked record's title is the one
// exception: it is not indexed, and kinds with Ref columns stay small.)
func TestEverySortIsServedByAnIndex(t *testing.T) {
	s := newStore(t)
	for _, k := range data.Kinds {
		keys := []string{"title", "updated_at", "created_at", "tlp"}
		for _, f := range k.Columns() {
			if f.Listed && f.Type != data.Ref {
				keys = append(keys, f.Key)
			}
		}
		for _, key := range keys {
			for _, desc := range []bool{false, true} {
				q := data.Query{Kind: k, Sort: key, Desc: desc, Limit: 100, Offset: 5000}
				sqlText, args, err := pageSQL(q)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := s.db.Query("EXPLAIN QUERY PLAN "+sqlText, args...)
				if err != nil {
					t.Fatal(err)
				}
				var plan []string
				subquery, sorts, byID := -1, false, false
				for rows.Next() {
					var id, parent, unused int
					var detail string
					rows.Scan(&id, &parent, &unused, &detail)
					plan = append(plan, detail)
					switch {
					case strings.HasPrefix(detail, "LIST SUBQUERY"):
						subquery = id
					case parent == subquery && strings.Contains(detail, "TEMP B-TREE"):
						sorts = true
					case parent == 0 && strings.HasPrefix(detail, "SEARCH r") && strings.Contains(detail, "(id=?)"):
						byID = true
					}
				}
				rows.Close()
				if subquery < 0 || sorts || !byID {
					t.Errorf("%s by %s (desc %v): the page is not found through indexes:\n%s", k.Label, key, desc, strings.Join(plan, "\n"))
				}
			}
		}
	}
}

func TestSearchLeavesOutWhatIsAboveTheLabel(t *testing.T) {
	s := newStore(t)
	demo.Fill(s, testNow)
	all, _ := s.SearchUpTo(context.Background(), "demo person", data.TLPRed, 100)
	some, _ := s.SearchUpTo(context.Background(), "demo person", data.TLPAmber, 100)
	if len(some) == 0 || len(some) >= len(all) {
		t.Fatalf("up to AMBER: %d of %d", len(some), len(all))
	}
	for _, h := range some {
		if h.TLP.Rank() < data.TLPAmber.Rank() {
			t.Errorf("%s (%s) found up to TLP:AMBER", h.Title, h.TLP)
		}
	}
}
