package ui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// A blank new form says what to do, not what is wrong: nothing has been
// typed yet. Once something is, what is missing is named.
func TestANewFormIsNotAMistakeScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Win.Resize(fyne.NewSize(1024, 700))
	wb := sh.Bench
	wb.showKind(data.Risk)
	test.Tap(wb.list.add)
	f := wb.form
	if f.status.Importance == widget.DangerImportance || strings.Contains(f.status.Text, "required") ||
		!strings.Contains(f.status.Text, "fill in the fields marked *") || !f.save.Disabled() {
		t.Errorf("blank new form says %q (importance %v, save enabled %v)", f.status.Text, f.status.Importance, !f.save.Disabled())
	}
	capture(t, sh.Win, "risk-new-form-1024x700")
	test.Type(f.notes.entry, "Spoilers may leak the venue.")
	if f.status.Importance != widget.DangerImportance || !strings.Contains(f.status.Text, "Risk: is required") {
		t.Errorf("after typing notes only: %q", f.status.Text)
	}
}

// Leaving a record with a very long title unsaved: the question wraps
// inside the window.
func TestUnsavedChangesWrapsALongTitleScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Win.Resize(fyne.NewSize(1024, 700))
	wb := sh.Bench
	wb.showKind(data.Actor)
	test.Tap(wb.list.add)
	long := strings.Repeat("Ministry of Foreign Affairs, Directorate of Middle East and Gulf Affairs ", 4)
	test.Type(wb.form.title, long)
	wb.leave(func() { t.Error("left without asking") }, nil)
	if wb.dialog == nil {
		t.Fatal("no question about the unsaved changes")
	}
	size := sh.Win.Canvas().Overlays().Top().Size()
	if size.Width > 1024 {
		t.Errorf("the question is %v wide in a 1024-wide window", size)
	}
	capture(t, sh.Win, "unsaved-changes-long-title")
}

// The due list gathers, across the workspace, what needs attention, with
// its count in the sidebar; a line opens its record; a follow-up marked
// done leaves it.
func TestTheDueListScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		wb.showView(wb.due)
		v := wb.due
		if len(v.items) < 5 || !strings.HasPrefix(v.Title(), "Due (") || v.Title() != "Due ("+strconv.Itoa(len(v.items))+")" {
			t.Fatalf("due: %d items, sidebar %q", len(v.items), v.Title())
		}
		var overdue *data.DueItem
		for i, it := range v.items {
			if i > 0 && it.Date < v.items[i-1].Date {
				t.Errorf("not by date: %s after %s", it.Date, v.items[i-1].Date)
			}
			if it.Overdue && strings.HasPrefix(it.What, "Follow-up") && overdue == nil {
				overdue = &v.items[i]
			}
		}
		if overdue == nil {
			t.Fatal("the demo's overdue follow-up is not listed")
		}
		capture(t, sh.Win, fmt.Sprintf("due-%.0fx%.0f", size.Width, size.Height))
		before := len(v.items)
		for i := range v.items {
			if v.items[i].ID == overdue.ID && v.items[i].What == overdue.What {
				v.list.Select(i)
				break
			}
		}
		if wb.form == nil || wb.form.rec.ID != overdue.ID {
			t.Fatal("tapping the line did not open its record")
		}
		r := wb.form.rec
		acts := r.Values["follow_ups"].([]data.FollowUp)
		for i := range acts {
			if "Follow-up: "+acts[i].Action == strings.SplitN(overdue.What, " (", 2)[0] {
				acts[i].Status = "done"
			}
		}
		if err := sh.Store.Update(r); err != nil {
			t.Fatal(err)
		}
		runQueued()
		if len(v.items) != before-1 || v.Title() != "Due ("+strconv.Itoa(before-1)+")" {
			t.Errorf("after the follow-up was done: %d items (was %d), sidebar %q", len(v.items), before, v.Title())
		}
	}
}
