package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// contactsInput edits an actor's contact points inline: what kind, the
// address, number or handle, a label, and who may see it. A new point
// takes the record's label; the form refuses one less restrictive.
type contactsInput struct {
	points  []data.ContactPoint
	rows    *fyne.Container
	add     *widget.Button
	label   func() data.TLP // the record's label as the form holds it
	changed func()
	box     *fyne.Container
}

func newContactsInput(label func() data.TLP) *contactsInput {
	c := &contactsInput{rows: container.NewVBox(), label: label, changed: func() {}}
	c.add = widget.NewButtonWithIcon("Add contact point", theme.ContentAddIcon(), func() {
		c.points = append(c.points, data.ContactPoint{Kind: data.ContactKinds[0], TLP: c.label()})
		c.redraw()
		c.changed()
	})
	c.box = container.NewVBox(c.rows, container.NewHBox(c.add))
	return c
}

func (c *contactsInput) widget() fyne.CanvasObject { return c.box }
func (c *contactsInput) onChange(fn func())        { c.changed = fn }
func (c *contactsInput) set(v any) {
	points, _ := v.([]data.ContactPoint)
	c.points = append([]data.ContactPoint(nil), points...)
	c.redraw()
}
func (c *contactsInput) get() (any, error) {
	if len(c.points) == 0 {
		return nil, nil
	}
	return append([]data.ContactPoint(nil), c.points...), nil
}

func (c *contactsInput) redraw() {
	c.rows.RemoveAll()
	for i := range c.points {
		i := i
		p := &c.points[i]
		kind := widget.NewSelect(data.ContactKinds, func(s string) { p.Kind = s; c.changed() })
		kind.SetSelected(p.Kind)
		value := widget.NewEntry()
		value.SetPlaceHolder("address, number or handle")
		value.SetText(p.Value)
		value.OnChanged = func(s string) { p.Value = s; c.changed() }
		label := widget.NewEntry()
		label.SetPlaceHolder("label (office, Signal …)")
		label.SetText(p.Label)
		label.OnChanged = func(s string) { p.Label = s; c.changed() }
		tlp := widget.NewSelect(data.TLPStrings(), func(s string) { p.TLP = data.TLP(s); c.changed() })
		tlp.SetSelected(string(p.TLP))
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			c.points = append(c.points[:i], c.points[i+1:]...)
			c.redraw()
			c.changed()
		})
		c.rows.Add(container.NewVBox(
			container.NewBorder(nil, nil, kind, remove, value),
			container.NewGridWithColumns(2, label, tlp)))
	}
}
