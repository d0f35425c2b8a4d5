package ui

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/store"
)

// prefIdleLock is how many idle minutes lock a sealed workspace; 0 never.
const prefIdleLock = "lock.idle_minutes"

// idleUnit is a minute; tests shorten it.
var idleUnit = time.Minute

// passphraseField is a hidden entry that says what a passphrase needs.
func passphraseField(placeholder string) *widget.Entry {
	e := widget.NewPasswordEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

// newPassphraseItems asks for a new passphrase twice.
func newPassphraseItems() (*widget.Entry, []*widget.FormItem) {
	return passphraseItems(func() bool { return true })
}

// passphraseItems checks the passphrase only while wanted says it is needed.
func passphraseItems(wanted func() bool) (*widget.Entry, []*widget.FormItem) {
	pass := passphraseField("at least 8 characters; a few words are best")
	again := passphraseField("the same again")
	pass.Validator = func(s string) error {
		if wanted() && len([]rune(s)) < 8 {
			return errors.New("at least 8 characters")
		}
		return nil
	}
	again.Validator = func(s string) error {
		if wanted() && s != pass.Text {
			return errors.New("the two do not match")
		}
		return nil
	}
	return pass, []*widget.FormItem{
		{Text: "Passphrase", Widget: pass, HintText: "Without it the file cannot be read. It cannot be recovered if lost."},
		{Text: "Again", Widget: again},
	}
}

// showUnlock asks for a sealed workspace's passphrase. A wrong one is said
// so, and nothing is changed.
func (s *Shell) showUnlock(path string, reason string) {
	s.Bench = nil
	s.Win.SetTitle("Convenor — locked")
	s.Win.SetMainMenu(nil)
	pass := passphraseField("passphrase")
	// Short lines, not wrapped text: this screen must read right at once.
	msg := widget.NewLabel(reason)
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	unlock := widget.NewButton("Unlock", nil)
	unlock.Importance = widget.HighImportance
	unlock.OnTapped = func() {
		var st *store.Store
		phrase := pass.Text
		pass.SetText("")
		problem.SetText("")
		// Deriving the key and unsealing every record takes seconds on a
		// large workspace: off the UI goroutine.
		s.busy("Unsealing the workspace…", func() (err error) {
			st, err = store.OpenSealed(s.ctx, path, phrase)
			return err
		}, func(err error) {
			switch {
			case errors.Is(err, data.ErrWrongPassphrase):
				problem.SetText("Wrong passphrase. Nothing was changed; try again.")
				s.Win.Canvas().Focus(pass)
			case err != nil:
				s.showRefused(path, err)
			default:
				s.use(st)
				s.noteAnchor(st, true)
			}
		})
	}
	pass.OnSubmitted = func(string) { unlock.OnTapped() }
	other := widget.NewButton("Open another workspace…", s.askOpen)
	quit := widget.NewButton("Quit", s.App.Quit)
	file := widget.NewLabel(path)
	file.Truncation = fyne.TextTruncateEllipsis
	card := widget.NewCard("This workspace is sealed", "", container.NewVBox(file, msg, pass, problem, container.NewHBox(unlock, other, quit)))
	s.Win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 340), card)))
	s.Win.Canvas().Focus(pass)
	s.unlock = &unlockState{pass: pass, button: unlock, problem: problem}
}

// unlockState lets tests drive the unlock screen.
type unlockState struct {
	pass    *widget.Entry
	button  *widget.Button
	problem *widget.Label
}

// lockNow closes a sealed workspace, which wipes its records from memory,
// and asks for the passphrase again.
func (s *Shell) lockNow(why string) {
	if s.Store == nil || !s.Store.Sealed() {
		return
	}
	path := s.Store.Path()
	lock := func(bool) {
		s.closeStore()
		s.Bench = nil
		s.showUnlock(path, why)
	}
	if s.Bench != nil && s.Bench.form != nil && s.Bench.form.dirty {
		// A lock must not lose work: it waits for the save (an invalid form
		// stays unsaved).
		s.Bench.form.saveThen(lock)
		return
	}
	lock(true)
}

// watchIdle locks a sealed workspace after the idle time the user set.
func (s *Shell) watchIdle(st *store.Store) (stop func()) {
	minutes := s.App.Preferences().IntWithFallback(prefIdleLock, 10)
	if !st.Sealed() || minutes <= 0 {
		return func() {}
	}
	limit := time.Duration(minutes) * idleUnit
	done := make(chan struct{})
	bench := s.Bench
	go func() {
		t := time.NewTicker(limit / 20)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if time.Since(time.Unix(0, atomic.LoadInt64(&bench.active))) >= limit {
					onUI(func() {
						if s.Bench == bench {
							s.lockNow(fmt.Sprintf("Locked after %d minutes without use.\nEnter the passphrase to go on.", minutes))
						}
					})
					return
				}
			}
		}
	}()
	return func() { close(done) }
}

// askSeal gives the open, plain workspace a passphrase.
func (s *Shell) askSeal() {
	pass, items := newPassphraseItems()
	backups, err := store.Backups(s.ctx, s.Store.Path())
	note := "The workspace will be encrypted. Keep the passphrase safe: without it nobody, including you, can read the file."
	if err != nil {
		note += "\nIts backups could not be listed (" + err.Error() + "); any that are not encrypted will be deleted."
	} else if len(backups) > 0 {
		note += fmt.Sprintf("\nIts %d existing backups are not encrypted and will be deleted; a new, sealed backup is made at once.", len(backups))
	}
	items = append([]*widget.FormItem{{Text: "", Widget: wrapLabel(note)}}, items...)
	d := dialog.NewForm("Protect with a passphrase", "Encrypt", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		path, phrase := s.Store.Path(), pass.Text
		s.closeStore()
		s.Bench = nil
		var st *store.Store
		s.busy("Encrypting the workspace…", func() error {
			if _, err := store.SealWorkspace(s.ctx, path, phrase); err != nil {
				return err
			}
			var err error
			st, err = store.OpenSealed(s.ctx, path, phrase)
			return err
		}, func(err error) {
			if err != nil {
				s.Open(path, false, false) // as it was, sealed or not
				dialog.ShowError(err, s.Win)
				return
			}
			s.use(st)
			s.noteAnchor(st, false)
		})
	}, s.Win)
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}

// askChangePassphrase re-seals the data key under a new passphrase.
func (s *Shell) askChangePassphrase() {
	old := passphraseField("the current passphrase")
	pass, items := newPassphraseItems()
	items = append([]*widget.FormItem{{Text: "Current", Widget: old}}, items...)
	d := dialog.NewForm("Change passphrase", "Change", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		st, before, after := s.Store, old.Text, pass.Text
		s.busy("Sealing every record under a new key…", func() error { return st.ChangePassphrase(before, after) }, func(err error) {
			if err != nil {
				dialog.ShowError(err, s.Win)
				return
			}
			dialog.ShowInformation("Passphrase changed", "From now on only the new passphrase opens this workspace.\nBackups made before keep the old one.", s.Win)
		})
	}, s.Win)
	d.Resize(fyne.NewSize(520, 280))
	d.Show()
}

func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
