package store

import (
	"context"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// The demo's risks on the grid: where each record puts it, inherent and
// residual; filters and the label cap narrow it; a crowded cell counts
// what it does not name.
func TestTheRiskHeatMap(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	all := data.HeatQuery{UpTo: data.TLPRed}
	place := func(q data.HeatQuery) map[string][2]int64 {
		t.Helper()
		m, err := s.HeatMap(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][2]int64{}
		n := 0
		for _, c := range m.Cells {
			n += c.Count
			if len(c.Risks) > data.HeatShown || len(c.Risks) > c.Count {
				t.Errorf("cell %d×%d names %d of %d", c.Likelihood, c.Impact, len(c.Risks), c.Count)
			}
			for _, r := range c.Risks {
				out[r.Title] = [2]int64{r.Likelihood, r.Impact}
			}
		}
		if n != m.Total {
			t.Errorf("cells count %d, total %d", n, m.Total)
		}
		return out
	}
	inherent := place(all)
	if len(inherent) != 7 || inherent["Leak of participants' names"] != [2]int64{2, 5} || inherent["Domestic backlash if word leaks of engagement with Israel"] != [2]int64{4, 5} {
		t.Errorf("inherent: %v", inherent)
	}
	residual := place(data.HeatQuery{UpTo: data.TLPRed, Residual: true})
	if len(residual) != 7 || residual["Domestic backlash if word leaks of engagement with Israel"] != [2]int64{2, 5} {
		t.Errorf("residual: %v", residual)
	}
	if got := place(data.HeatQuery{UpTo: data.TLPRed, Category: "leak"}); len(got) != 1 {
		t.Errorf("category leak: %v", got)
	}
	if got := place(data.HeatQuery{UpTo: data.TLPRed, Owner: "Director"}); len(got) != 4 {
		t.Errorf("owner Director: %v", got)
	}
	if got := place(data.HeatQuery{UpTo: data.TLPRed, Statuses: []string{"closed"}}); len(got) != 0 {
		t.Errorf("closed: %v", got)
	}
	if got := place(data.HeatQuery{UpTo: data.TLPGreen}); len(got) != 0 {
		t.Errorf("under TLP:GREEN the demo's amber risks show: %v", got)
	}

	// Five more in one cell: it names three and counts six; its list has all.
	for _, title := range []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo"} {
		r := data.NewRecord(data.Risk)
		r.Title = "Crowded " + title
		r.Values["category"], r.Values["likelihood"], r.Values["impact"] = "leak", int64(2), int64(5)
		r.Values["mitigation"], r.Values["owner"], r.Values["next_review"] = "Watch.", "Desk officer", "2027-01-15"
		if err := s.Insert(r); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := s.HeatMap(ctx, all)
	for _, c := range m.Cells {
		if c.Likelihood == 2 && c.Impact == 5 && (c.Count != 6 || len(c.Risks) != 3 || c.Risks[0].Title != "Crowded Alpha") {
			t.Errorf("crowded cell: %d, %+v", c.Count, c.Risks)
		}
	}
	list, err := s.HeatCellRisks(ctx, all, 2, 5)
	if err != nil || len(list) != 6 {
		t.Errorf("the crowded cell's list: %d %v", len(list), err)
	}
	if m, _ := s.HeatMap(ctx, data.HeatQuery{UpTo: data.TLPRed, Residual: true}); m.Unscored != 5 || m.Total != 7 {
		t.Errorf("residual: %d placed, %d without a residual score", m.Total, m.Unscored)
	}
}
