package ui

import (
	"errors"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
		return newChoiceInput(fd, f.wb.store.Vocabulary().Offered(f.kind, fd))
	case data.Int:
		if fd.Bounded() && fd.Max-fd.Min <= 10 {
			return newScaleInput(fd)
		}
	case data.Bool:
		return &boolInput{check: widget.NewCheck("", nil)}
	case data.Date:
		return newDateInput(fd)
	case data.DateTime:
		return newDateTimeInput(fd, f.zone)
	case data.TimeZone:
		e := widget.NewSelectEntry(commonZones)
		return &textInput{field: fd, entry: &e.Entry, obj: e, validate: true}
	case data.Ref:
		return newRefInput(f.wb, fd)
	case data.Links:
		return newLinksInput(f.wb, fd)
	case data.FollowUps:
		return newFollowUpsInput(fd)
	case data.Contacts:
		return newContactsInput(func() data.TLP { return data.TLP(f.tlp.Selected) })
	case data.Computed:
		return &computedInput{label: widget.NewLabel("")}
	}
	return newTextInput(fd, fd.Type == data.LongText)
}

// textInput edits any field that has a text form, checking it as it is typed.
type textInput struct {
	field    *data.Field
	entry    *widget.Entry // a long text's shows one page of it
	long     *longText     // for a long text, which may be any length
	obj      fyne.CanvasObject
	validate bool
}

func newTextInput(fd *data.Field, multi bool) *textInput {
	if multi {
		long := newLongText()
		return &textInput{field: fd, entry: &long.entry.Entry, long: long, obj: long.obj, validate: true}
	}
	e := widget.NewEntry()
	return &textInput{field: fd, entry: e, obj: e, validate: true}
}

func (t *textInput) widget() fyne.CanvasObject {
	if t.validate && t.entry.Validator == nil {
		fd := t.field
		t.entry.Validator = func(string) error { return data.CheckText(fd, t.text()) }
	}
	return t.obj
}

// text is the field's whole text.
func (t *textInput) text() string {
	if t.long != nil {
		return t.long.text()
	}
	return t.entry.Text
}

func (t *textInput) get() (any, error) {
	v, err := data.ParseValue(t.field, t.text())
	if err == nil {
		err = data.CheckText(t.field, t.text())
	}
	return v, err
}
func (t *textInput) set(v any) {
	if t.long != nil {
		t.long.set(data.FormatValue(t.field, v))
		return
	}
	t.entry.SetText(data.FormatValue(t.field, v))
}
func (t *textInput) onChange(fn func()) {
	if t.long != nil {
		t.long.onChanged = fn
		return
	}
	t.entry.OnChanged = func(string) { fn() }
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
	s := data.FormatValue(c.field, v)
	if !slices.Contains(c.sel.Options, s) { // retired from the list, still held
		c.sel.Options = append(c.sel.Options, s)
	}
	c.sel.SetSelected(s)
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

// scaleInput edits a small bounded number: radio buttons for a 1-5 or
// -2…+2 scale, a slider for -5…+5.
type scaleInput struct {
	field   *data.Field
	radio   *widget.RadioGroup
	slider  *widget.Slider
	shown   *widget.Label
	changed func()
	box     fyne.CanvasObject
}

func newScaleInput(fd *data.Field) *scaleInput {
	s := &scaleInput{field: fd, changed: func() {}}
	if fd.Max-fd.Min <= 5 {
		var opts []string
		for n := int64(fd.Min); n <= int64(fd.Max); n++ {
			opts = append(opts, data.FormatValue(fd, n))
		}
		s.radio = widget.NewRadioGroup(opts, func(string) { s.changed() })
		s.radio.Horizontal = true
		s.radio.Required = fd.Required
		s.box = s.radio
		return s
	}
	s.slider = widget.NewSlider(fd.Min, fd.Max)
	s.slider.Step = 1
	s.shown = widget.NewLabel("")
	s.slider.OnChanged = func(v float64) { s.show(); s.changed() }
	s.box = container.NewBorder(nil, nil, nil, s.shown, s.slider)
	return s
}

func (s *scaleInput) widget() fyne.CanvasObject { return s.box }
func (s *scaleInput) onChange(fn func())        { s.changed = fn }
func (s *scaleInput) show() {
	s.shown.SetText(data.FormatValue(s.field, int64(s.slider.Value)))
}
func (s *scaleInput) get() (any, error) {
	if s.slider != nil {
		return int64(s.slider.Value), nil
	}
	if s.radio.Selected == "" {
		return nil, nil
	}
	return data.ParseValue(s.field, s.radio.Selected)
}
func (s *scaleInput) set(v any) {
	n, ok := v.(int64)
	if s.slider != nil {
		if !ok {
			n = 0
		}
		s.slider.SetValue(float64(n))
		s.show()
		return
	}
	if !ok {
		s.radio.SetSelected("")
		return
	}
	s.radio.SetSelected(data.FormatValue(s.field, n))
}
