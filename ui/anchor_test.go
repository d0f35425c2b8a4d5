package ui

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data/demo"
	"convenor/data/store"
)

// overlayText is the text of every label in the window's dialogs.
func overlayText(c fyne.Canvas) string {
	var b strings.Builder
	for _, layer := range c.Overlays().List() {
		for _, o := range test.LaidOutObjects(layer) {
			if l, ok := o.(*widget.Label); ok && l.Visible() {
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

// Opening a workspace whose trail was cut since this machine saw it says
// so, once, and opens it all the same; a workspace never seen is said to
// be new here, once.
func TestOpeningACutTrailWarnsOnceAndOpens(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.convenor")
	s, err := store.Create(path, "desk")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	open := func() *Shell {
		t.Helper()
		sh := NewShell(newTestApp(t), dir)
		sh.Anchors = filepath.Join(dir, "data", "anchors.json")
		sh.Open(path, false, false)
		settle(t, sh)
		if sh.Store == nil {
			t.Fatal("the workspace did not open")
		}
		t.Cleanup(sh.closeStore)
		return sh
	}
	sh := open()
	if text := overlayText(sh.Win.Canvas()); !strings.Contains(text, "not seen this workspace before") {
		t.Errorf("first open says %q", text)
	}
	sh.closeStore()
	if sh = open(); overlayText(sh.Win.Canvas()) != "" {
		t.Errorf("a second open says %q", overlayText(sh.Win.Canvas()))
	}
	sh.closeStore()

	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM records WHERE id IN (SELECT record_id FROM audit ORDER BY seq DESC LIMIT 1);
		DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	sh = open()
	text := overlayText(sh.Win.Canvas())
	if !strings.Contains(text, "shorter than when this machine last saw it") || !strings.Contains(text, "entry 4") {
		t.Errorf("after the cut: %q", text)
	}
	sh.Win.Resize(fyne.NewSize(1024, 700)) // the smallest window a desk uses
	capture(t, sh.Win, "trail-cut-warning")
	sh.closeStore()
	if sh = open(); overlayText(sh.Win.Canvas()) != "" {
		t.Errorf("the warning came twice: %q", overlayText(sh.Win.Canvas()))
	}
}

// The Check dialog says what `convenor verify` says, the head last seen
// included: a trail cut while the workspace is open is a problem found.
func TestCheckSetsTheTrailAgainstTheHeadLastSeen(t *testing.T) {
	sh := newTestShell(t, true)
	book := filepath.Join(t.TempDir(), "anchors.json")
	ctx := context.Background()
	if r := checkReport(ctx, sh.Store, book); !r.ok || !strings.Contains(strings.Join(r.lines, "\n"), "has not seen this workspace before") {
		t.Fatalf("first check: %v", r.lines)
	}
	raw, err := sql.Open("sqlite3", sh.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DELETE FROM records WHERE id IN (SELECT record_id FROM audit ORDER BY seq DESC LIMIT 1);
		DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)`); err != nil {
		t.Fatal(err)
	}
	r := checkReport(ctx, sh.Store, book)
	if text := strings.Join(r.lines, "\n"); r.ok || !strings.Contains(text, "shorter than when this machine last saw it") {
		t.Errorf("after the cut: ok %v, %s", r.ok, text)
	}
}
