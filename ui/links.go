package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// refInput points to one other record, chosen with the picker.
type refInput struct {
	wb      *Workbench
	field   *data.Field
	id      string
	title   *widget.Label
	choose  *widget.Button
	changed func()
	box     *fyne.Container
}

func newRefInput(wb *Workbench, fd *data.Field) *refInput {
	r := &refInput{wb: wb, field: fd, title: widget.NewLabel(""), changed: func() {}}
	r.title.Truncation = fyne.TextTruncateEllipsis // a long name never widens the form
	r.choose = widget.NewButtonWithIcon("", theme.SearchIcon(), func() {
		wb.pick(fd.Target, "Choose "+fd.Label, func(id, _ string) { r.set(id); r.changed() })
	})
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { r.set(nil); r.changed() })
	open := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() {
		if r.id != "" {
			wb.openRecord(r.id)
		}
	})
	r.box = container.NewBorder(nil, nil, nil, container.NewHBox(r.choose, clear, open), r.title)
	return r
}

func (r *refInput) widget() fyne.CanvasObject { return r.box }
func (r *refInput) get() (any, error) {
	if r.id == "" {
		return nil, nil
	}
	return r.id, nil
}
func (r *refInput) onChange(fn func()) { r.changed = fn }
func (r *refInput) set(v any) {
	r.id, _ = v.(string)
	if r.id == "" {
		r.title.SetText("(none)")
		return
	}
	titles, err := r.wb.store.Titles([]string{r.id})
	if err != nil {
		r.title.SetText("(its title could not be read: " + err.Error() + ")")
		return
	}
	setText(r.title, titles[r.id])
}

// linksInput edits a Links field: linked records in order, each with a role
// when the field has roles.
type linksInput struct {
	wb      *Workbench
	field   *data.Field
	links   []data.Link
	rows    *fyne.Container
	add     *widget.Button
	changed func()
	box     *fyne.Container
}

func newLinksInput(wb *Workbench, fd *data.Field) *linksInput {
	l := &linksInput{wb: wb, field: fd, rows: container.NewVBox(), changed: func() {}}
	l.add = widget.NewButtonWithIcon("Add…", theme.ContentAddIcon(), func() {
		wb.pick(fd.Target, "Add to "+fd.Label, func(id, title string) {
			role := ""
			if len(fd.Choices) > 0 {
				role = fd.Choices[min(1, len(fd.Choices)-1)]
			}
			l.links = append(l.links, data.Link{ID: id, Title: title, Role: role})
			l.redraw()
			l.changed()
		})
	})
	l.box = container.NewVBox(l.rows, container.NewHBox(l.add))
	return l
}

func (l *linksInput) widget() fyne.CanvasObject { return l.box }
func (l *linksInput) onChange(fn func())        { l.changed = fn }
func (l *linksInput) get() (any, error) {
	if len(l.links) == 0 {
		return nil, nil
	}
	return append([]data.Link(nil), l.links...), nil
}
func (l *linksInput) set(v any) {
	links, _ := v.([]data.Link)
	l.links = append([]data.Link(nil), links...)
	l.redraw()
}

func (l *linksInput) redraw() {
	l.rows.RemoveAll()
	for i := range l.links {
		i := i
		link := l.links[i]
		name := widget.NewLabel(link.Title)
		name.Truncation = fyne.TextTruncateEllipsis
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			l.links = append(l.links[:i], l.links[i+1:]...)
			l.redraw()
			l.changed()
		})
		open := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { l.wb.openRecord(link.ID) })
		right := container.NewHBox(open, remove)
		if len(l.field.Choices) > 0 {
			role := widget.NewSelect(l.field.Choices, nil)
			role.SetSelected(link.Role)
			role.OnChanged = func(s string) { l.links[i].Role = s; l.changed() }
			right = container.NewHBox(role, open, remove)
		}
		l.rows.Add(container.NewBorder(nil, nil, nil, right, name))
	}
	if len(l.links) == 0 {
		l.rows.Add(widget.NewLabel("(none)"))
	}
}

// pick shows a searchable list of records of one kind ("" for any kind)
// and calls chosen with the record the user taps.
func (wb *Workbench) pick(target, title string, chosen func(id, title string)) {
	kind := data.KindByName(target)
	var results []data.Hit
	search := newKeyEntry()
	search.SetPlaceHolder("Type to search…")
	list := widget.NewList(
		func() int { return len(results) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			h := results[i]
			o.(*widget.Label).SetText(h.Title + "  ·  " + h.Kind.Label)
		})
	refresh := func(text string) {
		results = wb.findRecords(kind, text)
		list.Refresh()
	}
	search.OnChanged = refresh
	refresh("")
	d := dialog.NewCustom(title, "Cancel", container.NewBorder(search, nil, nil, nil, list), wb.win)
	list.OnSelected = func(i widget.ListItemID) {
		h := results[i]
		d.Hide()
		chosen(h.ID, h.Title)
	}
	search.onKey = func(k fyne.KeyName) bool {
		if k == fyne.KeyEscape {
			d.Hide()
			return true
		}
		return false
	}
	search.OnSubmitted = func(string) {
		if len(results) > 0 {
			list.Select(0)
		}
	}
	d.Resize(fyne.NewSize(480, 420))
	wb.showDialog(d)
	wb.win.Canvas().Focus(search)
	wb.picker = &pickerState{search: search, list: list, results: &results}
}

// findRecords lists up to 50 records matching text, of one kind or any.
func (wb *Workbench) findRecords(kind *data.Kind, text string) []data.Hit {
	if kind == nil {
		hits, err := wb.store.Search(wb.ctx, text, 50)
		if err != nil {
			wb.problem(err)
		}
		return hits
	}
	recs, err := wb.store.List(wb.ctx, data.Query{Kind: kind, Text: text, Limit: 50})
	if err != nil {
		wb.problem(err)
		return nil
	}
	hits := make([]data.Hit, len(recs))
	for i, r := range recs {
		hits[i] = data.Hit{ID: r.ID, Kind: kind, Title: r.Title, TLP: r.TLP}
	}
	return hits
}

// pickerState lets tests drive the open picker.
type pickerState struct {
	search  *keyEntry
	list    *widget.List
	results *[]data.Hit
}
