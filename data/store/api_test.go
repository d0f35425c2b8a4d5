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

// A desk's day through the public API only, as the window and the command
// line use it: open the demo, find, edit, delete and undo, read the trail,
// back up, check, and open the backup read-only and sealed.
func TestADeskDayThroughThePublicAPI(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.convenor")
	s, err := store.CreateFilled(path, demo.Name, "", func(s *store.Store) error { return demo.Fill(s, time.Now()) })
	if err != nil {
		t.Fatal(err)
	}
	counts, err := s.Counts(ctx)
	if err != nil || counts["actor"] == 0 || counts["signal"] == 0 {
		t.Fatalf("counts %v, %v", counts, err)
	}
	hits, err := s.Search(ctx, "Islamabad", 10)
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %v, %v", hits, err)
	}
	r, err := s.Get(hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	before := r.Clone()
	r.Title += " (revised)"
	if err := s.Update(r); err != nil {
		t.Fatal(err)
	}
	edit, err := s.Delete(r.ID)
	var deps *data.DependantsError
	switch {
	case errors.As(err, &deps):
		t.Logf("%s has required dependants; deleting it with them", r.Title)
		edits, err := s.DeleteWithDependants([]string{r.ID})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Undo(edits...)
		if err != nil {
			t.Fatal(err)
		}
	case err != nil:
		t.Fatal(err)
	default:
		if err := s.Undo(edit); err != nil {
			t.Fatal(err)
		}
	}
	back, err := s.Get(r.ID)
	if err != nil || back.Title != before.Title+" (revised)" {
		t.Fatalf("after undoing the delete: %v, %v", back, err)
	}
	if _, err := s.Get("no-such-id"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a missing record: %v", err)
	}
	hist, err := s.History(r.ID)
	if err != nil || len(hist) < 3 {
		t.Errorf("history of %s: %d entries, %v", r.ID, len(hist), err)
	}
	trail, err := s.AuditLog(ctx, 0, 5)
	if err != nil || len(trail) != 5 {
		t.Errorf("trail: %d, %v", len(trail), err)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.Intact {
		t.Errorf("verify: %+v, %v", rep, err)
	}
	if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) > 0 {
		t.Errorf("integrity: %v, %v", problems, err)
	}
	backup, err := s.BackupNow(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	copyOf, err := store.OpenReadOnly(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer copyOf.Close()
	if n, err := copyOf.Count(ctx, data.Query{Kind: r.Kind}); err != nil || n != counts[r.Kind.Name] {
		t.Errorf("the backup holds %d %s, want %d (%v)", n, r.Kind.Plural, counts[r.Kind.Name], err)
	}
	if err := copyOf.Update(r); err == nil {
		t.Error("a read-only workspace took a write")
	}

	if _, err := store.SealWorkspace(ctx, path, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(ctx, path); !errors.Is(err, data.ErrNeedsPassphrase) {
		t.Errorf("opening a sealed workspace without its passphrase: %v", err)
	}
	if _, err := store.OpenSealed(ctx, path, "wrong horse battery"); !errors.Is(err, data.ErrWrongPassphrase) {
		t.Errorf("a wrong passphrase: %v", err)
	}
	sealed, err := store.OpenSealed(ctx, path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer sealed.Close()
	if got, err := sealed.Get(r.ID); err != nil || got.Title != back.Title {
		t.Errorf("sealed: %v, %v", got, err)
	}
}

// A cancelled context stops a long read before it starts, and says so.
func TestACancelledContextStopsReads(t *testing.T) {
	s, err := store.Create(filepath.Join(t.TempDir(), "desk.convenor"), "desk")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.List(ctx, data.Query{Kind: data.Actor}); !errors.Is(err, context.Canceled) {
		t.Errorf("list: %v", err)
	}
	if _, err := s.Counts(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("counts: %v", err)
	}
	if _, err := s.IntegrityCheck(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("integrity check: %v", err)
	}
	if _, err := s.BackupNow(ctx, 3); !errors.Is(err, context.Canceled) {
		t.Errorf("backup: %v", err)
	}
	if _, err := store.Open(ctx, s.Path()); !errors.Is(err, context.Canceled) {
		t.Errorf("open: %v", err)
	}
}
