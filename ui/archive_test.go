package ui

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/interchange"
	"convenor/data/store"
)

// TestRestoreArchiveIntoAnEmptyWorkspaceScreenshot: an archive of the
// demo, restored through the window into an empty workspace, fills it
// and says what came.
func TestRestoreArchiveIntoAnEmptyWorkspaceScreenshot(t *testing.T) {
	src, err := store.CreateFilled(filepath.Join(t.TempDir(), "src.convenor"), demo.Name, "", func(s *store.Store) error { return demo.Fill(s, time.Now()) })
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := interchange.WriteArchive(context.Background(), src, &b); err != nil {
		t.Fatal(err)
	}
	want, _ := src.Counts(context.Background())
	src.Close()
	sh := newTestShell(t, false)
	sh.Bench.restoreArchive("desk.convenor-archive", b.Bytes(), "")
	settle(t, sh)
	waitFor(t, func() bool { return strings.Contains(topDialogText(sh.Win), "records added") })
	got, _ := sh.Store.Counts(context.Background())
	for _, k := range data.Kinds {
		if got[k.Name] != want[k.Name] {
			t.Errorf("%s: %d restored of %d", k.Plural, got[k.Name], want[k.Name])
		}
	}
	if !strings.Contains(topDialogText(sh.Win), "audit entries are kept as history") {
		t.Errorf("said: %q", topDialogText(sh.Win))
	}
	capture(t, sh.Win, "restore-archive")
}

// TestBriefingDialogOffersTheCapScreenshot: Workspace → Briefing… asks
// for the label above which nothing goes in, then for the file.
func TestBriefingDialogOffersTheCapScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Bench.askBriefing()
	if findButton(sh.Win.Canvas(), "Choose file…") == nil || !strings.Contains(topDialogText(sh.Win), "TLP:AMBER") {
		t.Fatalf("the briefing dialog: %q", topDialogText(sh.Win))
	}
	capture(t, sh.Win, "briefing-dialog")
}

// TestCalendarExportAsksBeforeGivingAddresses: only the engagements'
// export offers attendees' addresses, and leaves it unticked.
func TestCalendarExportAsksBeforeGivingAddresses(t *testing.T) {
	sh := newTestShell(t, true)
	for kind, offered := range map[*data.Kind]bool{data.Engagement: true, data.Actor: false} {
		sh.Bench.showKind(kind)
		sh.Bench.askExport()
		var box *widget.Check
		for _, o := range test.LaidOutObjects(sh.Win.Canvas().Overlays().Top()) {
			if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, "Give attendees") {
				box = c
			}
		}
		if (box != nil) != offered || (box != nil && box.Checked) {
			t.Errorf("%s: offered %v", kind.Plural, box != nil)
		}
		sh.Bench.closeDialog()
	}
}
