package store

import (
	"context"
	"fmt"
	"testing"

	"convenor/data"
)

// BenchmarkRoadmap reads 1,000 milestones (far more than a process has),
// each depending on the one before; bare SQLite runs the same queries.
func BenchmarkRoadmap(b *testing.B) {
	phases := data.Milestone.Field("phase").Choices
	s := benchFilled(b, 1000, func(i int) *data.Record {
		r := data.NewRecord(data.Milestone)
		r.ID, r.Title = fmt.Sprintf("m-%04d", i), fmt.Sprintf("Milestone %d", i)
		r.Values["phase"], r.Values["target_date"] = phases[i%len(phases)], fmt.Sprintf("2027-%02d-%02d", 1+i%12, 1+i%28)
		if i > 0 {
			r.Values["depends_on"] = []data.Link{{ID: fmt.Sprintf("m-%04d", i-1)}}
		}
		return r
	})
	ctx := context.Background()
	q := roadmapQueries(data.TLPRed)
	compare(b, func(int) {
		if ms, err := s.Roadmap(ctx, data.TLPRed); err != nil || len(ms) != 1000 {
			b.Fatal(len(ms), err)
		}
	}, func(int) {
		bare(b, s.db, q.milestones.sql, q.milestones.args...)
		bare(b, s.db, q.dependencies.sql, q.dependencies.args...)
	})
}
