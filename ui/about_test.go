package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"convenor/data/viewing"
)

// Help → About names the release (as convenor --version does) and where
// Convenor keeps its own files; an earlier run's crash is reported once.
func TestAboutNamesTheRelease(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Version = "0.1.0"
	var about bool
	for _, m := range sh.Win.MainMenu().Items {
		for _, it := range m.Items {
			if m.Label == "Help" && it.Label == "About Convenor" {
				it.Action()
				about = true
			}
		}
	}
	if !about || sh.about == nil || !strings.Contains(sh.about.Text, "Convenor 0.1.0") || !strings.Contains(sh.about.Text, sh.DefaultDir) {
		t.Fatalf("the About dialog: %v", sh.about)
	}
	capture(t, sh.Win, "about")
	sh.Win.Canvas().Overlays().Top().Hide()
	sh.ReportCrashes([]string{"/home/desk/.local/share/convenor/crash-reports/crash-20261126-201500.txt"})
	if !strings.Contains(topDialogText(sh.Win), "without any record's contents") {
		t.Errorf("the crash notice says %q", topDialogText(sh.Win))
	}
}

// A first start opens the demo and says what it is; "Start my own
// workspace…" asks where to make one.
func TestAFirstStartExplainsItself(t *testing.T) {
	a := newTestApp(t)
	dir := t.TempDir()
	sh := NewShell(a, dir)
	sh.Copies = viewing.At(filepath.Join(t.TempDir(), "viewing"))
	sh.FirstStart(filepath.Join(dir, "demo.convenor"))
	settle(t, sh)
	t.Cleanup(sh.closeStore)
	if sh.Store == nil || sh.welcomed == nil || !strings.Contains(topDialogText(sh.Win), "This is a demo workspace") {
		t.Fatalf("a first start shows %q", topDialogText(sh.Win))
	}
	capture(t, sh.Win, "first-start")
	test.Tap(findButton(sh.Win.Canvas(), "Start my own workspace…"))
	if !strings.Contains(topDialogText(sh.Win), "new-workspace.convenor") {
		t.Errorf("starting one's own asks %q", topDialogText(sh.Win))
	}
}
