package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"convenor/data"
	"convenor/data/viewing"
)

// newTestShell opens a workspace in the headless test driver: the demo when
// demo is set, otherwise an empty one.
func newTestShell(t testing.TB, demo bool) *Shell {
	t.Helper()
	a := newTestApp(t)
	dir := t.TempDir()
	sh := NewShell(a, dir)
	sh.Copies = viewing.At(filepath.Join(t.TempDir(), "viewing"))
	sh.Open(filepath.Join(dir, "ws.convenor"), true, demo)
	settle(t, sh)
	if sh.Store == nil {
		t.Fatal("workspace did not open")
	}
	sh.Win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(sh.closeStore)
	return sh
}

// capture writes what the window shows to docs/screenshots/NAME.png.
// screenshots is docs/screenshots, found before any test changes folder.
var screenshots, _ = filepath.Abs(filepath.Join("..", "docs", "screenshots"))

func capture(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	dir := screenshots
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

func TestCreateActorThroughTheForm(t *testing.T) {
	sh := newTestShell(t, false)
	wb := sh.Bench
	wb.showKind(data.Actor)
	test.Tap(wb.list.add)
	f := wb.form
	if f == nil || f.rec.ID != "" {
		t.Fatal("New did not open an empty form")
	}
	test.Type(f.title, "Pakistani envoy to Tehran")
	f.inputs["actor_type"].(*choiceInput).sel.SetSelected("person")
	f.inputs["influence"].(*scaleInput).radio.SetSelected("4")
	test.Type(f.inputs["native_name"].(*textInput).entry, "سفیر پاکستان")
	f.tlp.SetSelected(string(data.TLPRed))
	test.Type(f.tags.entry, "back-channel, envoy")
	test.Tap(f.save)

	recs, err := sh.Store.List(context.Background(), data.Query{Kind: data.Actor, Text: "envoy Tehran"})
	if err != nil || len(recs) != 1 {
		t.Fatalf("actor in the database: %v, %v", recs, err)
	}
	r := recs[0]
	if r.Values["actor_type"] != "person" || r.Values["influence"] != int64(4) || r.Values["native_name"] != "سفیر پاکستان" ||
		r.TLP != data.TLPRed || strings.Join(r.Tags, "|") != "back-channel|envoy" {
		t.Errorf("stored: %+v", r)
	}
	if wb.form.rec.ID != r.ID || wb.form.status.Text != "Saved." {
		t.Errorf("form after save shows %q, status %q", wb.form.rec.ID, wb.form.status.Text)
	}
	runQueued() // the store's notice reaches the window
	if wb.list.heading.Text != "Actors (1)" || wb.list.total != 1 {
		t.Errorf("list heading %q", wb.list.heading.Text)
	}
	if hist, _ := sh.Store.History(r.ID); len(hist) != 1 || hist[0].Action != "create" {
		t.Errorf("history: %+v", hist)
	}
}

func TestInvalidInputNamesTheFieldAndSavesNothing(t *testing.T) {
	sh := newTestShell(t, false)
	wb := sh.Bench
	wb.showKind(data.Signal)
	test.Tap(wb.list.add)
	f := wb.form
	test.Type(f.title, "Tanker seized")
	test.Type(f.inputs["latitude"].(*textInput).entry, "123")
	test.Tap(f.save)
	for _, want := range []string{"Cannot be saved yet", "Latitude: must be from -90 to 90"} {
		if !strings.Contains(f.status.Text, want) {
			t.Errorf("status %q does not say %q", f.status.Text, want)
		}
	}
	f.inputs["latitude"].(*textInput).entry.SetText("")
	test.Tap(f.save)
	if !strings.Contains(f.status.Text, "Date: is required") {
		t.Errorf("status %q does not name the missing date", f.status.Text)
	}
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Signal}); n != 0 {
		t.Errorf("%d signals saved from an invalid form", n)
	}
}

func TestEditAndDeleteThroughTheWindow(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	recs, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Risk, Text: "leak"})
	wb.openRecord(recs[0].ID)
	f := wb.form
	f.inputs["likelihood"].(*scaleInput).radio.SetSelected("5")
	test.Tap(f.save)
	got, _ := sh.Store.Get(recs[0].ID)
	if got.Values["likelihood"] != int64(5) || got.Values["score"] != int64(25) {
		t.Fatalf("after edit: likelihood %v score %v", got.Values["likelihood"], got.Values["score"])
	}
	if !strings.Contains(wb.form.inputs["score"].(*computedInput).label.Text, "25 (critical)") {
		t.Errorf("score shown as %q", wb.form.inputs["score"].(*computedInput).label.Text)
	}
	before, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Risk})
	test.Tap(wb.form.delete)
	confirm := findButton(sh.Win.Canvas(), "Delete")
	if confirm == nil {
		t.Fatal("no confirmation asked before deleting")
	}
	test.Tap(confirm)
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Risk}); n != before-1 {
		t.Errorf("risks: %d before, %d after delete", before, n)
	}
	runQueued()
	if wb.list.heading.Text != "Risks (6)" {
		t.Errorf("list heading %q", wb.list.heading.Text)
	}
}

func TestPickerLinksAParticipant(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	recs, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Engagement, Text: "Lahore"})
	wb.openRecord(recs[0].ID)
	parts := wb.form.inputs["participants"].(*linksInput)
	n := len(parts.links)
	test.Tap(findButton(sh.Win.Canvas(), "Add…"))
	if wb.picker == nil {
		t.Fatal("picker did not open")
	}
	test.Type(wb.picker.search, "American expert")
	if len(*wb.picker.results) != 1 {
		t.Fatalf("picker results: %+v", *wb.picker.results)
	}
	wb.picker.list.Select(0)
	test.Tap(wb.form.save)
	got, _ := sh.Store.Get(recs[0].ID)
	l := got.Links("participants")
	if len(l) != n+1 || l[n].Title != "American regional expert (demo person)" || l[n].Role != "participant" {
		t.Fatalf("participants: %+v", l)
	}
}

func TestRefusedWorkspaceIsExplained(t *testing.T) {
	a := newTestApp(t)
	path := filepath.Join(t.TempDir(), "minutes.convenor")
	os.WriteFile(path, []byte("minutes of the meeting"), 0o600)
	sh := NewShell(a, t.TempDir())
	sh.Open(path, true, false)
	settle(t, sh)
	if sh.Store != nil {
		t.Fatal("opened a text file")
	}
	if findButton(sh.Win.Canvas(), "Open another workspace…") == nil {
		t.Error("no way forward offered")
	}
	if b, _ := os.ReadFile(path); string(b) != "minutes of the meeting" {
		t.Error("the refused file was changed")
	}
	sh.Win.Resize(fyne.NewSize(900, 400))
	capture(t, sh.Win, "refused-workspace")
}
