package ui

import (
	"errors"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// setting is one number the user can set, kept in Fyne preferences.
type setting struct {
	key, label, hint string
	fallback, max    int
}

var settings = []setting{
	{prefIdleLock, "Lock after (minutes idle)", "A sealed workspace locks itself; 0 never locks.", 10, 240},
	{prefBackupEvery, "Back up every (minutes)", "While something changed; 0 backs up only on opening.", 10, 1440},
	{prefBackupKeep, "Backups to keep", "The oldest beyond this are deleted.", 10, 1000},
}

// showSettings edits the settings; they apply from the next opening.
func (s *Shell) showSettings() {
	p := s.App.Preferences()
	entries := make([]*widget.Entry, len(settings))
	var items []*widget.FormItem
	for i, st := range settings {
		st := st
		e := widget.NewEntry()
		e.SetText(strconv.Itoa(p.IntWithFallback(st.key, st.fallback)))
		e.Validator = func(text string) error {
			n, err := strconv.Atoi(text)
			if err != nil || n < 0 || n > st.max {
				return errors.New("a whole number from 0 to " + strconv.Itoa(st.max))
			}
			if st.key == prefBackupKeep && n == 0 {
				return errors.New("keep at least 1")
			}
			return nil
		}
		entries[i] = e
		items = append(items, &widget.FormItem{Text: st.label, Widget: e, HintText: st.hint})
	}
	d := dialog.NewForm("Settings", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		for i, st := range settings {
			n, _ := strconv.Atoi(entries[i].Text)
			p.SetInt(st.key, n)
		}
		// The timers read these when a workspace opens; restart them now.
		if s.Store != nil && s.Bench != nil {
			s.restartTimers()
		}
	}, s.Win)
	d.Resize(fyne.NewSize(560, 380))
	d.Show()
	s.settings = entries
}

// restartTimers applies changed settings to the open workspace.
func (s *Shell) restartTimers() {
	if s.stopIdle != nil {
		s.stopIdle()
	}
	s.stopIdle = s.watchIdle(s.Store)
}
