package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"convenor/data"
)

// BenchmarkHeatMap places 5,000 risks (a register far larger than any
// desk keeps) on the grid; bare SQLite runs the same query.
func BenchmarkHeatMap(b *testing.B) {
	s := benchFilled(b, 5000, func(i int) *data.Record {
		r := data.NewRecord(data.Risk)
		r.ID = fmt.Sprintf("risk-%05d", i)
		r.Title = fmt.Sprintf("Risk %d", i)
		r.Values["category"], r.Values["likelihood"], r.Values["impact"] = "leak", int64(1+i%5), int64(1+i/5%5)
		r.Values["residual_likelihood"], r.Values["residual_impact"] = int64(1+i%3), int64(1+i%5)
		r.Values["mitigation"], r.Values["owner"], r.Values["next_review"] = "Watch.", fmt.Sprintf("Owner %d", i%20), "2027-01-15"
		r.Values["status"] = []string{"open", "monitoring", "closed"}[i%3]
		return r
	})
	ctx := context.Background()
	q := data.HeatQuery{UpTo: data.TLPRed, Statuses: []string{"open", "monitoring"}}
	hq := heatQuery(q)
	compare(b, func(int) {
		if m, err := s.HeatMap(ctx, q); err != nil || m.Total == 0 {
			b.Fatal(err)
		}
	}, func(int) {
		bare(b, s.db, hq.cells.sql, hq.cells.args...)
		bare(b, s.db, hq.unscored.sql, hq.unscored.args...)
	})
}

// benchFilled is a workspace of its own holding n records made by make,
// written in one transaction; it is closed when the benchmark ends.
func benchFilled(b *testing.B, n int, make func(i int) *data.Record) *Store {
	s, err := Create(filepath.Join(b.TempDir(), "bench.convenor"), "bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.write("filling", func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			if err := s.insert(tx, make(i), "create"); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return s
}
