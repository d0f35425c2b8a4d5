package ui

import (
	"errors"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// A view is one entry of the sidebar and what it shows: the dashboard, the
// due list, each record kind's list; the heat map, timeline, network map,
// roadmap and calendar next. The workbench tells every view what each committed write
// changed (the store's one notice, handed to the UI goroutine), so no
// screen refreshes others by hand after its own edits. A new view is a
// type with these four methods, added to the workbench's views; it reads
// the store through an interface naming only the methods it uses.
type view interface {
	// Title is the sidebar's text for the view, counts included.
	Title() string
	Icon() fyne.Resource
	// Show makes the view current and returns what it shows.
	Show() fyne.CanvasObject
	// Changed refreshes the view after a committed write.
	Changed(data.Changed)
}

// kindView is a record kind's list beside the open record's form. One kind
// shows at a time, so every kind view shows the workbench's one list and
// form, set to its kind.
type kindView struct {
	wb   *Workbench
	kind *data.Kind
}

func (v kindView) Title() string {
	return v.kind.Plural + " (" + strconv.Itoa(v.wb.counts[v.kind.Name]) + ")"
}

func (v kindView) Icon() fyne.Resource { return kindIcons[v.kind.Name] }

func (v kindView) Show() fyne.CanvasObject {
	v.wb.showKind(v.kind)
	return v.wb.records
}

// Changed reads the list again when its kind changed, and the open record
// when it changed (an undo, a link removed by a delete) or went.
func (v kindView) Changed(c data.Changed) {
	wb := v.wb
	if wb.kind != v.kind {
		return
	}
	if c.Touches(v.kind) {
		wb.list.reload()
		wb.list.reselect()
	}
	if c.Workspace { // the workspace's lists may have changed
		wb.list.filters.offerChoices(v.kind)
	}
	f := wb.form
	if f == nil || f.rec.ID == "" || !slices.Contains(c.IDs, f.rec.ID) {
		return
	}
	r, err := wb.store.Get(f.rec.ID)
	switch {
	case errors.Is(err, data.ErrNotFound):
		wb.setForm(nil)
		wb.list.table.UnselectAll()
	case err != nil:
		wb.problem(err)
	case f.dirty:
		f.status.SetText("This record was changed meanwhile; saving keeps your version.")
	case !r.UpdatedAt.Equal(f.rec.UpdatedAt):
		wb.setForm(newRecordForm(wb, r))
	}
}

// kindIcons are the sidebar's icons, by kind name.
var kindIcons = map[string]fyne.Resource{
	"actor":        theme.AccountIcon(),
	"relationship": theme.MailForwardIcon(),
	"channel":      theme.MailSendIcon(),
	"engagement":   theme.CalendarIcon(),
	"initiative":   theme.MediaPlayIcon(),
	"commitment":   theme.ConfirmIcon(),
	"risk":         theme.WarningIcon(),
	"signal":       theme.VolumeUpIcon(),
	"milestone":    theme.MediaSkipNextIcon(),
}

// newSidebar lists the views, each with its icon and title.
func newSidebar(views *[]view) *widget.List {
	return widget.NewList(
		func() int { return len(*views) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil, widget.NewLabel("Relationships (00000)"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			v, parts := (*views)[i], o.(*fyne.Container).Objects
			parts[0].(*widget.Label).SetText(v.Title())
			parts[1].(*widget.Icon).SetResource(v.Icon())
		})
}

// changed is where the store's notice of a committed write arrives, on the
// UI goroutine: the sidebar's counts, then every view.
func (wb *Workbench) changed(c data.Changed) {
	if wb.ctx.Err() != nil {
		return // the workspace was closed meanwhile
	}
	wb.refreshCounts()
	for _, v := range wb.views {
		v.Changed(c)
	}
}
