package store

import (
	"context"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// The demo's actors on the power × interest grid, each where its influence
// and interest put it; a cap leaves out those above it.
func TestTheStakeholderGrid(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	g, err := s.Stakeholders(ctx, data.TLPRed)
	if err != nil {
		t.Fatal(err)
	}
	where := map[string][2]int64{}
	n := 0
	for _, c := range g.Cells {
		n += c.Count
		for _, a := range c.Actors {
			where[a.Title] = [2]int64{a.Influence, a.Interest}
		}
	}
	if g.Total != 17 || n != 17 || g.Unplaced != 0 {
		t.Errorf("%d placed (%d counted), %d unplaced", g.Total, n, g.Unplaced)
	}
	if where["Israeli naval command and defence establishment"] != [2]int64{4, 2} || data.Quadrant(4, 2) != "keep satisfied" {
		t.Errorf("the Israeli navy at %v", where["Israeli naval command and defence establishment"])
	}
	if data.Quadrant(5, 5) != "manage closely" || data.Quadrant(2, 5) != "keep informed" || data.Quadrant(2, 2) != "monitor" {
		t.Error("quadrants")
	}
	list, err := s.StakeholderCell(ctx, data.TLPRed, 5, 5)
	if err != nil || len(list) != 2 { // the United States and its State Department
		t.Errorf("influence 5 × interest 5: %+v %v", list, err)
	}
	green, _ := s.Stakeholders(ctx, data.TLPGreen)
	if green.Total != 4 {
		t.Errorf("under TLP:GREEN: %d actors", green.Total)
	}
}
