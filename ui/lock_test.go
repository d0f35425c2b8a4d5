package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
	"convenor/data/viewing"
)

func sealedDemo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s, err := store.CreateSealed(path, "Sealed desk", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(s, time.Now()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

// openSealedDemo shows a sealed demo workspace's unlock screen in a new
// headless window of the given size.
func openSealedDemo(t *testing.T, size fyne.Size) (*Shell, string) {
	t.Helper()
	path := sealedDemo(t)
	a := newTestApp(t)
	sh := NewShell(a, t.TempDir())
	sh.Copies = viewing.At(filepath.Join(t.TempDir(), "viewing"))
	t.Cleanup(sh.closeStore)
	sh.Win.Resize(size)
	sh.Open(path, false, false)
	settle(t, sh)
	return sh, path
}

func TestUnlockScreenRefusesAWrongPassphraseScreenshot(t *testing.T) {
	sh, _ := openSealedDemo(t, fyne.NewSize(1000, 600))
	if sh.Store != nil || sh.unlock == nil {
		t.Fatal("a sealed workspace opened without its passphrase")
	}
	test.Type(sh.unlock.pass, "wrong horse battery")
	test.Tap(sh.unlock.button)
	waitFor(t, func() bool { return sh.unlock.problem.Text != "" })
	if sh.Store != nil || !strings.Contains(sh.unlock.problem.Text, "Wrong passphrase") {
		t.Fatalf("wrong passphrase: store %v, %q", sh.Store != nil, sh.unlock.problem.Text)
	}
	if sh.unlock.pass.Text != "" {
		t.Error("the wrong passphrase stays in the box")
	}
	if findButton(sh.Win.Canvas(), "Quit") == nil {
		t.Error("the locked screen has no Quit")
	}
	capture(t, sh.Win, "unlock")
	unlockWith(t, sh, "correct horse battery")
	if sh.Store == nil || !sh.Store.Sealed() || sh.Bench == nil {
		t.Fatal("the right passphrase did not open it")
	}
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Actor}); n != 17 {
		t.Errorf("%d actors after unlocking", n)
	}
	if !strings.Contains(sh.Win.Title(), "DEMO") {
		t.Errorf("title %q", sh.Win.Title())
	}
}

func TestSealedWorkspaceLocksWhenIdle(t *testing.T) {
	defer func(u time.Duration) { idleUnit = u }(idleUnit)
	idleUnit = time.Second // long enough for the steps below on a slow machine
	sh, path := openSealedDemo(t, fyne.NewSize(1280, 800))
	sh.App.Preferences().SetInt(prefIdleLock, 1) // read when the workspace is unlocked
	unlockWith(t, sh, "correct horse battery")
	// An edit under way is saved, not lost, when the lock comes.
	r, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Risk, Limit: 1})
	sh.Bench.openRecord(r[0].ID)
	sh.Bench.form.notes.entry.SetText("checked before lunch")
	// The lock closes the store, then shows the unlock screen: wait for both.
	waitFor(t, func() bool {
		return sh.Store == nil && sh.unlock != nil && strings.Contains(sh.Win.Title(), "locked")
	})
	st, err := store.OpenSealed(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, _ := st.Get(r[0].ID); got.Notes != "checked before lunch" {
		t.Errorf("edit under way at the lock: %q", got.Notes)
	}
}

func TestProtectAnOpenWorkspaceWithAPassphrase(t *testing.T) {
	sh := newTestShell(t, true)
	path := sh.Store.Path()
	sh.askSeal()
	// Fill the dialog's two passphrase boxes and confirm.
	d := topFormEntries(sh.Win.Canvas())
	if len(d) < 2 {
		t.Fatalf("passphrase boxes: %d", len(d))
	}
	test.Type(d[0], "a long enough passphrase")
	test.Type(d[1], "a long enough passphrase")
	capture(t, sh.Win, "protect-with-passphrase")
	test.Tap(findButton(sh.Win.Canvas(), "Encrypt"))
	waitFor(t, func() bool { return sh.Bench != nil }) // use() sets it after the store
	if sh.Store == nil || !sh.Store.Sealed() {
		t.Fatal("workspace not sealed and reopened")
	}
	if sealed, _ := store.IsSealed(context.Background(), path); !sealed {
		t.Error("file not sealed")
	}
}

func TestSettingsAreCheckedAndKept(t *testing.T) {
	sh := newTestShell(t, false)
	sh.showSettings()
	idle := sh.settings[0]
	idle.SetText("-3")
	if idle.Validate() == nil {
		t.Error("a negative idle time accepted")
	}
	idle.SetText("25")
	keep := sh.settings[2]
	keep.SetText("0")
	if keep.Validate() == nil {
		t.Error("keeping no backups accepted")
	}
	keep.SetText("4")
	capture(t, sh.Win, "settings")
	test.Tap(findButton(sh.Win.Canvas(), "Save"))
	if sh.App.Preferences().Int(prefIdleLock) != 25 || backupKeep(sh.App) != 4 {
		t.Errorf("kept: idle %d, keep %d", sh.App.Preferences().Int(prefIdleLock), backupKeep(sh.App))
	}
}

// unlockWith types the passphrase on the unlock screen and waits until the
// workspace is open.
func unlockWith(t *testing.T, sh *Shell, passphrase string) {
	t.Helper()
	test.Type(sh.unlock.pass, passphrase)
	test.Tap(sh.unlock.button)
	// use() clears the unlock screen last, once the workbench is up.
	waitFor(t, func() bool { return sh.unlock == nil })
}
