package ui

import (
	"fyne.io/fyne/v2"

	"convenor/data"
)

// Preference keys: the window's size and the last view, per machine.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
	prefKind   = "view.kind"
	prefRecord = "view.record"
)

// restoreView shows the kind and record last viewed, if they still exist.
func (wb *Workbench) restoreView() {
	p := wb.app.Preferences()
	k := data.KindByName(p.String(prefKind))
	if k == nil {
		k = data.Kinds[0]
	}
	wb.showKind(k)
	if id := p.String(prefRecord); id != "" {
		if r, err := wb.store.Get(id); err == nil && r.Kind == k {
			wb.showRecord(id)
		}
	}
}

// windowSize is the size the window had when last closed.
func windowSize(a fyne.App) fyne.Size {
	p := a.Preferences()
	return fyne.NewSize(float32(p.FloatWithFallback(prefWidth, 1280)), float32(p.FloatWithFallback(prefHeight, 800)))
}

func saveWindowSize(a fyne.App, s fyne.Size) {
	if s.Width >= 400 && s.Height >= 300 {
		a.Preferences().SetFloat(prefWidth, float64(s.Width))
		a.Preferences().SetFloat(prefHeight, float64(s.Height))
	}
}
