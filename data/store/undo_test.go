package store

import (
	"context"
	"reflect"
	"testing"

	"convenor/data"
)

func TestUndoReversesCreateEditAndDelete(t *testing.T) {
	s := newStore(t)
	envoy := minimal(t, s, data.Actor, "Pakistani envoy")
	e := minimal(t, s, data.Engagement, "Call with the envoy")
	e.Values["participants"] = []data.Link{{ID: envoy.ID, Role: "host"}}
	if err := s.Update(e); err != nil {
		t.Fatal(err)
	}
	withEnvoy, _ := s.Get(e.ID)

	// Undo a create: the record is gone.
	fresh := minimal(t, s, data.Signal, "Tanker boarded")
	if err := s.Undo(&data.Edit{After: fresh}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(fresh.ID); err == nil {
		t.Error("undone create still there")
	}

	// Undo an edit: the earlier values are back.
	before, _ := s.Get(envoy.ID)
	edited := before.Clone()
	edited.Title, edited.Values["country"] = "Pakistani special envoy", "Pakistan"
	if err := s.Update(edited); err != nil {
		t.Fatal(err)
	}
	if err := s.Undo(&data.Edit{Before: before, After: edited}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(envoy.ID); got.Title != "Pakistani envoy" || got.Values["country"] != nil {
		t.Errorf("after undoing the edit: %q %v", got.Title, got.Values["country"])
	}

	// Undo a delete: the record comes back under its id, with the
	// engagement's link to it.
	del, err := s.Delete(envoy.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(e.ID); got.Values["participants"] != nil {
		t.Fatal("delete did not unlink the participant")
	}
	if err := s.Undo(del); err != nil {
		t.Fatal(err)
	}
	back, err := s.Get(envoy.ID)
	if err != nil || back.Title != "Pakistani envoy" || !back.CreatedAt.Equal(before.CreatedAt) {
		t.Fatalf("restored: %v %v", back, err)
	}
	if got, _ := s.Get(e.ID); !reflect.DeepEqual(got.Values["participants"], withEnvoy.Values["participants"]) {
		t.Errorf("participants after undo: %v", got.Values["participants"])
	}
	if h, _ := s.Search(context.Background(), "Pakistani envoy", 5); len(h) != 1 {
		t.Errorf("restored record not searchable: %v", h)
	}
	if n := count(t, s, "SELECT count(*) FROM audit WHERE action='restore' AND record_id=?", envoy.ID); n != 1 {
		t.Errorf("%d restore entries in the audit log", n)
	}

	// An undo that conflicts changes nothing: the restored record exists now.
	if err := s.Undo(del); err == nil {
		t.Error("restoring a record that exists accepted")
	}
	if n := count(t, s, "SELECT count(*) FROM records WHERE id=?", envoy.ID); n != 1 {
		t.Errorf("%d copies after a refused undo", n)
	}
}

func TestDeleteAllAndItsUndoAreWholeTransactions(t *testing.T) {
	s := newStore(t)
	org := minimal(t, s, data.Actor, "Islamabad think tank")
	scholar := minimal(t, s, data.Actor, "Scholar")
	scholar.Values["affiliation"] = org.ID
	if err := s.Update(scholar); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteAll([]string{org.ID, "no-such-id"}); err == nil {
		t.Fatal("deleting a missing record accepted")
	}
	if n := count(t, s, "SELECT count(*) FROM records"); n != 2 {
		t.Fatalf("a failed multi-delete left %d of 2 records", n)
	}
	edits, err := s.DeleteAll([]string{org.ID, scholar.ID})
	if err != nil || count(t, s, "SELECT count(*) FROM records") != 0 {
		t.Fatalf("delete all: %v", err)
	}
	if err := s.Undo(edits...); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(scholar.ID); err != nil || got.Values["affiliation"] != org.ID {
		t.Errorf("scholar's affiliation after undo: %v %v", got, err)
	}
}
