package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// trailPage is how many audit entries are read at a time; trailPagesKept
// bounds how many stay in memory while someone scrolls a long trail.
const (
	trailPage      = 100
	trailPagesKept = 20
)

// auditTrail is the whole workspace's audit trail, newest first: every
// record's changes and the workspace's own (passphrase, restores). The
// list reads pages as they scroll into view.
type auditTrail struct {
	wb     *Workbench
	total  int
	pages  map[int][]data.AuditEntry
	list   *widget.List
	detail *widget.Label
	open   *widget.Button
	dialog dialog.Dialog
	title  string
}

// showAuditTrail counts the trail and finds its label off the UI goroutine
// (a pass over every entry: 160 ms at 100,000), then shows it.
func (wb *Workbench) showAuditTrail() {
	st := wb.store
	go func() {
		total, err := st.AuditCount()
		var label data.TLP
		if err == nil {
			label, err = st.TrailLabel()
		}
		onUI(func() {
			if err != nil {
				wb.problem(err)
				return
			}
			wb.openAuditTrail(total, label)
		})
	}()
}

func (wb *Workbench) openAuditTrail(total int, label data.TLP) {
	a := &auditTrail{wb: wb, total: total, pages: map[int][]data.AuditEntry{}}
	a.detail = widget.NewLabel("Choose an entry to see what changed.")
	a.detail.Wrapping = fyne.TextWrapWord
	a.detail.Selectable = true
	a.open = widget.NewButtonWithIcon("Open this record", theme.NavigateNextIcon(), nil)
	a.open.Disable()
	a.list = widget.NewList(func() int { return a.total },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if e := a.entry(i); e != nil {
				o.(*widget.Label).SetText(trailLine(e))
			}
		})
	a.list.OnSelected = a.choose
	split := container.NewHSplit(a.list, container.NewBorder(nil, container.NewHBox(a.open), nil, nil, container.NewVScroll(a.detail)))
	split.Offset = 0.55
	// The trail names every record there ever was: it carries the most
	// restrictive label any of them has had.
	a.title = fmt.Sprintf("%s · Audit trail of the workspace (%d entries)", label, total)
	a.dialog = dialog.NewCustom(a.title, "Close", split, wb.win)
	a.dialog.Resize(fyne.NewSize(1000, 600))
	wb.trail = a
	wb.showDialog(a.dialog)
}

// entry reads the i-th newest entry, by the page.
func (a *auditTrail) entry(i int) *data.AuditEntry {
	p := i / trailPage
	page, ok := a.pages[p]
	if !ok {
		if len(a.pages) >= trailPagesKept {
			clear(a.pages)
		}
		var err error
		if page, err = a.wb.store.AuditLog(a.wb.ctx, p*trailPage, trailPage); err != nil {
			return nil
		}
		a.pages[p] = page
	}
	if off := i % trailPage; off < len(page) {
		return &page[off]
	}
	return nil
}

func (a *auditTrail) choose(i widget.ListItemID) {
	e := a.entry(i)
	if e == nil {
		return
	}
	text := historyText([]data.AuditEntry{*e})
	if e.Kind != nil {
		text = e.Kind.Label + " “" + e.Title + "”\n\n" + text
	}
	a.detail.SetText(text)
	a.open.Disable()
	if e.RecordID == "" {
		return
	}
	if _, err := a.wb.store.Get(e.RecordID); err != nil {
		a.open.SetText("Record deleted")
		return
	}
	id := e.RecordID
	a.open.SetText("Open this record")
	a.open.OnTapped = func() {
		a.dialog.Hide()
		a.wb.openRecord(id)
	}
	a.open.Enable()
}

// trailLine is one entry in a line: when, who, what, which record.
func trailLine(e *data.AuditEntry) string {
	at := e.At.Local().Format("2006-01-02 15:04")
	if e.Kind == nil {
		return fmt.Sprintf("%s · %s · %s", at, e.User, e.Title) // "workspace name set", "restored from a backup"…
	}
	return fmt.Sprintf("%s · %s · %s %s “%s”", at, e.User, auditVerbs[e.Action], e.Kind.Label, e.Title)
}
