package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// dialogText is every label's text in the topmost dialog.
func dialogText(sh *Shell) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(sh.Win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// actorNamed finds the demo actor with exactly this name.
func actorNamed(t *testing.T, sh *Shell, name string) *data.Record {
	t.Helper()
	recs, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Actor, Limit: 500})
	for _, r := range recs {
		if r.Title == name {
			return r
		}
	}
	t.Fatalf("no actor %q", name)
	return nil
}

// TestDeletingAnActorOthersRequireNamesThemAndTakesThemAlong: deleting
// "Israel" names the relationships that need it and the records that only
// lose a link; confirming deletes it with those relationships, leaving no
// record invalid; Undo brings everything back.
func TestDeletingAnActorOthersRequireNamesThemAndTakesThemAlong(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	israel := actorNamed(t, sh, "Israel")
	rels, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Relationship})
	wb.showKind(data.Actor)
	wb.openRecord(israel.ID)
	test.Tap(wb.form.delete)
	text := dialogText(sh)
	for _, want := range []string{"“Israel” will be deleted", "cannot do without it and will be deleted too", "Relationship “Iran – Israel: adversaries” (To actor)", "will lose a link to it", "Undo"} {
		if !strings.Contains(text, want) {
			t.Errorf("the confirmation does not say %q:\n%s", want, text)
		}
	}
	capture(t, sh.Win, "delete-dependants")
	confirm := findButton(sh.Win.Canvas(), "Delete all 4")
	if confirm == nil {
		t.Fatalf("no “Delete all 4” button:\n%s", text)
	}
	test.Tap(confirm)
	if _, err := sh.Store.Get(israel.ID); err == nil {
		t.Fatal("Israel not deleted")
	}
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Relationship}); n != rels-3 {
		t.Errorf("%d relationships left, want %d", n, rels-3)
	}
	for _, k := range data.Kinds {
		page, _ := sh.Store.List(context.Background(), data.Query{Kind: k, Limit: 500})
		for _, p := range page {
			r, _ := sh.Store.Get(p.ID)
			if err := data.ValidateIn(r, sh.Store.Vocabulary()); err != nil {
				t.Errorf("%s “%s” left invalid: %v", k.Label, r.Title, err)
			}
		}
	}
	test.Tap(wb.undoBtn)
	if _, err := sh.Store.Get(israel.ID); err != nil {
		t.Error("undo did not bring Israel back")
	}
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Relationship}); n != rels {
		t.Errorf("after undo: %d relationships, want %d", n, rels)
	}
}

// TestCancellingADeleteChangesNothing.
func TestCancellingADeleteChangesNothing(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	israel := actorNamed(t, sh, "Israel")
	wb.showKind(data.Actor)
	wb.openRecord(israel.ID)
	test.Tap(wb.form.delete)
	test.Tap(findButton(sh.Win.Canvas(), "Cancel"))
	if _, err := sh.Store.Get(israel.ID); err != nil {
		t.Error("Cancel deleted the actor")
	}
}
