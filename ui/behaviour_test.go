package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

func TestUnsavedChangesAreGuarded(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	leak := demoRecord(t, sh, data.Risk, "leak participants")
	other := demoRecord(t, sh, data.Risk, "Iranian scepticism")
	wb.openRecord(leak.ID)
	wb.form.title.SetText("Leak of participants' names and roles")

	// Cancel: stay on the edited record, changes kept.
	wb.openRecord(other.ID)
	if wb.dialog == nil || findButton(sh.Win.Canvas(), "Discard changes") == nil {
		t.Fatal("switching records did not ask about unsaved changes")
	}
	test.Tap(findButton(sh.Win.Canvas(), "Cancel"))
	if wb.form.rec.ID != leak.ID || wb.form.title.Text != "Leak of participants' names and roles" {
		t.Fatal("Cancel lost the edit")
	}
	// Discard: move on; nothing was written.
	wb.openRecord(other.ID)
	test.Tap(findButton(sh.Win.Canvas(), "Discard changes"))
	if wb.form.rec.ID != other.ID {
		t.Fatal("Discard did not open the other record")
	}
	if r, _ := sh.Store.Get(leak.ID); r.Title != leak.Title {
		t.Errorf("discarded edit was saved: %q", r.Title)
	}
	// Save from the guard: written, then move on.
	wb.form.title.SetText("Iranian scepticism of a US-led process (rising)")
	wb.sidebar.Select(sidebarIndex(wb, data.Signal)) // through the sidebar's guard
	test.Tap(findButton(sh.Win.Canvas(), "Save"))
	if r, _ := sh.Store.Get(other.ID); r.Title != "Iranian scepticism of a US-led process (rising)" {
		t.Errorf("Save in the guard did not save: %q", r.Title)
	}
	if wb.kind != data.Signal {
		t.Error("did not move on after saving")
	}
}

func TestEscapeClosesDialogsAndShortcutsAreOnTheMenu(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	escape := func() { sh.Win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }

	r := demoRecord(t, sh, data.Signal, "maritime")
	wb.openRecord(r.ID)
	test.Tap(wb.form.delete)
	if wb.dialog == nil {
		t.Fatal("no confirmation")
	}
	escape()
	if wb.dialog != nil {
		t.Error("Escape did not close the confirmation")
	}
	if _, err := sh.Store.Get(r.ID); err != nil {
		t.Error("Escape deleted the record")
	}

	// The search box hears Escape itself, since its entry has the focus.
	wb.showSearch()
	wb.search.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if wb.dialog != nil && wb.dialog == wb.search.dialog {
		t.Error("Escape did not close the search")
	}

	want := map[string]fyne.KeyName{"New record": fyne.KeyN, "Save": fyne.KeyS, "Search everything…": fyne.KeyK}
	var menu *fyne.Menu
	for _, m := range sh.Win.MainMenu().Items {
		if m.Label == "Record" {
			menu = m
		}
	}
	if menu == nil {
		t.Fatal("no Record menu")
	}
	for _, item := range menu.Items {
		if key, ok := want[item.Label]; ok {
			sc, _ := item.Shortcut.(*desktop.CustomShortcut)
			if sc == nil || sc.KeyName != key || sc.Modifier != fyne.KeyModifierShortcutDefault {
				t.Errorf("%s has shortcut %v", item.Label, item.Shortcut)
			}
			delete(want, item.Label)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing menu items: %v", want)
	}

	// Ctrl+N opens a new form; Ctrl+S saves it.
	for _, item := range menu.Items {
		if item.Label == "New record" {
			item.Action()
		}
	}
	if wb.form == nil || wb.form.rec.ID != "" {
		t.Fatal("New record did not open a new form")
	}
	test.Type(wb.form.title, "Saved by shortcut")
	test.Type(wb.form.inputs["occurred_on"].(*dateInput).entry, "2026-11-25")
	wb.form.inputs["signal_type"].(*choiceInput).sel.SetSelected("maritime")
	for _, item := range menu.Items {
		if item.Label == "Save" {
			item.Action()
		}
	}
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Signal, Text: "shortcut"}); n != 1 {
		t.Error("Save did not save")
	}
	// Ctrl+Z outside a text box undoes it.
	sh.Win.Canvas().Unfocus()
	sh.Win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&fyne.ShortcutUndo{})
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Signal, Text: "shortcut"}); n != 0 {
		t.Error("Ctrl+Z did not undo the create")
	}
}

func TestWindowRemembersSizeAndLastView(t *testing.T) {
	a := newTestApp(t)
	dir := t.TempDir()
	path := dir + "/ws.convenor"
	sh := NewShell(a, dir)
	sh.Open(path, true, true)
	settle(t, sh)
	r := demoRecord(t, sh, data.Milestone, "first invitation-only conference")
	sh.Bench.openRecord(r.ID)
	saveWindowSize(a, fyne.NewSize(1100, 700))
	sh.closeStore()

	sh2 := NewShell(a, dir)
	sh2.Open(path, false, false)
	settle(t, sh2)
	t.Cleanup(sh2.closeStore)
	if sh2.Bench.kind != data.Milestone || sh2.Bench.form == nil || sh2.Bench.form.rec.ID != r.ID {
		t.Errorf("reopened on %s, form %v", sh2.Bench.kind.Name, sh2.Bench.form != nil)
	}
	if s := windowSize(a); s.Width != 1100 || s.Height != 700 {
		t.Errorf("size %v", s)
	}

	// A view left showing (not a kind's list) is shown again.
	sh2.Bench.showView(sh2.Bench.network)
	sh2.closeStore()
	sh3 := NewShell(a, dir)
	sh3.Open(path, false, false)
	settle(t, sh3)
	t.Cleanup(sh3.closeStore)
	if sh3.Bench.current != view(sh3.Bench.network) {
		t.Errorf("reopened on %T, not the network map", sh3.Bench.current)
	}
}

func TestTickedRecordsAreDeletedTogetherAndUndone(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Signal)
	l := wb.list
	before := l.matching
	l.tick(l.at(0).ID, true)
	l.tick(l.at(1).ID, true)
	if l.remove.Hidden || l.remove.Text != "Delete 2" {
		t.Fatalf("delete button: %q hidden %v", l.remove.Text, l.remove.Hidden)
	}
	test.Tap(l.remove)
	test.Tap(findButton(sh.Win.Canvas(), "Delete"))
	runQueued() // the store's notice reaches the window
	if l.matching != before-2 || l.heading.Text != "Signals (3)" {
		t.Fatalf("after deleting two: %d, %q", l.matching, l.heading.Text)
	}
	if !strings.Contains(wb.undoMsg.Text, "2 records") {
		t.Errorf("undo says %q", wb.undoMsg.Text)
	}
	test.Tap(wb.undoBtn)
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Signal}); n != before {
		t.Errorf("after undo: %d signals, want %d", n, before)
	}
}

func TestCalendarPicksADate(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.openRecord(demoRecord(t, sh, data.Milestone, "first invitation-only conference").ID)
	in := wb.form.inputs["target_date"].(*dateInput)
	in.entry.SetText("2027-02-03")
	in.openCalendar()
	if in.popUp == nil || !in.popUp.Visible() {
		t.Fatal("calendar did not open")
	}
	var day *widget.Button
	for _, o := range test.LaidOutObjects(in.popUp) {
		if b, ok := o.(*widget.Button); ok && b.Text == "17" {
			day = b
		}
	}
	if day == nil {
		t.Fatal("no day 17 in the calendar")
	}
	test.Tap(day)
	if in.entry.Text != "2027-02-17" || in.popUp.Visible() {
		t.Errorf("picked %q, calendar open %v", in.entry.Text, in.popUp.Visible())
	}
	if !wb.form.dirty {
		t.Error("picking a date did not mark the form changed")
	}
}

// sidebarIndex is where kind k's view is in the sidebar.
func sidebarIndex(wb *Workbench, k *data.Kind) int {
	for i, v := range wb.views {
		if kv, ok := v.(kindView); ok && kv.kind == k {
			return i
		}
	}
	return -1
}
