package store

import (
	"context"
	"math"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

// The dashboard of the demo: each part holds what the records say, the
// escalation index the SQL sums is the one data.EscalationIndex computes
// from the signals themselves, and a cap leaves out what is above it.
func TestTheDashboardOfTheDemo(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	now := time.Now()
	if err := demo.Fill(s, now); err != nil {
		t.Fatal(err)
	}
	// The demo's conference is 30 days ahead at Islamabad, which late in a
	// UTC evening is already the 31st day here: one certainly in range.
	soon := data.NewRecord(data.Engagement)
	soon.Title, soon.Values["eng_type"], soon.Values[data.FieldStarts] = "Call with the Omani intermediary", "call", now.Add(50*time.Hour).UTC()
	if err := s.Insert(soon); err != nil {
		t.Fatal(err)
	}
	d, err := s.Dashboard(ctx, now, data.TLPRed)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Upcoming) == 0 || d.Upcoming[0].Title != soon.Title || len(d.Overdue) == 0 || len(d.TopRisks) != data.DashboardRisks || len(d.Phases) == 0 || len(d.Escalation) != data.DashboardBack {
		t.Fatalf("dashboard: %d upcoming, %d overdue, %d risks, %d phases, %d days", len(d.Upcoming), len(d.Overdue), len(d.TopRisks), len(d.Phases), len(d.Escalation))
	}
	for i, u := range d.Upcoming {
		if u.Starts.Before(now.Add(-time.Minute)) || u.Starts.After(now.AddDate(0, 0, data.DashboardAhead+1)) || i > 0 && u.Starts.Before(d.Upcoming[i-1].Starts) {
			t.Errorf("upcoming %q at %v", u.Title, u.Starts)
		}
	}
	for i, r := range d.TopRisks {
		if r.Status == "closed" || i > 0 && r.Score() > d.TopRisks[i-1].Score() {
			t.Errorf("risk %d: %+v", i, r)
		}
	}
	total := 0
	for _, n := range d.ByLabel {
		total += n
	}
	counts, _ := s.Counts(ctx)
	all := 0
	for _, n := range counts {
		all += n
	}
	if total != all {
		t.Errorf("counts by label add up to %d, the workspace holds %d", total, all)
	}

	// The index from the signals, computed in Go.
	signals, _ := s.List(ctx, data.Query{Kind: data.Signal, Limit: 1000})
	daily := map[string]float64{}
	for _, sig := range signals {
		r, _ := s.Get(sig.ID)
		daily[r.Text("occurred_on")] += float64(r.Values["severity"].(int64)) * data.SignalWeight(r.Text("reliability"), r.Text("credibility"))
	}
	today := day(now)
	want := data.EscalationIndex(daily, today.AddDate(0, 0, 1-data.DashboardBack), today)
	nonzero := 0
	for i, p := range d.Escalation {
		if p.Day != want[i].Day || math.Abs(p.Index-want[i].Index) > 1e-9 {
			t.Errorf("%s: %v, want %v", p.Day, p.Index, want[i].Index)
		}
		if p.Index != 0 {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Error("the demo's signals give no index at all (test is blind)")
	}

	capped, err := s.Dashboard(ctx, now, data.TLPGreen)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, l data.TLP) {
		if l.Rank() > data.TLPGreen.Rank() {
			t.Errorf("%s labelled %s shows under a TLP:GREEN cap", what, l)
		}
	}
	for _, u := range capped.Upcoming {
		check(u.Title, u.TLP)
	}
	for _, it := range append(capped.Overdue, capped.Reviews...) {
		check(it.Title, it.TLP)
	}
	for _, r := range capped.TopRisks {
		check(r.Title, r.TLP)
	}
	for l := range capped.ByLabel {
		check("a count", l)
	}
	if len(capped.TopRisks) >= len(d.TopRisks) && capped.ByLabel[data.TLPRed] == 0 && d.ByLabel[data.TLPRed] == 0 {
		t.Error("the demo has nothing above TLP:GREEN (test is blind)")
	}
}
