package store_test

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

// recorder is a subscribed view: it keeps every notice it is given.
type recorder struct {
	mu  sync.Mutex
	got []data.Changed
}

func (r *recorder) take() []data.Changed {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.got
	r.got = nil
	return out
}

// TestEveryCommittedWriteReachesASubscribedViewExactlyOnce, through the
// store's public API only: each create, edit, delete (with what it
// unlinks), undo and workspace change is one notice naming what changed; a
// refused write is none; after cancelling, nothing more arrives.
func TestEveryCommittedWriteReachesASubscribedViewExactlyOnce(t *testing.T) {
	s, err := store.Create(filepath.Join(t.TempDir(), "desk.convenor"), "desk")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	view := &recorder{}
	cancel := s.Subscribe(func(c data.Changed) {
		view.mu.Lock()
		view.got = append(view.got, c)
		view.mu.Unlock()
	})
	once := func(what string, ids []string, kinds ...*data.Kind) {
		t.Helper()
		got := view.take()
		if len(got) != 1 {
			t.Fatalf("%s: %d notices, want exactly 1: %+v", what, len(got), got)
		}
		slices.Sort(ids)
		if !slices.Equal(got[0].IDs, ids) {
			t.Errorf("%s: notice names %v, want %v", what, got[0].IDs, ids)
		}
		for _, k := range kinds {
			if !got[0].Touches(k) {
				t.Errorf("%s: notice does not name the kind %s", what, k.Label)
			}
		}
	}

	iran := demo.SyntheticActor(1)
	if err := s.Insert(iran); err != nil {
		t.Fatal(err)
	}
	once("create", []string{iran.ID}, data.Actor)

	sig := demo.SyntheticSignal(1)
	sig.Values["actors"] = []data.Link{{ID: iran.ID}}
	if err := s.Insert(sig); err != nil {
		t.Fatal(err)
	}
	once("create with a link", []string{sig.ID}, data.Signal)

	iran.Title = "Iran (edited)"
	if err := s.Update(iran); err != nil {
		t.Fatal(err)
	}
	once("edit", []string{iran.ID}, data.Actor)

	edit, err := s.Delete(iran.ID)
	if err != nil {
		t.Fatal(err)
	}
	once("delete, unlinking the signal", []string{iran.ID, sig.ID}, data.Actor, data.Signal)

	if err := s.Undo(edit); err != nil {
		t.Fatal(err)
	}
	once("undo", []string{iran.ID, sig.ID}, data.Actor, data.Signal)

	bad := demo.SyntheticSignal(2)
	bad.Values["severity"] = int64(9)
	if err := s.Insert(bad); err == nil {
		t.Fatal("an invalid signal was saved")
	}
	if err := s.InsertAll([]*data.Record{demo.SyntheticSignal(3), bad}); err == nil {
		t.Fatal("an invalid batch was saved")
	}
	if got := view.take(); len(got) != 0 {
		t.Errorf("refused writes sent %d notices", len(got))
	}

	if err := s.SetMeta("name", "Desk, renamed"); err != nil {
		t.Fatal(err)
	}
	if got := view.take(); len(got) != 1 || !got[0].Workspace {
		t.Errorf("renaming the workspace: %+v", got)
	}

	cancel()
	if err := s.Insert(demo.SyntheticSignal(4)); err != nil {
		t.Fatal(err)
	}
	if got := view.take(); len(got) != 0 {
		t.Errorf("%d notices after cancelling", len(got))
	}
}
