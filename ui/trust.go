package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/anchor"
	"convenor/data/store"
)

// Preference keys for automatic backups.
const (
	prefBackupEvery = "backup.every_minutes" // 0 turns the timer off
	prefBackupKeep  = "backup.keep"
)

func backupKeep(a fyne.App) int { return a.Preferences().IntWithFallback(prefBackupKeep, 10) }

// trustMenuItems are the Workspace menu's backup and checking items.
func (s *Shell) trustMenuItems() []*fyne.MenuItem {
	if s.Store == nil {
		return nil
	}
	items := []*fyne.MenuItem{fyne.NewMenuItemSeparator()}
	if s.Store.Sealed() {
		items = append(items,
			fyne.NewMenuItem("Lock now", func() { s.lockNow("Locked.\nEnter the passphrase to go on.") }),
			fyne.NewMenuItem("Change passphrase…", s.askChangePassphrase))
	} else {
		items = append(items, fyne.NewMenuItem("Protect with a passphrase…", func() { s.guard(s.askSeal) }))
	}
	return append(items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Back up now", s.backupNow),
		fyne.NewMenuItem("Restore from backup…", func() { s.guard(s.askRestore) }),
		fyne.NewMenuItem("Check integrity and audit trail…", s.checkWorkspace),
		fyne.NewMenuItem("Audit trail…", func() {
			if s.Bench != nil {
				s.Bench.showAuditTrail()
			}
		}),
	)
}

// startBackups makes a backup of a workspace just opened, then one every N
// minutes while it is being edited.
func (s *Shell) startBackups(st *store.Store) {
	keep := backupKeep(s.App)
	every := s.App.Preferences().IntWithFallback(prefBackupEvery, 10)
	bench := s.Bench
	failed := func(err error) {
		onUI(func() { bench.problem(fmt.Errorf("The automatic backup failed: %w", err)) })
	}
	stop := make(chan struct{})
	// Closing the workspace stops a backup under way; its partial file
	// is removed.
	ctx, cancel := context.WithCancel(s.ctx)
	s.backups.Add(1)
	s.stopBackups = func() { cancel(); close(stop); s.backups.Wait() }
	edits := &s.Bench.edits
	go func() {
		defer s.backups.Done()
		if _, err := st.BackupNow(ctx, keep); err != nil {
			failed(err)
		}
		if every <= 0 {
			return
		}
		t := time.NewTicker(time.Duration(every) * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if atomic.SwapInt64(edits, 0) == 0 {
					continue // nothing changed since the last one
				}
				if _, err := st.BackupNow(ctx, keep); err != nil {
					failed(err)
				}
			}
		}
	}()
}

func (s *Shell) backupNow() {
	path, err := s.Store.BackupNow(s.ctx, backupKeep(s.App))
	if err != nil {
		dialog.ShowError(err, s.Win)
		return
	}
	dialog.ShowInformation("Backed up", "A copy of the workspace is in\n"+path, s.Win)
}

// askRestore lists the backups, newest first, and restores the one chosen
// after a confirmation; the current file is kept aside, never deleted.
func (s *Shell) askRestore() {
	path := s.Store.Path()
	list, err := store.Backups(s.ctx, path)
	if err != nil || len(list) == 0 {
		dialog.ShowInformation("No backups", "There are no backups in\n"+store.BackupDir(path), s.Win)
		return
	}
	names := make([]string, len(list))
	for i, b := range list {
		names[i] = b.At.Local().Format("2006-01-02 15:04:05") + "  —  " + filepath.Base(b.Path)
	}
	choice := widget.NewRadioGroup(names, nil)
	choice.SetSelected(names[0])
	scroll := container.NewVScroll(choice)
	scroll.SetMinSize(fyne.NewSize(560, 220)) // several backups in view, newest first
	d := dialog.NewCustomConfirm("Restore from backup", "Restore", "Cancel",
		container.NewVBox(widget.NewLabel("The workspace will be replaced by the backup chosen.\nThe current file is kept beside it, renamed, not deleted."), scroll),
		func(ok bool) {
			if !ok {
				return
			}
			for i, n := range names {
				if n == choice.Selected {
					path := s.Store.Path()
					s.closeStore()
					s.restore(path, list[i].Path)
				}
			}
		}, s.Win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// restore puts the backup in place of the (closed) workspace at path,
// behind a progress dialog since it copies the whole file, then opens it.
func (s *Shell) restore(path, backup string) {
	var aside string
	s.busy("Restoring from the backup…", func() (err error) {
		aside, err = store.Restore(s.ctx, path, backup)
		return err
	}, func(err error) {
		s.openThen(path, false, false, func() {
			switch {
			case err != nil:
				dialog.ShowError(err, s.Win)
			case s.Store != nil:
				msg := "Restored from " + filepath.Base(backup) + "."
				if aside != "" {
					msg += "\nThe file it replaced is kept as\n" + aside
				}
				dialog.ShowInformation("Restored", msg, s.Win)
			}
		})
	})
}

// checkWorkspace runs SQLite's full integrity check and walks the audit
// chain, off the UI goroutine, and says what it found.
func (s *Shell) checkWorkspace() {
	st := s.Store
	var report checkResult
	s.busy("Checking the workspace…", func() error { report = checkReport(s.ctx, st, s.Anchors); return nil }, func(error) { s.showCheck(report) })
}

// busy runs work off the UI goroutine behind a modal progress dialog, so
// the window keeps drawing, then calls done with its error on the UI
// goroutine.
func (s *Shell) busy(title string, work func() error, done func(error)) {
	busy(s.Win, title, &s.working, work, done)
}

// busy is Shell.busy for any window; working counts what is under way,
// for tests.
func busy(win fyne.Window, title string, working *atomic.Int32, work func() error, done func(error)) {
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustomWithoutButtons(title, bar, win)
	wait.Show()
	working.Add(1)
	go func() {
		err := work()
		onUI(func() {
			defer working.Add(-1) // after done, which may start more
			// Hiding the dialog does not stop the bar's animation, which
			// would go on redrawing the window at frame rate for good.
			bar.Stop()
			wait.Hide()
			done(err)
		})
	}()
}

// checkReport is the text of a check, and whether all is well: as
// `convenor verify`, the file, the trail, the records and, when anchors
// names the book of heads seen here, the trail against the head last seen.
func checkReport(ctx context.Context, st *store.Store, anchors string) checkResult {
	var r checkResult
	problems, err := st.IntegrityCheck(ctx)
	switch {
	case err != nil:
		r.lines = append(r.lines, "The integrity check could not run: "+err.Error())
	case len(problems) > 0:
		r.lines = append(r.lines, "The file is damaged. SQLite's integrity check found:")
		for _, p := range problems {
			r.lines = append(r.lines, "  • "+p)
		}
		r.lines = append(r.lines, "Restore from a backup (Workspace menu) to get back a sound copy.")
	default:
		r.ok = true
		r.lines = append(r.lines, "The file passes SQLite's full integrity check.")
	}
	rep, err := st.Verify(ctx)
	if err != nil {
		r.ok = false
		r.lines = append(r.lines, "The audit trail could not be read: "+err.Error())
	} else {
		r.ok = r.ok && rep.Intact
		r.lines = append(r.lines, "", rep.String())
	}
	if anchors == "" {
		return r
	}
	book, err := anchor.Load(anchors)
	var f anchor.Finding
	var checked bool
	if err == nil {
		f, checked, err = st.CheckAnchor(ctx, book)
	}
	switch {
	case err != nil:
		r.ok = false
		r.lines = append(r.lines, "", "The trail could not be set against the head last seen here: "+err.Error())
	case checked:
		r.ok = r.ok && f.Standing != anchor.Behind && f.Standing != anchor.Diverged
		r.lines = append(r.lines, "", f.String())
	}
	return r
}

type checkResult struct {
	ok    bool
	lines []string
}

func (s *Shell) showCheck(r checkResult) {
	title := "Workspace checked: all is well"
	if !r.ok {
		title = "Workspace checked: problems found"
	}
	text := widget.NewLabel(strings.Join(r.lines, "\n"))
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	d := dialog.NewCustom(title, "Close", text, s.Win)
	d.Resize(fyne.NewSize(640, 300))
	s.lastCheck = r
	if s.Bench != nil {
		s.Bench.showDialog(d)
		return
	}
	d.Show()
}

// restoreLatestButton offers the newest sound backup when a workspace is damaged.
func (s *Shell) restoreLatestButton(path string, err error) fyne.CanvasObject {
	if !errors.Is(err, data.ErrDamaged) {
		return nil
	}
	good, ok := store.LatestGoodBackup(s.ctx, path)
	if !ok {
		return nil
	}
	return widget.NewButton("Restore the latest good backup ("+good.At.Local().Format("2006-01-02 15:04")+")", func() {
		s.restore(path, good.Path)
	})
}
