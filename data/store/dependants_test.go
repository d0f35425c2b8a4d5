package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// everyRecordValid fails the test for each stored record that fails its
// own validation.
func everyRecordValid(t *testing.T, s *Store) {
	t.Helper()
	for _, k := range data.Kinds {
		page, err := s.List(context.Background(), data.Query{Kind: k, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			r, err := s.Get(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := data.ValidateIn(r, s.Vocabulary()); err != nil {
				t.Errorf("%s “%s” is left invalid: %v", k.Label, r.Title, err)
			}
		}
	}
}

func findTitle(t *testing.T, s *Store, k *data.Kind, title string) *data.Record {
	t.Helper()
	page, _ := s.List(context.Background(), data.Query{Kind: k, Text: title, Limit: 50})
	for _, r := range page {
		if r.Title == title {
			return r
		}
	}
	t.Fatalf("no %s “%s”", k.Label, title)
	return nil
}

// TestDeletingARecordOthersRequireIsRefusedOrTakesThemAlong: deleting the
// actor "Israel", which relationships name as their required actor, is
// refused naming them; asked to, it deletes them too in one undoable
// transaction; no record is ever left failing its validation.
func TestDeletingARecordOthersRequireIsRefusedOrTakesThemAlong(t *testing.T) {
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	israel := findTitle(t, s, data.Actor, "Israel")
	deps, err := s.Dependants([]string{israel.ID})
	if err != nil {
		t.Fatal(err)
	}
	var required, losers []data.Dependant
	for _, d := range deps {
		if d.Required {
			required = append(required, d)
		} else {
			losers = append(losers, d)
		}
	}
	if len(required) < 2 || len(losers) == 0 {
		t.Fatalf("dependants of Israel: %d required, %d losing a link", len(required), len(losers))
	}
	for _, d := range required {
		if d.Kind != data.Relationship && d.Kind != data.Commitment {
			t.Errorf("%s “%s” listed as requiring Israel", d.Kind.Label, d.Title)
		}
	}
	before := map[string]int{}
	for _, k := range data.Kinds {
		before[k.Name], _ = s.Count(context.Background(), data.Query{Kind: k})
	}
	audit := count(t, s, "SELECT count(*) FROM audit")

	_, err = s.Delete(israel.ID)
	var de *data.DependantsError
	if !errors.As(err, &de) || len(de.Required) != len(required) || !strings.Contains(err.Error(), required[0].Title) {
		t.Fatalf("delete of a required actor: %v", err)
	}
	if count(t, s, "SELECT count(*) FROM audit") != audit {
		t.Error("a refused delete wrote to the audit trail")
	}
	everyRecordValid(t, s)

	edits, err := s.DeleteWithDependants([]string{israel.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(edits) != 1+len(required) {
		t.Errorf("%d edits, want %d", len(edits), 1+len(required))
	}
	everyRecordValid(t, s)
	if _, err := s.Get(israel.ID); !errors.Is(err, data.ErrNotFound) {
		t.Error("Israel still there")
	}
	for _, d := range required {
		if _, err := s.Get(d.ID); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("%s “%s” still there without its actor", d.Kind.Label, d.Title)
		}
	}
	if err := s.Undo(edits...); err != nil {
		t.Fatalf("undo: %v", err)
	}
	for _, k := range data.Kinds {
		if n, _ := s.Count(context.Background(), data.Query{Kind: k}); n != before[k.Name] {
			t.Errorf("%s: %d after undo, %d before", k.Plural, n, before[k.Name])
		}
	}
	for _, d := range required {
		r, err := s.Get(d.ID)
		if err != nil || r.Values[d.Field.Key] != israel.ID {
			t.Errorf("%s “%s” not back with its link: %v", d.Kind.Label, d.Title, err)
		}
	}
	everyRecordValid(t, s)
	if rep, err := s.Verify(context.Background()); err != nil || !rep.Intact {
		t.Errorf("audit trail after all this: %v %v", rep, err)
	}

	// Checked together in a list, the actor and all that requires it go.
	ids := []string{israel.ID}
	for _, d := range required {
		ids = append(ids, d.ID)
	}
	edits, err = s.DeleteAll(ids)
	if err != nil {
		t.Fatalf("deleting the actor with what requires it: %v", err)
	}
	everyRecordValid(t, s)
	if err := s.Undo(edits...); err != nil {
		t.Fatalf("undo of the multi-delete: %v", err)
	}
}
