package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"convenor/data"
)

// Preference keys: the window's size and the last view, per machine.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
	prefKind   = "view.kind"
	prefRecord = "view.record"
	prefSplit  = "view.list_split" // the list's share beside the form
	prefSide   = "view.sidebar_split"
	prefWide   = "view.wide_list" // the list full width, the form folded away
)

// splits are the workbench's two dividers and whether the form is folded
// away, kept from one session to the next.
func (wb *Workbench) restoreSplits(side, right *container.Split) {
	p := wb.app.Preferences()
	side.Offset = p.FloatWithFallback(prefSide, 0.14)
	wb.side, wb.sideAuto = side, side.Offset
	if p.Float(prefSide) != 0 {
		wb.sideAuto = -1 // placed by hand in an earlier session
	}
	right.Offset = p.FloatWithFallback(prefSplit, 0.42)
	// Until someone moves the divider, the list takes what its columns need.
	wb.autoSplit, wb.lastAuto = p.Float(prefSplit) == 0, right.Offset
	if p.Bool(prefWide) {
		wb.setWide(true)
	}
}

func (wb *Workbench) saveSplits(side, right *container.Split) {
	p := wb.app.Preferences()
	if side.Offset != wb.sideAuto {
		p.SetFloat(prefSide, side.Offset)
	}
	if !wb.autoSplit || right.Offset != wb.lastAuto {
		p.SetFloat(prefSplit, right.Offset)
	}
	p.SetBool(prefWide, wb.wide)
}

// restoreView shows the kind and record last viewed, if they still exist.
func (wb *Workbench) restoreView() {
	p := wb.app.Preferences()
	k := data.KindByName(p.String(prefKind))
	if k == nil { // the first start, or a view showed last (home if none)
		// The first kind's list stands behind it, for New and Export.
		last := p.String(prefKind)
		wb.showKind(data.Kinds[0])
		for _, v := range wb.views {
			if _, kind := v.(kindView); !kind && viewPref(v) == last {
				wb.showView(v)
				return
			}
		}
		wb.showView(wb.dashboard)
		return
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

// viewPref names a view other than a kind's list in the preferences: its
// title without the count ("view:Due").
func viewPref(v view) string {
	title, _, _ := strings.Cut(v.Title(), " (")
	return "view:" + title
}
