package store

import (
	"context"
	"fmt"
	"testing"

	"convenor/data"
)

// BenchmarkStakeholders places 500 actors on the power × interest grid;
// bare SQLite runs the same query.
func BenchmarkStakeholders(b *testing.B) {
	stances := data.Actor.Field("stance").Choices
	s := benchFilled(b, 500, func(i int) *data.Record {
		r := data.NewRecord(data.Actor)
		r.ID, r.Title = fmt.Sprintf("actor-%03d", i), fmt.Sprintf("Actor %d", i)
		r.Values["influence"], r.Values["interest"], r.Values["stance"] = int64(1+i%5), int64(1+i/5%5), stances[i%len(stances)]
		return r
	})
	ctx := context.Background()
	q := stakeholderQuery(data.TLPRed)
	compare(b, func(int) {
		if g, err := s.Stakeholders(ctx, data.TLPRed); err != nil || g.Total != 500 {
			b.Fatal(g.Total, err)
		}
	}, func(int) {
		bare(b, s.db, q.cells.sql, q.cells.args...)
		bare(b, s.db, q.unplaced.sql, q.unplaced.args...)
	})
}
