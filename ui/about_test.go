package ui

import (
	"strings"
	"testing"
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
