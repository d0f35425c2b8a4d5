package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

// TestACancelledSearchStopsItsQuery: a search for a word every one of
// 40,000 signals holds is ranked over all of them; cancelled a tenth of
// the way in (a newer question typed), it stops and says it was
// cancelled, well before the whole search would have ended.
func TestACancelledSearchStopsItsQuery(t *testing.T) {
	s, err := store.Create(filepath.Join(t.TempDir(), "signals.convenor"), "signals")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs := make([]*data.Record, 40000)
	for i := range recs {
		recs[i] = demo.SyntheticSignal(i)
	}
	if err := s.InsertAll(recs); err != nil {
		t.Fatal(err)
	}
	whole := time.Duration(1<<63 - 1)
	for i := 0; i < 3; i++ { // the fastest of three: a warm cache
		start := time.Now()
		if _, err := s.Search(context.Background(), "report", 60); err != nil {
			t.Fatal(err)
		}
		whole = min(whole, time.Since(start))
	}
	if whole < 20*time.Millisecond {
		t.Skipf("SKIPPED: the whole search takes only %v here, too short to cancel part-way", whole)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(whole/10, cancel)
	start := time.Now()
	hits, err := s.Search(ctx, "report", 60)
	took := time.Since(start)
	if !errors.Is(err, context.Canceled) || hits != nil {
		t.Fatalf("cancelled search: %d hits, %v (the whole search takes %v)", len(hits), err, whole)
	}
	if took > whole/2 {
		t.Errorf("cancelled after %v, it went on until %v (the whole search takes %v)", whole/10, took, whole)
	}
	t.Logf("whole search %v; cancelled at %v, stopped at %v", whole, whole/10, took)
}
