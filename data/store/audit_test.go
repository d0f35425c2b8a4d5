package store

import (
	"context"
	"testing"

	"convenor/data"
)

func TestTrailCarriesTheLabelOfEveryRecordItEverNamed(t *testing.T) {
	s := newStore(t)
	if l, _ := s.TrailLabel(); l != data.TLPClear {
		t.Errorf("empty trail labelled %s", l)
	}
	minimal(t, s, data.Actor, "Pakistan") // TLP:AMBER by default
	red := minimal(t, s, data.Actor, "Envoy's contact")
	red.TLP = data.TLPRed
	if err := s.Update(red); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Delete(red.ID); err != nil {
		t.Fatal(err)
	}
	// No RED record is left, but the trail still names one.
	if l, _ := s.TrailLabel(); l != data.TLPRed {
		t.Errorf("trail labelled %s, want TLP:RED", l)
	}
	n, _ := s.AuditCount()
	if n != 4 {
		t.Fatalf("%d entries, want 4", n)
	}
	page, _ := s.AuditLog(context.Background(), 1, 2)
	if len(page) != 2 || page[0].Action != "update" || page[1].Action != "create" || page[1].Title != "Envoy's contact" {
		t.Errorf("second and third newest: %+v", page)
	}
}
