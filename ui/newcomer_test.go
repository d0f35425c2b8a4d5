package ui

import (
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
	test.Type(f.notes, "Spoilers may leak the venue.")
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
