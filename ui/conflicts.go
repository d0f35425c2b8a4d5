package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/store"
)

// The Conflicts dialog lists the records that were changed here and at
// another desk from the same version. For the one chosen it shows both
// versions side by side, field by field, the fields that differ marked;
// the user keeps this desk's or the other's. A merge is keeping one and
// then editing it: what the other said stays in view until then.

type conflictsView struct {
	wb       *Workbench
	items    []store.Theirs
	mine     []*data.Record // this desk's version of each (nil: deleted here)
	list     *widget.List
	compare  *fyne.Container
	heading  *widget.Label
	keepMine *widget.Button
	keepThem *widget.Button
	chosen   int
	dialog   dialog.Dialog
}

// showConflicts opens the Conflicts dialog.
func (wb *Workbench) showConflicts() {
	if wb.team == nil {
		dialog.ShowInformation("Conflicts", "This workspace is not part of a team workspace, so it has no conflicts with other desks.", wb.win)
		return
	}
	cv := &conflictsView{wb: wb, chosen: -1, compare: container.NewVBox(), heading: widget.NewLabel("")}
	cv.heading.Wrapping = fyne.TextWrapWord
	cv.list = widget.NewList(func() int { return len(cv.items) },
		func() fyne.CanvasObject { return widget.NewLabel("a record's title, as long as most") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(cv.title(i)) })
	cv.list.OnSelected = func(i widget.ListItemID) { cv.show(i) }
	cv.keepMine = widget.NewButton("Keep this desk's version", func() { cv.resolve(false) })
	cv.keepThem = widget.NewButton("Keep the other desk's version", func() { cv.resolve(true) })
	cv.keepThem.Importance = widget.HighImportance
	buttons := container.NewHBox(cv.keepMine, cv.keepThem)
	right := container.NewBorder(cv.heading, buttons, nil, nil, container.NewVScroll(cv.compare))
	split := container.NewHSplit(cv.list, right)
	split.Offset = 0.28
	cv.dialog = dialog.NewCustom("Conflicts with other desks", "Close", split, wb.win)
	// As large as the comparison wants, within the window.
	win := wb.win.Canvas().Size()
	cv.dialog.Resize(fyne.NewSize(min(1100, win.Width-40), min(640, win.Height-40)))
	cv.dialog.SetOnClosed(func() { wb.conflictsOpen = nil })
	wb.conflictsOpen = cv
	cv.reload()
	wb.showDialog(cv.dialog)
}

func (cv *conflictsView) title(i int) string {
	if i >= len(cv.items) {
		return ""
	}
	if r := cv.mine[i]; r != nil {
		return r.Kind.Label + ": " + r.Title
	}
	if r := cv.items[i].Record; r != nil {
		return r.Kind.Label + ": " + r.Title
	}
	return cv.items[i].RecordID
}

// reload reads the conflicts again (after a round, after a choice).
func (cv *conflictsView) reload() {
	items, err := cv.wb.store.Conflicts(cv.wb.ctx)
	if err != nil {
		cv.heading.SetText(err.Error())
		return
	}
	// One row per record: its newest version from elsewhere.
	seen := map[string]int{}
	cv.items, cv.mine = nil, nil
	for _, t := range items {
		if i, ok := seen[t.RecordID]; ok {
			if t.Seq > cv.items[i].Seq {
				cv.items[i] = t
			}
			continue
		}
		seen[t.RecordID] = len(cv.items)
		cv.items = append(cv.items, t)
		mine, _ := cv.wb.store.Get(t.RecordID)
		cv.mine = append(cv.mine, mine)
	}
	cv.list.Refresh()
	switch {
	case len(cv.items) == 0:
		cv.chosen = -1
		cv.compare.Objects = nil
		cv.compare.Refresh()
		cv.heading.SetText("No conflicts: every change made here has gone out, or was based on the latest version.")
		cv.keepMine.Disable()
		cv.keepThem.Disable()
	case cv.chosen < 0 || cv.chosen >= len(cv.items):
		cv.list.Select(0)
	default:
		cv.show(cv.chosen)
	}
}

func (cv *conflictsView) show(i int) {
	cv.chosen = i
	t, mine := cv.items[i], cv.mine[i]
	theirs := t.Record
	cv.keepThem.Enable()
	cv.keepMine.Enable()
	switch {
	case t.Withdrawn:
		cv.heading.SetText("Another desk raised this record above this desk's clearance. Keeping this desk's version would lower it again, so only theirs can be kept: copy what you need into a new record first.")
		cv.keepMine.Disable()
	case theirs == nil:
		cv.heading.SetText("Another desk deleted this record while it was changed here.")
	default:
		cv.heading.SetText("Changed here and at another desk from the same version. The rows marked ≠ differ. Keep one version; to merge, keep one and then edit it.")
	}
	kind := data.Actor
	if mine != nil {
		kind = mine.Kind
	} else if theirs != nil {
		kind = theirs.Kind
	}
	bold := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	rows := []fyne.CanvasObject{container.NewGridWithColumns(3, bold("Field"), bold("This desk"), bold("The other desk"))}
	add := func(label, a, b string) {
		mark := ""
		if a != b {
			mark = "≠ "
		}
		la, lb := widget.NewLabel(orNone(a)), widget.NewLabel(orNone(b))
		la.Wrapping, lb.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
		if a != b {
			la.Importance, lb.Importance = widget.WarningImportance, widget.WarningImportance
		}
		rows = append(rows, container.NewGridWithColumns(3, widget.NewLabel(mark+label), la, lb))
	}
	text := func(r *data.Record, what func(*data.Record) string) string {
		if r == nil {
			if t.Withdrawn && r == theirs {
				return "(raised above this desk's clearance)"
			}
			return "(deleted)"
		}
		return what(r)
	}
	add("Title", text(mine, func(r *data.Record) string { return r.Title }), text(theirs, func(r *data.Record) string { return r.Title }))
	add("Label", text(mine, func(r *data.Record) string { return string(r.TLP) }), text(theirs, func(r *data.Record) string { return string(r.TLP) }))
	for fi := range kind.Fields {
		f := &kind.Fields[fi]
		if !f.Writable() && f.Type != data.Links && f.Type != data.FollowUps && f.Type != data.Contacts {
			continue
		}
		value := func(r *data.Record) string { return cv.readable(f, r.Values[f.Key]) }
		add(f.Label, text(mine, value), text(theirs, value))
	}
	add("Tags", text(mine, func(r *data.Record) string { return fmt.Sprint(r.Tags) }), text(theirs, func(r *data.Record) string { return fmt.Sprint(r.Tags) }))
	add("Notes", text(mine, func(r *data.Record) string { return r.Notes }), text(theirs, func(r *data.Record) string { return r.Notes }))
	add("Changed", text(mine, changedBy), text(theirs, changedBy))
	cv.compare.Objects = rows
	cv.compare.Refresh()
}

func changedBy(r *data.Record) string {
	return r.UpdatedAt.Local().Format("2 Jan 2006 15:04") + " by " + r.UpdatedBy
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// readable is a value as a person reads it: a linked record by its title
// (a record this desk does not hold says so).
func (cv *conflictsView) readable(f *data.Field, v any) string {
	titleOf := func(id string) string {
		if r, err := cv.wb.store.Get(id); err == nil {
			return r.Title
		}
		return "a record not held on this desk"
	}
	switch t := v.(type) {
	case string:
		if f.Type == data.Ref && t != "" {
			return titleOf(t)
		}
	case []data.Link:
		named := make([]data.Link, len(t))
		for i, l := range t {
			named[i] = data.Link{ID: l.ID, Role: l.Role, Title: titleOf(l.ID)}
		}
		return data.FormatValue(f, named)
	}
	return data.FormatValue(f, v)
}

func (cv *conflictsView) resolve(keepTheirs bool) {
	if cv.chosen < 0 || cv.chosen >= len(cv.items) {
		return
	}
	id := cv.items[cv.chosen].RecordID
	busy(cv.wb.win, "Keeping the version chosen…", &cv.wb.working, func() error {
		return cv.wb.store.Resolve(cv.wb.ctx, id, keepTheirs)
	}, func(err error) {
		if err != nil {
			dialog.ShowError(err, cv.wb.win)
			return
		}
		cv.reload()
		if cv.wb.team != nil {
			cv.wb.team.runner.Kick()
		}
	})
}
