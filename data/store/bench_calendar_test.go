package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"convenor/data"
)

// BenchmarkCalendar reads a month of a workspace holding 10,000
// engagements over ten years, each with two follow-up actions; bare
// SQLite runs the same queries.
func BenchmarkCalendar(b *testing.B) {
	base := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	s := benchFilled(b, 10000, func(i int) *data.Record {
		r := data.NewRecord(data.Engagement)
		r.ID, r.Title = fmt.Sprintf("eng-%05d", i), fmt.Sprintf("Meeting %d", i)
		starts := base.Add(-time.Duration(i) * 8 * time.Hour)
		r.Values["eng_type"], r.Values[data.FieldStarts] = "meeting", starts
		r.Values[data.FieldFollowUps] = []data.FollowUp{
			{Action: "Send the readout", Owner: "Desk", Due: starts.AddDate(0, 0, 3).Format(data.DateLayout), Status: "open"},
			{Action: "Brief the director", Owner: "Desk", Due: starts.AddDate(0, 0, 7).Format(data.DateLayout), Status: "done"},
		}
		return r
	})
	ctx := context.Background()
	from, to := time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	q := calendarQueries(from, to, data.TLPRed)
	compare(b, func(int) {
		if es, err := s.Calendar(ctx, from, to, data.TLPRed); err != nil || len(es) == 0 {
			b.Fatal(err)
		}
	}, func(int) {
		bare(b, s.db, q.engagements.sql, q.engagements.args...)
		bare(b, s.db, q.followUps.sql, q.followUps.args...)
	})
}
