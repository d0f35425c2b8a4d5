package ui

import (
	"context"
	"fmt"
	"slices"
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

// The widest kind's list and form fit the window: at 1920 pixels every
// column shows whole beside the form; at 1024 nothing is cut off at the
// right and the list can take the whole width, the form folded away.
// Where the divider was is kept for the next session.
func TestRiskListAndFormFitTheWindowScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1920, Height: 1080}, {Width: 1024, Height: 700}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		wb.showKind(data.Risk)
		wb.openRecord(demoRecord(t, sh, data.Risk, "leak participants").ID)
		name := fmt.Sprintf("risk-list-and-form-%.0fx%.0f", size.Width, size.Height)
		capture(t, sh.Win, name)
		if w := sh.Win.Content().MinSize().Width; w > size.Width {
			t.Errorf("%v: the window's content needs %v pixels", size, w)
		}
		tableWidth := wb.list.table.Size().Width
		if need := neededWidth(wb.list.columns); size.Width == 1920 && need > tableWidth {
			t.Errorf("at 1920 the columns need %v pixels of %v", need, tableWidth)
		}
		test.Tap(wb.list.wide)
		if wb.detail.Visible() || wb.list.table.Size().Width < size.Width*0.7 {
			t.Errorf("%v: wide list is %v wide, form visible %v", size, wb.list.table.Size().Width, wb.detail.Visible())
		}
		capture(t, sh.Win, name+"-wide")
		wb.split.Offset = 0.55
		sh.closeStore()
		if p := sh.App.Preferences(); p.Float(prefSplit) != 0.55 || !p.Bool(prefWide) {
			t.Errorf("the divider and the folded form were not kept: %v %v", p.Float(prefSplit), p.Bool(prefWide))
		}
	}
}

// No kind's list and form need more than a 1024-pixel window: a long name
// in a reference, a long help sentence, a long backlink all wrap or are
// cut short instead of pushing the form past the window's edge.
func TestEveryKindFitsA1024Window(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	for _, k := range data.Kinds {
		// Wider windows give the list more: the form must still fit.
		sh.Win.Resize([]fyne.Size{{Width: 1024, Height: 700}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}[len(k.Name)%3])
		wb.showKind(k)
		recs, err := sh.Store.List(context.Background(), data.Query{Kind: k, Limit: 20})
		if err != nil || len(recs) == 0 {
			t.Fatal(k.Name, err)
		}
		for _, r := range recs {
			wb.openRecord(r.ID)
			if w := sh.Win.Content().MinSize().Width; w > 1024 {
				t.Errorf("%s: the window's content needs %v pixels", k.Plural, w)
			}
			// The form gets what it needs beside the list, or it is cut
			// off at the right (an engagement's follow-ups were).
			if need, has := wb.form.view.MinSize().Width, wb.form.view.Size().Width; need > has {
				t.Errorf("%s “%s” at %v: the form needs %v pixels and has %v", k.Label, r.Title, sh.Win.Canvas().Size(), need, has)
			}
		}
	}
}

// The vocabulary editor: a value renamed there renames the records that
// hold it, a value retired is no longer offered by the form but stays on
// its record, a value added is offered.
func TestVocabularyEditorScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		wb.showVocabularies()
		e := wb.vocab
		for i, vf := range e.fields {
			if vf.Kind == data.Risk && vf.Field.Key == "category" {
				e.field.SetSelectedIndex(i)
			}
		}
		pick := func(value string) {
			t.Helper()
			for i, r := range e.rows {
				if r.value == value {
					e.list.Select(i)
					return
				}
			}
			t.Fatalf("%q is not listed: %+v", value, e.rows)
		}
		pick("Israeli rejection")
		test.Tap(e.rename)
		var entry *widget.Entry
		for _, o := range test.LaidOutObjects(sh.Win.Canvas().Overlays().Top()) {
			if x, ok := o.(*widget.Entry); ok {
				entry = x
			}
		}
		entry.SetText("a party's rejection")
		test.Tap(findButton(sh.Win.Canvas(), "Rename"))
		if !strings.Contains(e.status.Text, "renamed “a party's rejection”, and 1 records") {
			t.Errorf("rename said %q", e.status.Text)
		}
		pick("leak")
		test.Tap(e.retire)
		capture(t, sh.Win, fmt.Sprintf("vocabularies-%.0fx%.0f", size.Width, size.Height))
		wb.closeDialog()
		recs, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Risk, Text: "rejection"})
		if len(recs) != 1 || recs[0].Values["category"] != "a party's rejection" {
			t.Fatalf("the record holding the renamed value: %+v", recs)
		}
		wb.showKind(data.Risk)
		wb.openRecord(demoRecord(t, sh, data.Risk, "leak participants").ID)
		sel := wb.form.inputs["category"].(*choiceInput).sel
		if sel.Selected != "leak" || slices.Contains(sh.Store.Vocabulary().Offered(data.Risk, data.Risk.Field("category")), "leak") {
			t.Errorf("the retired value: selected %q, options %q", sel.Selected, sel.Options)
		}
		test.Tap(wb.list.add)
		if opts := wb.form.inputs["category"].(*choiceInput).sel.Options; slices.Contains(opts, "leak") || !slices.Contains(opts, "a party's rejection") {
			t.Errorf("a new risk is offered %q", opts)
		}
	}
}

// An actor's contact points, added through the form: a new point takes the
// record's label; saved, they are what the database holds.
func TestContactPointsThroughTheFormScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Win.Resize(fyne.NewSize(1024, 700))
	wb := sh.Bench
	r := demoRecord(t, sh, data.Actor, "retired diplomat")
	wb.openRecord(r.ID)
	in := wb.form.inputs[data.FieldContacts].(*contactsInput)
	for _, v := range []string{"envoy@example.org", "+98 21 0000 0000"} {
		test.Tap(in.add)
		row := in.rows.Objects[len(in.rows.Objects)-1].(*fyne.Container).Objects
		test.Type(row[0].(*fyne.Container).Objects[0].(*widget.Entry), v)
	}
	in.points[1].Kind, in.points[1].Label = "messaging", "Signal"
	in.redraw()
	test.Tap(wb.form.save)
	got, err := sh.Store.Get(r.ID)
	if err != nil || len(got.Contacts()) != 2 || got.Contacts()[0].TLP != r.TLP || got.Contacts()[1].Label != "Signal" {
		t.Fatalf("saved: %+v %v (status %q)", got.Contacts(), err, wb.form.status.Text)
	}
	wb.form.scroll.ScrollToBottom()
	wb.form.scroll.Offset.Y -= 260
	wb.form.scroll.Refresh()
	capture(t, sh.Win, "contact-points")
}

// A value added to a workspace's list is offered by the list's filter at
// once, without showing the kind again.
func TestTheFilterTakesAVocabularyChangeAtOnce(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Signal)
	if err := sh.Store.AddToVocabulary(data.Signal, data.Signal.Field("signal_type"), "economic pressure"); err != nil {
		t.Fatal(err)
	}
	runQueued()
	if !slices.Contains(wb.list.filters.choice.Options, "economic pressure") {
		t.Errorf("the filter offers %q", wb.list.filters.choice.Options)
	}
}
