package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

// The timeline of the demo's last 90 days lists its signals one by one;
// kind, place and cap narrow it; a span too full is drawn by buckets whose
// counts and sums are the signals'; a span that is not one is refused.
func TestTheTimeline(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	now := time.Now().UTC()
	if err := demo.Fill(s, now); err != nil {
		t.Fatal(err)
	}
	span := data.TimelineQuery{From: now.AddDate(0, 0, -120).Format(data.DateLayout), To: now.Format(data.DateLayout), UpTo: data.TLPRed, Buckets: 100}
	tl, err := s.Timeline(ctx, span)
	if err != nil {
		t.Fatal(err)
	}
	if tl.Count != 5 || len(tl.Signals) != 5 || len(tl.Buckets) != 0 || len(tl.Index) != 121 {
		t.Fatalf("%d signals, %d listed, %d buckets, %d days", tl.Count, len(tl.Signals), len(tl.Buckets), len(tl.Index))
	}
	for i := 1; i < len(tl.Signals); i++ {
		if tl.Signals[i].Day < tl.Signals[i-1].Day {
			t.Errorf("not by day: %v", tl.Signals)
		}
	}
	kind := span
	kind.Kind = tl.Signals[0].Kind
	if k, _ := s.Timeline(ctx, kind); k.Count == 0 || k.Count == 5 {
		t.Errorf("kind %q: %d", kind.Kind, k.Count)
	}
	capped := span
	capped.UpTo = data.TLPClear
	if c, _ := s.Timeline(ctx, capped); c.Count >= 5 {
		t.Errorf("under TLP:CLEAR: %d", c.Count)
	}

	// 1,600 more in 40 days: buckets, counting the demo's of those days too.
	from40 := now.AddDate(0, 0, -39).Format(data.DateLayout)
	var up, down int64
	demoIn := 0
	for _, sg := range tl.Signals {
		if sg.Day >= from40 {
			demoIn++
			if sg.Severity > 0 {
				up += sg.Severity
			} else {
				down += sg.Severity
			}
		}
	}
	if err := s.write("filling", func(tx *sql.Tx) error {
		for i := 0; i < 1600; i++ {
			r := demo.SyntheticSignal(i)
			r.ID = fmt.Sprintf("sig-%05d", i)
			r.Values["occurred_on"] = now.AddDate(0, 0, -(i % 40)).Format(data.DateLayout)
			if sev := r.Values["severity"].(int64); sev > 0 {
				up += sev
			} else {
				down += sev
			}
			if err := s.insert(tx, r, "create"); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	full := data.TimelineQuery{From: from40, To: now.Format(data.DateLayout), UpTo: data.TLPRed, Buckets: 10}
	tl, err = s.Timeline(ctx, full)
	if err != nil {
		t.Fatal(err)
	}
	n, u, d := 0, int64(0), int64(0)
	for _, b := range tl.Buckets {
		n, u, d = n+b.Count, u+b.Up, d+b.Down
	}
	if tl.Count != 1600+demoIn || n != tl.Count || len(tl.Signals) != 0 || len(tl.Buckets) != 10 {
		t.Errorf("%d signals in %d buckets counting %d (demo %d)", tl.Count, len(tl.Buckets), n, demoIn)
	}
	if u != up || d != down {
		t.Errorf("sums %d/%d, want %d/%d", u, d, up, down)
	}

	for _, bad := range []data.TimelineQuery{{From: "yesterday", To: "2026-01-01"}, {From: "2026-02-01", To: "2026-01-01"}} {
		if _, err := s.Timeline(ctx, bad); err == nil {
			t.Errorf("%+v was taken", bad)
		}
	}
}
