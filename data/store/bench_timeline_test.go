package store

import (
	"context"
	"testing"
	"time"

	"convenor/data"
)

// BenchmarkTimeline reads the 100,000-signal workspace as the timeline
// does: all ten years in 400 columns (by bucket), and one month (about
// 820 signals, one by one), each with its escalation index. Bare SQLite
// runs the same queries.
func BenchmarkTimeline(b *testing.B) {
	s := benchWorkspace(b)
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		from, to string
	}{{"ten-years", "2016-11-28", "2026-11-25"}, {"one-month", "2026-10-26", "2026-11-25"}} {
		b.Run(c.name, func(b *testing.B) {
			q := data.TimelineQuery{From: c.from, To: c.to, UpTo: data.TLPRed, Buckets: 400}
			from, _ := time.Parse(data.DateLayout, c.from)
			to, _ := time.Parse(data.DateLayout, c.to)
			tq := timelineQueries(q, from, to)
			compare(b, func(int) {
				if t, err := s.Timeline(ctx, q); err != nil || t.Count == 0 {
					b.Fatal(err)
				}
			}, func(int) {
				n := 0
				s.db.QueryRow(tq.count.sql, tq.count.args...).Scan(&n)
				if n <= data.TimelineLimit {
					bare(b, s.db, tq.signals.sql, tq.signals.args...)
				} else {
					bare(b, s.db, tq.buckets.sql, tq.buckets.args...)
				}
				bare(b, s.db, tq.index.sql, tq.index.args...)
			})
		})
	}
}
