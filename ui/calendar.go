package ui

import (
	"context"
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// calendarSource is what the calendar reads.
type calendarSource interface {
	Calendar(ctx context.Context, from, to time.Time, upTo data.TLP) ([]data.CalendarEntry, error)
}

// calendarView shows engagements by month or by week, on the days of the
// user's own time zone, each with the time at its own place; follow-up
// actions on their due dates. Every entry opens its engagement.
type calendarView struct {
	wb      *Workbench
	source  calendarSource
	mode    *widget.RadioGroup
	upTo    *widget.Select
	heading *widget.Label
	days    *fyne.Container
	content fyne.CanvasObject
	ask     newest
	anchor  time.Time // a day of the month or week shown, local midnight
	shown   []data.CalendarEntry
	cells   map[string]*fyne.Container // by day, "2006-01-02"
	now     func() time.Time
	zone    *time.Location // the user's
}

func newCalendarView(wb *Workbench) *calendarView {
	v := &calendarView{wb: wb, source: wb.store, heading: widget.NewLabel(""), now: time.Now, zone: time.Local}
	v.heading.TextStyle.Bold = true
	v.anchor = midnight(v.now().In(v.zone))
	v.mode = widget.NewRadioGroup([]string{"Month", "Week"}, func(string) { v.reload() })
	v.mode.Horizontal, v.mode.Required, v.mode.Selected = true, true, "Month"
	v.upTo = newUpToSelect(wb, v.reload)
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { v.step(-1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.step(1) })
	today := widget.NewButton("Today", func() { v.anchor = midnight(v.now().In(v.zone)); v.reload() })
	save := widget.NewButtonWithIcon("Save as PNG…", theme.DocumentSaveIcon(), func() { askSavePNG(wb, "calendar", v.savePNG) })
	v.days = container.NewGridWithColumns(7)
	bar := container.NewBorder(nil, nil, container.NewHBox(prev, today, next, v.heading),
		container.NewHBox(v.mode, widget.NewLabel("Show up to"), v.upTo, save))
	v.content = container.NewBorder(container.NewVBox(container.NewHScroll(bar), widget.NewSeparator()), nil, nil, nil, v.days)
	return v
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func (v *calendarView) Title() string       { return "Calendar" }
func (v *calendarView) Icon() fyne.Resource { return theme.CalendarIcon() }

func (v *calendarView) Show() fyne.CanvasObject {
	syncUpTo(v.wb, v.upTo)
	v.reload()
	return v.content
}

func (v *calendarView) Changed(c data.Changed) {
	if v.wb.current == view(v) && c.Touches(data.Engagement) {
		v.reload()
	}
}

// step moves a month or a week.
func (v *calendarView) step(n int) {
	if v.mode.Selected == "Week" {
		v.anchor = v.anchor.AddDate(0, 0, 7*n)
	} else {
		y, m, _ := v.anchor.Date()
		v.anchor = time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, v.zone)
	}
	v.reload()
}

// span is the days shown: whole weeks, Monday first, around the month or
// the week of the anchor.
func (v *calendarView) span() (first time.Time, days int) {
	start := v.anchor
	days = 7
	if v.mode.Selected != "Week" {
		y, m, _ := v.anchor.Date()
		start = time.Date(y, m, 1, 0, 0, 0, 0, v.zone)
		days = 42
	}
	back := (int(start.Weekday()) + 6) % 7 // days since Monday
	return start.AddDate(0, 0, -back), days
}

func (v *calendarView) reload() {
	first, days := v.span()
	last := first.AddDate(0, 0, days)
	upTo := data.TLP(v.upTo.Selected)
	askNewest(v.wb.ctx, &v.ask, func(ctx context.Context) ([]data.CalendarEntry, error) {
		return v.source.Calendar(ctx, first, last, upTo)
	}, func(es []data.CalendarEntry) { v.show(es, first, days) }, v.wb.problem)
}

func (v *calendarView) show(entries []data.CalendarEntry, first time.Time, days int) {
	v.shown = entries
	if v.mode.Selected == "Week" {
		v.heading.SetText(fmt.Sprintf("Week of %s", first.Format("Monday 2 January 2006")))
	} else {
		v.heading.SetText(v.anchor.Format("January 2006"))
	}
	byDay := map[string][]data.CalendarEntry{}
	for _, e := range entries {
		day := e.Due
		if day == "" {
			day = e.Starts.In(v.zone).Format(data.DateLayout)
		}
		byDay[day] = append(byDay[day], e)
	}
	v.cells = map[string]*fyne.Container{}
	v.days.RemoveAll()
	month := v.anchor.Month()
	today := midnight(v.now().In(v.zone)).Format(data.DateLayout)
	for i := 0; i < days; i++ {
		d := first.AddDate(0, 0, i)
		key := d.Format(data.DateLayout)
		num := widget.NewLabelWithStyle(d.Format("Mon 2"), fyne.TextAlignLeading, fyne.TextStyle{Bold: key == today})
		num.SizeName = theme.SizeNameCaptionText
		if v.mode.Selected != "Week" && d.Month() != month {
			num.Importance = widget.LowImportance
		}
		list := container.NewVBox()
		for _, e := range byDay[key] {
			list.Add(v.entry(e))
		}
		v.cells[key] = list
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
		if key == today {
			bg.StrokeColor, bg.StrokeWidth = theme.Color(theme.ColorNamePrimary), 2
		}
		v.days.Add(container.NewStack(bg, container.NewBorder(num, nil, nil, nil, container.NewVScroll(list))))
	}
	v.days.Refresh()
}

// entry is one line of a day: an engagement at its local time (and the
// time at its place), or a follow-up due.
func (v *calendarView) entry(e data.CalendarEntry) fyne.CanvasObject {
	text := e.Title
	if e.Due != "" {
		text = "Due: " + e.Action + " (" + e.Title + ")"
		if e.Done {
			text = "Done: " + e.Action
		}
	} else {
		text = e.Starts.In(v.zone).Format("15:04") + " " + e.Title
		if loc, err := placeZone(e.Zone); err == nil && e.Zone != "" && loc.String() != v.zone.String() {
			text += " (" + e.Starts.In(loc).Format("15:04") + " " + shortZone(e.Zone) + ")"
		}
	}
	id := e.ID
	link := widget.NewHyperlink(showable(text), nil)
	link.Truncation = fyne.TextTruncateEllipsis
	link.OnTapped = func() { v.wb.openRecord(id) }
	return link
}

// savePNG draws the calendar as it shows, 1,400 × 900, on a copy of its
// own.
func (v *calendarView) savePNG(w io.Writer) error {
	c := newCalendarView(v.wb)
	c.mode.Selected, c.anchor, c.now, c.zone = v.mode.Selected, v.anchor, v.now, v.zone
	first, days := c.span()
	c.show(v.shown, first, days)
	return renderPNG(w, container.NewBorder(c.heading, nil, nil, nil, c.days), fyne.NewSize(1400, 900))
}
