package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// followUpsInput edits an engagement's follow-up actions inline: what, who,
// by when, and whether it is done. Overdue actions are marked.
type followUpsInput struct {
	field   *data.Field
	acts    []data.FollowUp
	rows    *fyne.Container
	add     *widget.Button
	changed func()
	box     *fyne.Container
}

func newFollowUpsInput(fd *data.Field) *followUpsInput {
	f := &followUpsInput{field: fd, rows: container.NewVBox(), changed: func() {}}
	f.add = widget.NewButtonWithIcon("Add action", theme.ContentAddIcon(), func() {
		f.acts = append(f.acts, data.FollowUp{Status: data.FollowUpStatuses[0]})
		f.redraw()
		f.changed()
	})
	f.box = container.NewVBox(f.rows, container.NewHBox(f.add))
	return f
}

func (f *followUpsInput) widget() fyne.CanvasObject { return f.box }
func (f *followUpsInput) onChange(fn func())        { f.changed = fn }
func (f *followUpsInput) set(v any) {
	acts, _ := v.([]data.FollowUp)
	f.acts = append([]data.FollowUp(nil), acts...)
	f.redraw()
}
func (f *followUpsInput) get() (any, error) {
	for i, a := range f.acts {
		if a.Due != "" {
			if _, err := time.Parse(data.DateLayout, a.Due); err != nil {
				return nil, fmt.Errorf("action %d: due date must be written YYYY-MM-DD", i+1)
			}
		}
	}
	if len(f.acts) == 0 {
		return nil, nil
	}
	return append([]data.FollowUp(nil), f.acts...), nil
}

func (f *followUpsInput) redraw() {
	f.rows.RemoveAll()
	today := time.Now()
	for i := range f.acts {
		i := i
		a := &f.acts[i]
		action := widget.NewEntry()
		action.SetPlaceHolder("Action")
		action.SetText(a.Action)
		action.OnChanged = func(s string) { a.Action = s; f.changed() }
		owner := widget.NewEntry()
		owner.SetPlaceHolder("Owner")
		owner.SetText(a.Owner)
		owner.OnChanged = func(s string) { a.Owner = s; f.changed() }
		due := newDateInput(&data.Field{Label: "Due"})
		due.set(a.Due)
		due.entry.SetPlaceHolder("due YYYY-MM-DD")
		due.onChange(func() { a.Due = strings.TrimSpace(due.entry.Text); f.changed() })
		status := widget.NewSelect(data.FollowUpStatuses, func(s string) { a.Status = s; f.changed() })
		status.SetSelected(a.Status)
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			f.acts = append(f.acts[:i], f.acts[i+1:]...)
			f.redraw()
			f.changed()
		})
		mark := widget.NewLabel("")
		if a.Overdue(today) {
			mark.SetText("OVERDUE")
			mark.Importance = widget.DangerImportance
		}
		// Three short lines, not one long one: a form beside the list at
		// 1024 pixels has about 300 for a field.
		f.rows.Add(container.NewVBox(
			container.NewBorder(nil, nil, nil, remove, action),
			container.NewGridWithColumns(2, owner, status),
			container.NewBorder(nil, nil, nil, mark, due.widget())))
	}
}
