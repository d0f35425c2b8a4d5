package ui

import (
	"errors"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// dateInput is a day typed as YYYY-MM-DD or picked from Fyne's calendar.
// ISO dates, not the locale's, because desks in several countries share
// one workspace and must read 03/04 the same way.
type dateInput struct {
	field   *data.Field
	entry   *widget.Entry
	changed func()
	popUp   *widget.PopUp
}

func newDateInput(fd *data.Field) *dateInput {
	d := &dateInput{field: fd, entry: widget.NewEntry(), changed: func() {}}
	d.entry.SetPlaceHolder("YYYY-MM-DD")
	pick := widget.NewButtonWithIcon("", theme.CalendarIcon(), d.openCalendar)
	pick.Importance = widget.LowImportance
	d.entry.ActionItem = pick
	d.entry.Validator = func(string) error { _, err := d.get(); return err }
	d.entry.OnChanged = func(string) { d.changed() }
	return d
}

func (d *dateInput) widget() fyne.CanvasObject { return d.entry }
func (d *dateInput) onChange(fn func())        { d.changed = fn }
func (d *dateInput) get() (any, error) {
	s := strings.TrimSpace(d.entry.Text)
	if s == "" {
		return nil, nil
	}
	if _, err := time.Parse(data.DateLayout, s); err != nil {
		return nil, errors.New("must be a date written YYYY-MM-DD, e.g. 2026-12-26")
	}
	return s, nil
}
func (d *dateInput) set(v any) {
	s, _ := v.(string)
	d.entry.SetText(s)
}

// day is the date shown, or today when there is none.
func (d *dateInput) day() time.Time {
	if t, err := time.Parse(data.DateLayout, strings.TrimSpace(d.entry.Text)); err == nil {
		return t
	}
	return time.Now()
}

func (d *dateInput) openCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(d.entry)
	if c == nil {
		return
	}
	cal := widget.NewCalendar(d.day(), func(t time.Time) {
		d.entry.SetText(t.Format(data.DateLayout))
		d.popUp.Hide()
	})
	d.popUp = widget.NewPopUp(cal, c)
	d.popUp.ShowAtRelativePosition(fyne.NewPos(0, d.entry.Size().Height), d.entry)
}

// dateTimeInput is a day and a time of day at the record's place (its time
// zone field); the instant is stored in UTC.
type dateTimeInput struct {
	field   *data.Field
	date    *dateInput
	clock   *widget.Entry
	zone    func() *time.Location
	changed func()
	box     fyne.CanvasObject
}

func newDateTimeInput(fd *data.Field, zone func() *time.Location) *dateTimeInput {
	d := &dateTimeInput{field: fd, date: newDateInput(fd), clock: widget.NewEntry(), zone: zone, changed: func() {}}
	d.clock.SetPlaceHolder("HH:MM")
	d.clock.Validator = func(string) error { _, err := d.get(); return err }
	d.date.onChange(func() { d.changed() })
	d.clock.OnChanged = func(string) { d.changed() }
	d.box = container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(96, d.clock.MinSize().Height), d.clock), d.date.entry)
	return d
}

func (d *dateTimeInput) widget() fyne.CanvasObject { return d.box }
func (d *dateTimeInput) onChange(fn func())        { d.changed = fn }

func (d *dateTimeInput) get() (any, error) {
	day, clock := strings.TrimSpace(d.date.entry.Text), strings.TrimSpace(d.clock.Text)
	if day == "" && clock == "" {
		return nil, nil
	}
	if day == "" {
		return nil, errors.New("has a time but no date")
	}
	if _, err := d.date.get(); err != nil {
		return nil, err
	}
	if clock == "" {
		clock = "00:00"
	}
	if _, err := time.Parse("15:04", clock); err != nil {
		return nil, errors.New("time must be written HH:MM on a 24-hour clock, e.g. 09:30")
	}
	t, err := data.ParseLocal(day+" "+clock, d.zone())
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (d *dateTimeInput) set(v any) {
	t, ok := v.(time.Time)
	if !ok || t.IsZero() {
		d.date.set(nil)
		d.clock.SetText("")
		return
	}
	local := t.In(d.zone())
	d.date.set(local.Format(data.DateLayout))
	d.clock.SetText(local.Format("15:04"))
}

// zones keeps the time zones read: time.LoadLocation reads and parses the
// zone file every time it is called, and the form, the dashboard and the
// calendar ask for the same few places on every line and keystroke.
var zones sync.Map // name → *time.Location

// placeZone is the IANA zone name, or an error saying it is none.
func placeZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err == nil {
		zones.Store(name, loc)
	}
	return loc, err
}
