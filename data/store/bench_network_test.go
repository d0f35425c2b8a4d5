package store

import (
	"context"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// BenchmarkNetwork reads 500 actors and the 2,000 relationships between
// them; bare SQLite runs the same three queries.
func BenchmarkNetwork(b *testing.B) {
	var actors []string
	s := benchFilled(b, 2500, func(i int) *data.Record {
		if i < 500 {
			r := demo.SyntheticActor(i)
			r.TLP = data.TLPClear
			actors = append(actors, r.ID)
			return r
		}
		r := demo.SyntheticRelationship(i-500, actors)
		r.TLP = data.TLPClear
		return r
	})
	ctx := context.Background()
	q := networkQuery(data.NetworkQuery{UpTo: data.TLPRed})
	compare(b, func(int) {
		if n, err := s.Network(ctx, data.NetworkQuery{UpTo: data.TLPRed}); err != nil || len(n.Actors) != 500 || len(n.Ties) != 2000 {
			b.Fatal(len(n.Actors), len(n.Ties), err)
		}
	}, func(int) {
		bare(b, s.db, q.actors.sql, q.actors.args...)
		bare(b, s.db, q.ties.sql, q.ties.args...)
		bare(b, s.db, q.countries.sql, q.countries.args...)
	})
}
