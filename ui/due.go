package ui

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// dueHorizon is how far ahead the due list looks.
const dueHorizon = 14 * 24 * time.Hour

// dueView is one list, across the workspace, of what needs attention:
// follow-up actions due, and records whose review or target date has
// come, overdue first. Tapping a line opens its record.
type dueView struct {
	wb      *Workbench
	items   []data.DueItem
	heading *widget.Label
	list    *widget.List
	content fyne.CanvasObject
}

func newDueView(wb *Workbench) *dueView {
	v := &dueView{wb: wb, heading: widget.NewLabel("")}
	v.heading.TextStyle.Bold = true
	v.list = widget.NewList(func() int { return len(v.items) },
		func() fyne.CanvasObject {
			// Fixed widths, so every line's columns start at the same place.
			date, kind := widget.NewLabel("2026-12-31 overdue"), widget.NewLabel("")
			width := float32(0)
			for _, k := range data.Kinds {
				kind.SetText(k.Label)
				width = max(width, kind.MinSize().Width)
			}
			what := widget.NewLabel("")
			what.Truncation = fyne.TextTruncateEllipsis
			left := container.NewHBox(container.NewGridWrap(date.MinSize(), date), container.NewGridWrap(fyne.NewSize(width, kind.MinSize().Height), kind))
			return container.NewBorder(nil, nil, left, newTLPBadge(), what)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := v.items[i]
			parts := o.(*fyne.Container).Objects
			parts[0].(*widget.Label).SetText(showable(it.What + " — " + it.Title))
			left := parts[1].(*fyne.Container).Objects
			date := left[0].(*fyne.Container).Objects[0].(*widget.Label)
			date.SetText(it.Date)
			date.Importance = widget.MediumImportance
			if it.Overdue {
				date.SetText(it.Date + " overdue")
				date.Importance = widget.DangerImportance
			}
			date.Refresh()
			left[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(it.Kind.Label)
			parts[2].(*tlpBadge).set(it.TLP)
		})
	v.list.OnSelected = func(i widget.ListItemID) {
		v.list.UnselectAll()
		if i < len(v.items) {
			wb.openRecord(v.items[i].ID)
		}
	}
	v.content = container.NewBorder(container.NewVBox(v.heading, widget.NewSeparator()), nil, nil, nil, v.list)
	return v
}

func (v *dueView) Title() string {
	return "Due (" + strconv.Itoa(len(v.items)) + ")"
}

func (v *dueView) Icon() fyne.Resource { return theme.HistoryIcon() }

func (v *dueView) Show() fyne.CanvasObject {
	v.reload()
	return v.content
}

// Changed has nothing to do: the workbench reloads the due list with the
// sidebar's counts after every write (any write may make something due).
func (v *dueView) Changed(data.Changed) {}

// reload reads what is due, for the sidebar's count and the list.
func (v *dueView) reload() {
	now := time.Now()
	items, err := v.wb.store.Due(v.wb.ctx, now, now.Add(dueHorizon))
	if err != nil {
		v.wb.problem(err)
		return
	}
	v.items = items
	overdue := 0
	for _, it := range items {
		if it.Overdue {
			overdue++
		}
	}
	v.heading.SetText(fmt.Sprintf("Due by %s: %d, of which %d overdue", now.Add(dueHorizon).Format("2 Jan 2006"), len(items), overdue))
	if len(items) == 0 {
		v.heading.SetText("Nothing is due by " + now.Add(dueHorizon).Format("2 Jan 2006") + ", and nothing is overdue.")
	}
	v.list.Refresh()
}
