package store

import (
	"context"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// The demo's roadmap is the article's path: the briefing, Islamabad's
// consensus, the first conference, a formal track, each depending on the
// one before; the quiet end has no date.
func TestTheRoadmapOfTheDemo(t *testing.T) {
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	ms, err := s.Roadmap(context.Background(), data.TLPRed)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 5 {
		t.Fatalf("%d milestones", len(ms))
	}
	id := map[string]string{}
	for _, m := range ms {
		id[m.Title] = m.ID
	}
	path := []string{"US officials brief Pakistani political leadership and intelligence", "Islamabad reaches internal consensus",
		"First invitation-only conference in Islamabad", "Formalised peace track hosted in Pakistan or a neutral venue"}
	for i, title := range path {
		if ms[i].Title != title {
			t.Errorf("milestone %d is %q, want %q (by target date)", i, ms[i].Title, title)
		}
		if i > 0 && (len(ms[i].DependsOn) != 1 || ms[i].DependsOn[0] != id[path[i-1]]) {
			t.Errorf("%q depends on %v", title, ms[i].DependsOn)
		}
	}
	if last := ms[4]; last.Target != "" || last.Title != "Quiet end: talks that never reach public release" {
		t.Errorf("the undated one: %+v", last)
	}
	if ms, _ := s.Roadmap(context.Background(), data.TLPGreen); len(ms) != 0 {
		t.Errorf("under TLP:GREEN: %d", len(ms))
	}
}
