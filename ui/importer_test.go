package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"convenor/data"
)

const incidents = "vessel,when,where,what\n" +
	"Mv Tricolor,2026-03-01,Strait of Hormuz,boarded at anchor\n" +
	"NA,2026-03-02,Gulf of Aden,\"fired upon;\ncrew unharmed\"\n"

func signalCount(t *testing.T, sh *Shell) int {
	t.Helper()
	n, err := sh.Store.Count(context.Background(), data.Query{Kind: data.Signal})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// mapIncidents maps the incidents file as a desk would: its columns to
// the signal's fields, a title from two columns, "NA" as empty, kind and
// severity for every row.
func mapIncidents(t *testing.T, st *importStep) {
	t.Helper()
	for i, label := range []string{"", "Date", "Place", "Summary"} {
		if label != "" {
			st.targets[i].SetSelected(label)
		}
	}
	test.Type(st.title, "{vessel} at {where}")
	test.Type(st.empty, "NA")
	test.Type(st.sets, "signal_type=maritime; severity=2")
}

// TestImportMapsPreviewsAndImportsScreenshot: headings matched or chosen,
// a title built from columns, values for every row; the preview counts
// what is added before anything is written; Import writes all of it, each
// record audited as imported from the file.
func TestImportMapsPreviewsAndImportsScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Signal)
	before := signalCount(t, sh)
	st := wb.showImport("incidents.csv", []byte(incidents))
	if st == nil {
		t.Fatal("the file was refused")
	}
	waitFor(t, func() bool { return strings.Contains(st.summary.Text, "problems") })
	if !st.run.Disabled() {
		t.Fatal("Import offered with nothing mapped")
	}
	mapIncidents(t, st)
	waitFor(t, func() bool { return st.summary.Text == "2 rows: 2 to add, 0 to update, 0 unchanged" })
	if st.run.Disabled() || !strings.Contains(st.details.Text, "line 3 adds “at Gulf of Aden”") {
		t.Fatalf("preview: %q", st.details.Text)
	}
	if n := signalCount(t, sh); n != before {
		t.Fatalf("the preview wrote %d signals", n-before)
	}
	capture(t, wb.win, "import-mapping")
	test.Tap(st.run)
	settle(t, sh)
	waitFor(t, func() bool { return strings.Contains(topDialogText(wb.win), "2 signals added") })
	if n := signalCount(t, sh); n != before+2 {
		t.Fatalf("%d signals imported", n-before)
	}
	hits, err := sh.Store.Search(context.Background(), "Tricolor", 5)
	if err != nil || len(hits) != 1 || hits[0].Title != "Mv Tricolor at Strait of Hormuz" {
		t.Fatalf("%v %v", hits, err)
	}
	hist, _ := sh.Store.History(hits[0].ID)
	if len(hist) != 1 || hist[0].Action != "import" || !strings.Contains(historyText(hist), "Imported from: incidents.csv") {
		t.Errorf("history: %s", historyText(hist))
	}
}

// TestImportWithABadRowOffersNothingToImportScreenshot: the preview names
// every bad row by the line it starts on in the file (line 5: the cell of
// two lines above pushes it down) and its column, and Import stays off.
func TestImportWithABadRowOffersNothingToImportScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Signal)
	bad := incidents + "Mv Atlantic,2026-02-30,Red Sea,hijacked\n"
	st := wb.showImport("incidents.csv", []byte(bad))
	mapIncidents(t, st)
	waitFor(t, func() bool { return strings.HasPrefix(st.summary.Text, "3 rows: 2 to add") })
	if !st.run.Disabled() || !strings.Contains(st.details.Text, "line 5, column “when”: must be a date written YYYY-MM-DD") {
		t.Fatalf("%q / %q", st.summary.Text, st.details.Text)
	}
	capture(t, wb.win, "import-problems")
}

// TestImportingEventsShowsTheirActorsScreenshot: a GDELT file is known by
// its columns; its mapping is fixed, its unknown actors listed.
func TestImportingEventsShowsTheirActorsScreenshot(t *testing.T) {
	b, err := os.ReadFile("../../shared/data/gdelt/gdelt2-sample.export.tsv")
	if err != nil {
		t.Skip("the GDELT sample is not beside this checkout")
	}
	sh := newTestShell(t, true)
	wb := sh.Bench
	st := wb.showImport("gdelt2-sample.export.tsv", b)
	waitFor(t, func() bool { return st.summary.Text == "100 rows: 100 to add, 0 to update, 0 unchanged" })
	if !st.targets[0].Disabled() || !strings.Contains(st.details.Text, "Actors not in the workspace") {
		t.Fatalf("%q", st.details.Text)
	}
	capture(t, wb.win, "import-events")
}

// TestImportInASmallWindowScreenshot: on a small screen the mapping step
// fits the window; its columns and preview scroll.
func TestImportInASmallWindowScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Win.Resize(fyne.NewSize(900, 600))
	sh.Bench.showKind(data.Signal)
	st := sh.Bench.showImport("incidents.csv", []byte(incidents))
	mapIncidents(t, st)
	waitFor(t, func() bool { return st.summary.Text == "2 rows: 2 to add, 0 to update, 0 unchanged" })
	if pos := st.run.Position(); pos.X+st.run.Size().Width > 900 {
		t.Errorf("Import is off the window at %v", pos)
	}
	capture(t, sh.Win, "import-small-window")
}

// TestImportSaysAWrongSettingAndOffersNothing: a value for every row that
// names no field is said, and no earlier preview replaces the message.
func TestImportSaysAWrongSettingAndOffersNothing(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Bench.showKind(data.Actor)
	st := sh.Bench.showImport("incidents.csv", []byte(incidents))
	test.Type(st.title, "{vessel}")
	test.Type(st.sets, "signal_type=maritime")
	waitFor(t, func() bool { return strings.Contains(st.summary.Text, "is not a field of actors") })
	time.Sleep(50 * time.Millisecond)
	runQueued()
	if !strings.Contains(st.summary.Text, "is not a field of actors") || !st.run.Disabled() {
		t.Fatalf("%q", st.summary.Text)
	}
}

// TestCancellingAnImportKeepsNothing: Cancel on the progress bar stops
// the write; the workspace holds what it held, and the window says so.
func TestCancellingAnImportKeepsNothing(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Signal)
	before := signalCount(t, sh)
	var b strings.Builder
	b.WriteString("Headline,Date,Kind,Direction and severity\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "Incident %d,2026-01-01,maritime,1\n", i)
	}
	st := wb.showImport("many.csv", []byte(b.String()))
	waitFor(t, func() bool { return strings.HasPrefix(st.summary.Text, "20000 rows: 20000 to add") })
	test.Tap(st.run)
	cancel := findButton(wb.win.Canvas(), "Cancel")
	if cancel == nil {
		t.Fatal("no Cancel on the progress bar")
	}
	test.Tap(cancel)
	settle(t, sh)
	waitFor(t, func() bool { return strings.Contains(topDialogText(wb.win), "Nothing was imported") })
	if n := signalCount(t, sh); n != before {
		t.Fatalf("%d signals kept after the cancel", n-before)
	}
}
