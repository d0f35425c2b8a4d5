package store

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"convenor/data"
)

// BenchmarkDashboard reads the home page of the 100,000-signal workspace:
// about 2,600 signals fall in the escalation index's 96 days. Bare SQLite
// runs the very same queries and only reads their rows.
func BenchmarkDashboard(b *testing.B) {
	s := benchWorkspace(b)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	labels, _ := json.Marshal(data.AtMost(data.TLPRed))
	q := dashboardQueries(now, string(labels))
	compare(b, func(int) {
		d, err := s.Dashboard(ctx, now, data.TLPRed)
		if err != nil || len(d.Escalation) != data.DashboardBack {
			b.Fatal(err)
		}
	}, func(int) {
		for _, q := range []query{q.upcoming, q.overdue, q.risks, q.escalation, q.phases, q.reviews, q.labels} {
			bare(b, s.db, q.sql, q.args...)
		}
	})
}
