package store

import (
	"context"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

// The calendar of the demo's next two months: its engagements by start,
// its follow-ups by due date; a cap leaves out what is above it.
func TestTheCalendar(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	now := time.Now().UTC()
	if err := demo.Fill(s, now); err != nil {
		t.Fatal(err)
	}
	from, to := now.AddDate(0, -1, 0), now.AddDate(0, 2, 0)
	all, err := s.Calendar(ctx, from, to, data.TLPRed)
	if err != nil {
		t.Fatal(err)
	}
	engagements, followUps := 0, 0
	for _, e := range all {
		switch {
		case e.Due != "":
			followUps++
			if e.Due < from.Format(data.DateLayout) || e.Due >= to.Format(data.DateLayout) || e.Action == "" {
				t.Errorf("follow-up %+v", e)
			}
		default:
			engagements++
			if e.Starts.Before(from) || !e.Starts.Before(to) {
				t.Errorf("engagement %q at %v", e.Title, e.Starts)
			}
		}
	}
	if engagements == 0 || followUps == 0 {
		t.Fatalf("%d engagements, %d follow-ups (test is blind)", engagements, followUps)
	}
	green, _ := s.Calendar(ctx, from, to, data.TLPGreen)
	for _, e := range green {
		if e.TLP.Rank() > data.TLPGreen.Rank() {
			t.Errorf("%q labelled %s under TLP:GREEN", e.Title, e.TLP)
		}
	}
	if len(green) >= len(all) {
		t.Error("the cap left out nothing (test is blind)")
	}
}
