package ui

import (
	"fmt"

	"fyne.io/fyne/v2/dialog"

	"convenor/data/anchor"
	"convenor/data/store"
)

// noteAnchor sets the open workspace's audit trail against the head this
// machine saw last, off the UI goroutine, and notes the current one. A
// trail that is shorter or different is said, once, and never refuses the
// workspace (a restore does it too); so is a workspace this machine has
// not seen, when tell is set (opened, not made here).
func (s *Shell) noteAnchor(st *store.Store, tell bool) {
	if s.Anchors == "" {
		return
	}
	book := s.Anchors
	s.working.Add(1)
	go func() {
		f, checked, err := checkAnchor(s, st, book)
		onUI(func() {
			defer s.working.Add(-1)
			switch {
			case err != nil:
				dialog.ShowError(fmt.Errorf("The audit trail could not be set against the one last seen here: %w", err), s.Win)
			case !checked || f.Fine():
			case f.Standing == anchor.Unseen && !tell:
			default:
				dialog.ShowInformation("Audit trail", f.String(), s.Win)
			}
		})
	}()
}

func checkAnchor(s *Shell, st *store.Store, path string) (anchor.Finding, bool, error) {
	book, err := anchor.Load(path)
	if err != nil {
		return anchor.Finding{}, false, err
	}
	return st.CheckAnchor(s.ctx, book)
}
