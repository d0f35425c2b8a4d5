package ui

import (
	"errors"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// fieldInput is the editor of one field, chosen from the field's type.
type fieldInput interface {
	widget() fyne.CanvasObject
	get() (any, error) // the value in its stored form, or why it cannot be read
	set(v any)
	onChange(fn func())
}

// newInput builds the editor for field f. zone tells a date-time editor the
// time zone its text is in (the place of the engagement).
func (f *recordForm) newInput(fd *data.Field) fieldInput {
	switch fd.Type {
	case data.Choice:
		return newChoiceInput(fd, fd.Choices)
	case data.Int:
		if fd.Bounded() && fd.Max-fd.Min <= 10 {
			var opts []string
			for n := int64(fd.Min); n <= int64(fd.Max); n++ {
				opts = append(opts, data.FormatValue(fd, n))
			}
			return newChoiceInput(fd, opts)
		}
	case data.Bool:
		return &boolInput{check: widget.NewCheck("", nil)}
	case data.DateTime:
		return &dateTimeInput{textInput: newTextInput(fd, false), zone: f.zone}
	case data.TimeZone:
		e := widget.NewSelectEntry(commonZones)
		return &textInput{field: fd, entry: &e.Entry, obj: e, validate: true}
	case data.Ref:
		return newRefInput(f.wb, fd)
	case data.Links:
		return newLinksInput(f.wb, fd)
	case data.FollowUps:
		return newFollowUpsInput(fd)
	case data.Computed:
		return &computedInput{label: widget.NewLabel("")}
	}
	return newTextInput(fd, fd.Type == data.LongText)
}

// textInput edits any field that has a text form, checking it as it is typed.
type textInput struct {
	field    *data.Field
	entry    *widget.Entry
	obj      fyne.CanvasObject
	validate bool
}

func newTextInput(fd *data.Field, multi bool) *textInput {
	e := widget.NewEntry()
	if multi {
		e = widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	}
	switch fd.Type {
	case data.Date:
		e.SetPlaceHolder("YYYY-MM-DD")
	case data.DateTime:
		e.SetPlaceHolder("YYYY-MM-DD HH:MM")
	}
	t := &textInput{field: fd, entry: e, obj: e, validate: true}
	return t
}

func (t *textInput) widget() fyne.CanvasObject {
	if t.validate && t.entry.Validator == nil {
		fd := t.field
		t.entry.Validator = func(s string) error { return data.CheckText(fd, s) }
	}
	return t.obj
}
func (t *textInput) get() (any, error) {
	v, err := data.ParseValue(t.field, t.entry.Text)
	if err == nil {
		err = data.CheckText(t.field, t.entry.Text)
	}
	return v, err
}
func (t *textInput) set(v any)          { t.entry.SetText(data.FormatValue(t.field, v)) }
func (t *textInput) onChange(fn func()) { t.entry.OnChanged = func(string) { fn() } }

// dateTimeInput shows an instant as wall-clock time at the record's place.
type dateTimeInput struct {
	*textInput
	zone func() *time.Location
}

func (d *dateTimeInput) widget() fyne.CanvasObject {
	d.entry.Validator = func(s string) error { _, err := d.get(); return err }
	return d.entry
}
func (d *dateTimeInput) get() (any, error) {
	t, err := data.ParseLocal(d.entry.Text, d.zone())
	if err != nil {
		return nil, err
	}
	if t.IsZero() {
		return nil, nil
	}
	return t, nil
}
func (d *dateTimeInput) set(v any) {
	t, _ := v.(time.Time)
	d.entry.SetText(data.FormatLocal(t, d.zone()))
}

// choiceInput picks one of a field's choices, or none when not required.
type choiceInput struct {
	field *data.Field
	sel   *widget.Select
}

const noChoice = "(none)"

func newChoiceInput(fd *data.Field, opts []string) *choiceInput {
	if !fd.Required {
		opts = append([]string{noChoice}, opts...)
	}
	return &choiceInput{field: fd, sel: widget.NewSelect(opts, nil)}
}
func (c *choiceInput) widget() fyne.CanvasObject { return c.sel }
func (c *choiceInput) get() (any, error) {
	if c.sel.Selected == "" || c.sel.Selected == noChoice {
		if c.field.Required {
			return nil, errors.New("is required")
		}
		return nil, nil
	}
	return data.ParseValue(c.field, c.sel.Selected)
}
func (c *choiceInput) set(v any) {
	if v == nil {
		c.sel.ClearSelected()
		return
	}
	c.sel.SetSelected(data.FormatValue(c.field, v))
}
func (c *choiceInput) onChange(fn func()) { c.sel.OnChanged = func(string) { fn() } }

type boolInput struct{ check *widget.Check }

func (b *boolInput) widget() fyne.CanvasObject { return b.check }
func (b *boolInput) get() (any, error)         { return b.check.Checked, nil }
func (b *boolInput) set(v any)                 { on, _ := v.(bool); b.check.SetChecked(on) }
func (b *boolInput) onChange(fn func())        { b.check.OnChanged = func(bool) { fn() } }

// computedInput shows a value the database derives, such as a risk score.
type computedInput struct{ label *widget.Label }

func (c *computedInput) widget() fyne.CanvasObject { return c.label }
func (c *computedInput) get() (any, error)         { return nil, nil }
func (c *computedInput) onChange(func())           {}
func (c *computedInput) set(v any) {
	if n, ok := v.(int64); ok {
		c.label.SetText(strconv.FormatInt(n, 10) + " (" + data.RiskBand(n) + ")")
		return
	}
	c.label.SetText("—")
}

// commonZones are offered first; any IANA name can be typed.
var commonZones = []string{"Asia/Karachi", "Asia/Tehran", "Asia/Jerusalem", "America/New_York", "Asia/Dubai", "Asia/Muscat", "Asia/Doha", "Europe/Geneva", "Europe/Vienna", "Europe/Oslo", "Europe/London", "UTC"}
