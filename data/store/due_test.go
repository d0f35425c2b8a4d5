package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"convenor/data"
)

// The due list holds open follow-ups and open records whose review or
// target date has come, up to the horizon, oldest first; what is closed
// (by the kind's own Closed choices) or later is left out.
func TestDueListsWhatNeedsAttention(t *testing.T) {
	s := newStore(t)
	today := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
	set := func(k *data.Kind, title string, values map[string]any) *data.Record {
		t.Helper()
		r := minimal(t, s, k, title)
		for key, v := range values {
			r.Values[key] = v
		}
		if err := s.Update(r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	set(data.Risk, "Leak of participants' names", map[string]any{"next_review": day(-3), "status": "open"})
	set(data.Risk, "Closed risk", map[string]any{"next_review": day(-10), "status": "closed"})
	set(data.Risk, "Later risk", map[string]any{"next_review": day(40), "status": "monitoring"})
	set(data.Commitment, "Logistics for the talks", map[string]any{"review_date": day(5), "status": "pledged"})
	set(data.Commitment, "Fulfilled pledge", map[string]any{"review_date": day(1), "status": "fulfilled"})
	set(data.Milestone, "Ceasefire in place", map[string]any{"target_date": day(0), "status": "in progress"})
	set(data.Engagement, "Islamabad meeting", map[string]any{"follow_ups": []data.FollowUp{
		{Action: "Send invitations", Owner: "Programme manager", Due: day(2), Status: "open"},
		{Action: "Book the hall", Due: day(-1), Status: "done"},
		{Action: "Brief the minister", Due: day(30), Status: "open"},
	}})
	items, err := s.Due(context.Background(), today, today.AddDate(0, 0, 14))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		mark := ""
		if it.Overdue {
			mark = "!"
		}
		got = append(got, mark+it.Date+" "+it.Kind.Label+" "+it.What+": "+it.Title)
	}
	want := []string{
		"!" + day(-3) + " Risk Next review: Leak of participants' names",
		day(0) + " Milestone Target date: Ceasefire in place",
		day(2) + " Engagement Follow-up: Send invitations (Programme manager): Islamabad meeting",
		day(5) + " Commitment Review date: Logistics for the talks",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("due:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
