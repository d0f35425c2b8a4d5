package ui

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/store"
)

func TestCheckFindsAHandEditedAuditEntryScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	r := checkReport(context.Background(), sh.Store, "")
	if !r.ok || !strings.Contains(strings.Join(r.lines, "\n"), "audit trail is intact") {
		t.Fatalf("fresh demo: %v", r.lines)
	}
	// Someone changes entry 9 with another SQLite tool while it is open.
	db, err := sql.Open("sqlite3", sh.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE audit SET user = 'nobody' WHERE seq = 9"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	sh.checkWorkspace()
	waitFor(t, func() bool { return len(sh.lastCheck.lines) > 0 })
	text := strings.Join(sh.lastCheck.lines, "\n")
	if sh.lastCheck.ok || !strings.Contains(text, "broken at entry 9") || !strings.Contains(text, "passes SQLite's full integrity check") {
		t.Errorf("check result:\n%s", text)
	}
	capture(t, sh.Win, "verify-result")
}

func TestTLPFilteredListScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Actor)
	l := wb.list
	l.filters.tlp.SetSelected(string(data.TLPRed))
	want, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Actor, TLP: []data.TLP{data.TLPRed}})
	if l.matching != want || want == 0 {
		t.Fatalf("TLP:RED actors: %d shown, %d in the file", l.matching, want)
	}
	for i := 0; i < l.matching; i++ {
		if r := l.at(i); r.TLP != data.TLPRed {
			t.Errorf("row %d is %s", i, r.TLP)
		}
	}
	wb.openRecord(l.at(0).ID)
	capture(t, sh.Win, "list-tlp-red")
}

func TestBackupNowAndRestoreFromTheMenu(t *testing.T) {
	sh := newTestShell(t, true)
	sh.backupNow()
	sh.backupNow()
	list, _ := store.Backups(context.Background(), sh.Store.Path())
	if len(list) < 1 {
		t.Fatal("no backup written")
	}
	// A record made after the backup is gone once the backup is restored,
	// and kept in the file set aside.
	r := data.NewRecord(data.Actor)
	r.Title, r.Values["actor_type"] = "Made after the backup", "person"
	if err := sh.Store.Insert(r); err != nil {
		t.Fatal(err)
	}
	path := sh.Store.Path()
	sh.askRestore()
	capture(t, sh.Win, "restore-dialog")
	test.Tap(findButton(sh.Win.Canvas(), "Restore"))
	settle(t, sh)
	if sh.Store == nil {
		t.Fatal("workspace not reopened after restore")
	}
	if log, _ := sh.Store.AuditLog(context.Background(), 0, 1); len(log) != 1 || log[0].Title != "restored from a backup" {
		t.Errorf("restore not in the audit trail: %v", log)
	}
	capture(t, sh.Win, "restored")
	if _, err := sh.Store.Get(r.ID); err == nil {
		t.Error("restore did not bring back the backup's content")
	}
	aside, _ := filepath.Glob(strings.TrimSuffix(path, ".convenor") + ".before-restore-*.convenor")
	if len(aside) != 1 {
		t.Fatalf("file set aside: %v", aside)
	}
}

func TestSecondCopyIsToldTheWorkspaceIsInUse(t *testing.T) {
	sh := newTestShell(t, false)
	a := newTestApp(t)
	second := NewShell(a, t.TempDir())
	second.Open(sh.Store.Path(), false, false)
	settle(t, second)
	if second.Store != nil {
		second.closeStore()
		t.Fatal("a second copy opened the workspace for writing")
	}
	if findButton(second.Win.Canvas(), "Open another workspace…") == nil {
		t.Error("no way forward offered")
	}
	second.Win.Resize(fyne.NewSize(900, 360))
	capture(t, second.Win, "workspace-in-use")
}

func TestDamagedWorkspaceOffersTheLatestBackup(t *testing.T) {
	sh := newTestShell(t, true)
	path := sh.Store.Path()
	sh.backupNow()
	sh.closeStore()
	// Scribble over the middle of the file.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := f.Stat()
	junk := make([]byte, 8192)
	for i := range junk {
		junk[i] = 0xA5
	}
	f.WriteAt(junk, info.Size()/2)
	f.Close()

	a := newTestApp(t)
	again := NewShell(a, t.TempDir())
	again.Open(path, false, false)
	settle(t, again)
	if again.Store != nil {
		again.closeStore()
		t.Skip("the scribble missed every page SQLite checks")
	}
	var offer *fyneButton
	for _, b := range allButtons(again.Win.Canvas()) {
		if strings.HasPrefix(b.Text, "Restore the latest good backup") {
			offer = b
		}
	}
	if offer == nil {
		_, oerr := store.Open(context.Background(), path)
		t.Fatalf("a damaged workspace with a backup does not offer it: %v", oerr)
	}
	test.Tap(offer)
	settle(t, again)
	if again.Store == nil {
		t.Fatal("not reopened from the backup")
	}
	t.Cleanup(again.closeStore)
	if p, _ := again.Store.IntegrityCheck(context.Background()); len(p) != 0 {
		t.Errorf("restored file: %v", p)
	}
}

func TestExportDialogAsksForAPassphraseWhenSealedScreenshot(t *testing.T) {
	sh, _ := openSealedDemo(t, fyne.NewSize(1280, 800))
	unlockWith(t, sh, "correct horse battery")
	sh.Bench.showKind(data.Actor)
	sh.Bench.askExport()
	if n := len(topFormEntries(sh.Win.Canvas())); n != 2 {
		t.Fatalf("export of a sealed workspace asks for %d passphrase boxes, want 2", n)
	}
	if findButton(sh.Win.Canvas(), "Choose file…") == nil {
		t.Error("no way to choose the file")
	}
	capture(t, sh.Win, "export-dialog")
}

// The export dialog offers what each kind can be written as: address
// cards for actors, a calendar for engagements, neither for risks.
func TestExportOffersEachKindsFormats(t *testing.T) {
	sh := newTestShell(t, true)
	for kind, want := range map[*data.Kind]string{data.Actor: "vcf", data.Engagement: "ics", data.Risk: ""} {
		sh.Bench.showKind(kind)
		sh.Bench.askExport()
		var options []string
		for _, o := range test.LaidOutObjects(sh.Win.Canvas().Overlays().Top()) {
			if s, ok := o.(*widget.Select); ok && slices.Contains(s.Options, "csv") {
				options = s.Options
			}
		}
		if (want != "" && !slices.Contains(options, want)) || (want == "" && len(options) != 3) {
			t.Errorf("%s: offered %v", kind.Plural, options)
		}
		sh.Bench.closeDialog()
	}
}
