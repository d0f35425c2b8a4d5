// Package ui is Convenor's desktop window, built with Fyne. It reads and
// writes records only through the data package's Store, and builds every
// list and form from the record kinds' descriptions.
package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// Workbench is the main window's content: the kinds in a sidebar, the
// chosen kind's list, and the open record's form.
type Workbench struct {
	app     fyne.App
	win     fyne.Window
	store   *data.Store
	kind    *data.Kind
	counts  map[string]int
	sidebar *widget.List
	list    *recordList
	form    *recordForm
	detail  *fyne.Container
	picker  *pickerState
	// Switch asks the caller to open another workspace file; nil hides
	// the workspace menu items (tests).
	Switch func(path string, create bool)
}

// NewWorkbench fills win with the workbench for an open workspace.
func NewWorkbench(a fyne.App, win fyne.Window, s *data.Store) *Workbench {
	wb := &Workbench{app: a, win: win, store: s, counts: map[string]int{}}
	wb.sidebar = widget.NewList(
		func() int { return len(data.Kinds) },
		func() fyne.CanvasObject { return widget.NewLabel("Relationships (00000)") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			k := data.Kinds[i]
			o.(*widget.Label).SetText(k.Plural + " (" + strconv.Itoa(wb.counts[k.Name]) + ")")
		})
	wb.sidebar.OnSelected = func(i widget.ListItemID) { wb.showKind(data.Kinds[i]) }
	wb.list = newRecordList(wb)
	wb.detail = container.NewStack()
	name := widget.NewLabelWithStyle(workspaceName(s), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	name.Truncation = fyne.TextTruncateEllipsis
	side := container.NewBorder(container.NewVBox(name, widget.NewSeparator()), nil, nil, nil, wb.sidebar)
	right := container.NewHSplit(wb.list.view, wb.detail)
	right.Offset = 0.4
	split := container.NewHSplit(side, right)
	split.Offset = 0.18
	win.SetContent(split)
	win.SetTitle("Convenor — " + workspaceName(s))
	wb.refreshCounts()
	wb.sidebar.Select(0)
	return wb
}

func workspaceName(s *data.Store) string {
	if n := s.Meta("name"); n != "" {
		return n
	}
	return s.Path()
}

func (wb *Workbench) refreshCounts() {
	c, err := wb.store.Counts()
	if err != nil {
		wb.problem(err)
		return
	}
	wb.counts = c
	wb.sidebar.Refresh()
}

func (wb *Workbench) showKind(k *data.Kind) {
	if wb.kind == k {
		return
	}
	wb.kind = k
	for i, kk := range data.Kinds {
		if kk == k {
			wb.sidebar.Select(i)
		}
	}
	wb.list.show(k)
	wb.setForm(nil)
}

// openRecord shows a record in the form, switching kind if needed.
func (wb *Workbench) openRecord(id string) {
	r, err := wb.store.Get(id)
	if err != nil {
		wb.problem(err)
		return
	}
	if r.Kind != wb.kind {
		wb.showKind(r.Kind)
	}
	wb.list.selected = id
	wb.setForm(newRecordForm(wb, r))
}

func (wb *Workbench) newRecord() {
	wb.list.selected = ""
	wb.list.list.UnselectAll()
	wb.setForm(newRecordForm(wb, data.NewRecord(wb.kind)))
	wb.win.Canvas().Focus(wb.form.title)
}

func (wb *Workbench) setForm(f *recordForm) {
	wb.form = f
	if f == nil {
		hint := widget.NewLabel(wb.kind.Help + "\n\nChoose a record on the left, or press New.")
		hint.Wrapping = fyne.TextWrapWord
		wb.detail.Objects = []fyne.CanvasObject{container.NewPadded(hint)}
	} else {
		wb.detail.Objects = []fyne.CanvasObject{f.view}
	}
	wb.detail.Refresh()
}

func (wb *Workbench) recordSaved(r *data.Record) {
	wb.refreshCounts()
	wb.list.reload()
	wb.list.selected = r.ID
	wb.setForm(newRecordForm(wb, r))
	wb.form.status.SetText("Saved.")
}

func (wb *Workbench) recordDeleted(r *data.Record) {
	wb.refreshCounts()
	wb.list.reload()
	wb.list.list.UnselectAll()
	wb.setForm(nil)
}

// problem tells the user about an error the workbench cannot recover from
// by itself, without closing anything.
func (wb *Workbench) problem(err error) {
	dialog.ShowError(fmt.Errorf("%w", err), wb.win)
}
