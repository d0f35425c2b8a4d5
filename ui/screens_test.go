package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"convenor/data"
)

// These tests render each screen to docs/screenshots/ and check what it
// shows; look at the PNGs when a screen changes.

func demoRecord(t *testing.T, sh *Shell, k *data.Kind, words string) *data.Record {
	t.Helper()
	recs, err := sh.Store.List(context.Background(), data.Query{Kind: k, Text: words})
	if err != nil || len(recs) == 0 {
		t.Fatalf("no demo %s matching %q: %v", k.Label, words, err)
	}
	r, _ := sh.Store.Get(recs[0].ID)
	return r
}

func TestMainWindowWithDemoScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.openRecord(demoRecord(t, sh, data.Engagement, "Islamabad conference").ID)
	if !strings.Contains(sh.Win.Title(), "DEMO") {
		t.Errorf("window title %q does not say it is the demo", sh.Win.Title())
	}
	if wb.list.heading.Text != "Engagements (4)" {
		t.Errorf("heading %q", wb.list.heading.Text)
	}
	if !strings.Contains(wb.form.links.summary.Text, "Appears in 1 initiative") {
		t.Errorf("backlinks: %q", wb.form.links.summary.Text)
	}
	capture(t, sh.Win, "main-window")
}

func TestRiskListSortedAndFilteredScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Risk)
	l := wb.list
	// Tap the Score header twice: highest first.
	l.sortBy("score")
	l.sortBy("score")
	if r := l.at(0); r.Values["score"] != int64(20) {
		t.Errorf("highest score first: %v", r.Values["score"])
	}
	l.filters.choice.SetSelected("open")
	if l.matching != 7 || l.heading.Text != "Risks (7)" {
		t.Errorf("open risks: %d, %q", l.matching, l.heading.Text)
	}
	test.Type(l.filters.text, "leak")
	if l.matching != 2 || l.heading.Text != "Risks (2 of 7)" {
		t.Errorf("open risks about leaks: %d, %q", l.matching, l.heading.Text)
	}
	l.filters.text.SetText("")
	capture(t, sh.Win, "list-risks")
}

func TestFormWithValidationErrorScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Signal)
	test.Tap(wb.list.add)
	f := wb.form
	test.Type(f.title, "Drone sighted over tanker")
	test.Type(f.inputs["occurred_on"].(*dateInput).entry, "2026-13-40")
	test.Type(f.inputs["latitude"].(*textInput).entry, "126.4")
	for _, want := range []string{"Date: must be a date written YYYY-MM-DD", "Kind: is required", "Latitude: must be from -90 to 90"} {
		if !strings.Contains(f.status.Text, want) {
			t.Errorf("status %q does not say %q", f.status.Text, want)
		}
	}
	if !f.save.Disabled() {
		t.Error("Save enabled with errors")
	}
	capture(t, sh.Win, "form-validation-error")
}

func TestNativeScriptNameScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	r := demoRecord(t, sh, data.Actor, "Pakistani envoy")
	r.Values["native_name"] = "سفیر پاکستان — پاکستانی سفیر"
	r.Notes = "Names as written: ایران · ישראל · وزارت خارجہ · روحانی شیعه"
	if err := sh.Store.Update(r); err != nil {
		t.Fatal(err)
	}
	wb.openRecord(r.ID)
	if got := wb.form.inputs["native_name"].(*textInput).entry.Text; got != "سفیر پاکستان — پاکستانی سفیر" {
		t.Errorf("native name shown as %q", got)
	}
	capture(t, sh.Win, "actor-native-script")
}

func TestHistoryScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	r := demoRecord(t, sh, data.Risk, "leak participants")
	wb.openRecord(r.ID)
	f := wb.form
	f.inputs["likelihood"].(*scaleInput).radio.SetSelected("4")
	f.inputs["trend"].(*choiceInput).sel.SetSelected("rising")
	test.Tap(f.save)
	f = wb.form
	f.inputs["status"].(*choiceInput).sel.SetSelected("monitoring")
	test.Tap(f.save)
	wb.showHistory(wb.form.rec)
	hist, _ := sh.Store.History(r.ID)
	text := historyText(hist)
	lines := strings.Split(text, "\n")
	if !strings.Contains(lines[0], "changed") || !strings.Contains(text, "Status: open → monitoring") || !strings.Contains(text, "Likelihood: 2 → 4") {
		t.Errorf("history text:\n%s", text)
	}
	if strings.Index(text, "monitoring") > strings.Index(text, "Likelihood") {
		t.Error("history is not newest first")
	}
	capture(t, sh.Win, "record-history")
	wb.closeDialog()
	if wb.dialog != nil {
		t.Error("Escape did not close the history")
	}
}

func TestGlobalSearchScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showSearch()
	g := wb.search
	test.Type(g.entry, "islamabad")
	waitFor(t, func() bool { return len(g.rows) > 0 })
	kinds := []string{}
	for _, r := range g.rows {
		if r.heading != "" {
			kinds = append(kinds, r.heading)
		}
	}
	if len(kinds) < 2 || g.rows[0].heading == "" {
		t.Errorf("results not grouped by kind: %v", kinds)
	}
	capture(t, sh.Win, "search")
	first := g.rows[g.current].hit
	g.key(fyne.KeyDown)
	second := g.rows[g.current].hit
	if second.ID == first.ID {
		t.Error("Down did not move to the next result")
	}
	g.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if wb.form == nil || wb.form.rec.ID != second.ID {
		t.Errorf("Enter did not open %q", second.Title)
	}
}

// Typed with an Arabic keyboard (ي for ی), a Persian name still finds its
// record; a search that finds nothing says so.
func TestPersianSearchWithArabicLettersScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		persianSearch(t, size)
	}
}

func persianSearch(t *testing.T, size fyne.Size) {
	sh := newTestShell(t, true)
	sh.Win.Resize(size)
	wb := sh.Bench
	wb.showSearch()
	g := wb.search
	test.Type(g.entry, "ايران")
	waitFor(t, func() bool { return len(g.rows) > 0 })
	var found []string
	for _, r := range g.rows {
		if r.heading == "" {
			found = append(found, r.hit.Title)
		}
	}
	if len(found) == 0 || found[0] != "Iran" || g.empty.Text != "" {
		t.Errorf("searching ايران found %q (and says %q)", found, g.empty.Text)
	}
	capture(t, sh.Win, fmt.Sprintf("search-persian-with-arabic-letters-%.0fx%.0f", size.Width, size.Height))
	g.entry.SetText("")
	test.Type(g.entry, "zanzibar")
	waitFor(t, func() bool { return len(g.rows) == 0 && g.empty.Text != "" })
	if g.empty.Text != "No results for “zanzibar”." {
		t.Errorf("no results: %q", g.empty.Text)
	}
	capture(t, sh.Win, "search-no-results")
}
