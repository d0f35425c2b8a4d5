package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"convenor/data"
)

// BenchmarkCalendar reads a month of a workspace holding 10,000
// engagements over ten years, each with two follow-up actions; bare
// SQLite runs the same queries.
func BenchmarkCalendar(b *testing.B) {
	s, err := Create(filepath.Join(b.TempDir(), "engagements.convenor"), "engagements")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	base := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if err := s.write("filling", func(tx *sql.Tx) error {
		for i := 0; i < 10000; i++ {
			r := data.NewRecord(data.Engagement)
			r.ID, r.Title = fmt.Sprintf("eng-%05d", i), fmt.Sprintf("Meeting %d", i)
			starts := base.Add(-time.Duration(i) * 8 * time.Hour)
			r.Values["eng_type"], r.Values[data.FieldStarts] = "meeting", starts
			r.Values[data.FieldFollowUps] = []data.FollowUp{
				{Action: "Send the readout", Owner: "Desk", Due: starts.AddDate(0, 0, 3).Format(data.DateLayout), Status: "open"},
				{Action: "Brief the director", Owner: "Desk", Due: starts.AddDate(0, 0, 7).Format(data.DateLayout), Status: "done"},
			}
			if err := s.insert(tx, r, "create"); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
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
