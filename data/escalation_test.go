package data

import (
	"math"
	"testing"
	"time"
)

// A hand-computed week: the index on the 10th sums the signals of the
// 4th to the 10th, each severity times its Admiralty weights.
func TestTheEscalationIndexByHand(t *testing.T) {
	// 4th: +4 from B2 (0.8×0.8=0.64) → 2.56
	// 7th: -3 from A1 (1×1) → -3; +2 ungraded (0.5×0.5) → 0.5
	// 11th: +5 from E5 (0.2×0.2=0.04) → 0.2
	daily := map[string]float64{
		"2026-05-04": 4 * SignalWeight("B usually reliable", "2 probably true"),
		"2026-05-07": -3*SignalWeight("A completely reliable", "1 confirmed") + 2*SignalWeight("", ""),
		"2026-05-11": 5 * SignalWeight("E unreliable", "5 improbable"),
		"2026-05-03": 100, // outside every window asked for below but the 9th's
	}
	day := func(d int) time.Time { return time.Date(2026, 5, d, 0, 0, 0, 0, time.UTC) }
	got := EscalationIndex(daily, day(9), day(11))
	want := []float64{
		100 + 2.56 - 3 + 0.5, // 9th: 3rd..9th
		2.56 - 3 + 0.5,       // 10th: 4th..10th
		-3 + 0.5 + 0.2,       // 11th: 5th..11th
	}
	if len(got) != 3 {
		t.Fatalf("%d points", len(got))
	}
	for i, p := range got {
		if math.Abs(p.Index-want[i]) > 1e-9 {
			t.Errorf("%s: %v, want %v", p.Day, p.Index, want[i])
		}
	}
	if got[1].Day != "2026-05-10" {
		t.Errorf("day %s", got[1].Day)
	}
}
