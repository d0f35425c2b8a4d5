package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/demo"
)

// countingView is a view that only counts the notices it gets.
type countingView struct{ got *[]data.Changed }

func (v countingView) Title() string           { return "Counting" }
func (v countingView) Icon() fyne.Resource     { return nil }
func (v countingView) Show() fyne.CanvasObject { return widget.NewLabel("counting") }
func (v countingView) Changed(c data.Changed)  { *v.got = append(*v.got, c) }

// A record written to the store by something other than the window (an
// import, a colleague's change) reaches every view exactly once, and the
// sidebar's count, the open list and the open form follow it.
func TestAStoreChangeReachesEachViewOnce(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	var got []data.Changed
	wb.views = append(wb.views, countingView{&got})
	wb.showKind(data.Signal)
	before := wb.list.matching
	open := wb.list.at(0)
	wb.showRecord(open.ID)

	added := demo.SyntheticSignal(1)
	if err := sh.Store.Insert(added); err != nil {
		t.Fatal(err)
	}
	edited, err := sh.Store.Get(open.ID)
	if err != nil {
		t.Fatal(err)
	}
	edited.Title = "Retitled outside the window"
	if err := sh.Store.Update(edited); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatal("a view was refreshed off the UI goroutine")
	}
	runQueued()
	if len(got) != 2 {
		t.Fatalf("the view got %d notices for two writes: %+v", len(got), got)
	}
	if len(got[0].IDs) != 1 || got[0].IDs[0] != added.ID || !got[0].Touches(data.Signal) {
		t.Errorf("first notice: %+v", got[0])
	}
	if wb.list.matching != before+1 || wb.counts["signal"] != before+1 {
		t.Errorf("the list shows %d signals, the sidebar %d; want %d", wb.list.matching, wb.counts["signal"], before+1)
	}
	if wb.form.title.Text != "Retitled outside the window" {
		t.Errorf("the open form still shows %q", wb.form.title.Text)
	}
	runQueued()
	if len(got) != 2 {
		t.Errorf("a notice came twice: %d", len(got))
	}

	// With unsaved edits in the form, a change from elsewhere keeps them.
	test.Type(wb.form.title, " (my edit)")
	edited.Title = "Retitled again"
	if err := sh.Store.Update(edited); err != nil {
		t.Fatal(err)
	}
	runQueued()
	if !strings.Contains(wb.form.title.Text, "(my edit)") || !strings.Contains(wb.form.status.Text, "changed meanwhile") {
		t.Errorf("unsaved edits: title %q, status %q", wb.form.title.Text, wb.form.status.Text)
	}
}
