package ui

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// timelineSource is what the timeline reads.
type timelineSource interface {
	Timeline(ctx context.Context, q data.TimelineQuery) (data.Timeline, error)
	Calendar(ctx context.Context, from, to time.Time, upTo data.TLP) ([]data.CalendarEntry, error)
}

// kindColors tell signal kinds apart, in the order the workspace lists them.
var kindColors = []color.Color{
	color.NRGBA{0x42, 0xa5, 0xf5, 0xff}, color.NRGBA{0xab, 0x47, 0xbc, 0xff}, color.NRGBA{0xff, 0x70, 0x43, 0xff},
	color.NRGBA{0xef, 0x53, 0x50, 0xff}, color.NRGBA{0xff, 0xca, 0x28, 0xff}, color.NRGBA{0x26, 0xa6, 0x9a, 0xff},
	color.NRGBA{0x66, 0xbb, 0x6a, 0xff}, color.NRGBA{0x8d, 0x6e, 0x63, 0xff},
}

// timelineView puts signals on a time axis: escalation above the line,
// de-escalation below, each a dot sized by its severity and coloured by its
// kind; a span too full to draw one by one is drawn as columns (tap one to
// zoom into it). The escalation index runs through it; engagements can be
// laid over it, so a desk sees what followed a meeting.
type timelineView struct {
	wb       *Workbench
	source   timelineSource
	kind     *widget.Select
	place    *widget.Entry
	actor    *widget.Button // the actor whose signals show, picked
	actorID  string
	overlay  *widget.Check
	upTo     *widget.Select
	heading  *widget.Label
	chart    *fyne.Container
	content  fyne.CanvasObject
	ask      newest
	from, to time.Time
	shown    data.Timeline
	meetings []data.CalendarEntry
	marks    map[string]*timelineMark // by signal id, for tests
	columns  []*timelineMark          // the buckets, for tests
	ticks    []timelineTick
	now      func() time.Time
}

const (
	anyKind  = "Any kind"
	anyActor = "Any actor"
)

func newTimelineView(wb *Workbench) *timelineView {
	v := &timelineView{wb: wb, source: wb.store, heading: widget.NewLabel(""), now: time.Now}
	v.heading.TextStyle.Bold = true
	v.to = midnight(v.now().UTC())
	v.from = v.to.AddDate(0, 0, -89)
	v.kind = widget.NewSelect(nil, func(string) { v.reload() })
	v.place = widget.NewEntry()
	v.place.SetPlaceHolder("place")
	v.place.OnSubmitted = func(string) { v.reload() }
	v.actor = widget.NewButtonWithIcon(anyActor, theme.AccountIcon(), func() {
		wb.pick("actor", "Show the signals of…", func(id, title string) { v.setActor(id, title) })
	})
	clearActor := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { v.setActor("", "") })
	v.overlay = widget.NewCheck("Engagements", func(bool) { v.reload() })
	v.overlay.Checked = true
	v.upTo = newUpToSelect(wb, v.reload)
	span := func(label string, days int) *widget.Button {
		return widget.NewButton(label, func() {
			v.to = midnight(v.now().UTC())
			v.from = v.to.AddDate(0, 0, 1-days)
			v.reload()
		})
	}
	zoom := func(icon fyne.Resource, f float64) *widget.Button {
		return widget.NewButtonWithIcon("", icon, func() { v.zoom(f) })
	}
	pan := func(icon fyne.Resource, dir int) *widget.Button {
		return widget.NewButtonWithIcon("", icon, func() { v.pan(dir) })
	}
	save := widget.NewButtonWithIcon("Save as PNG…", theme.DocumentSaveIcon(), func() { askSavePNG(wb, "timeline", v.savePNG) })
	bar := container.NewHBox(span("30 days", 30), span("90 days", 90), span("1 year", 365), span("10 years", 3650),
		pan(theme.NavigateBackIcon(), -1), zoom(theme.ZoomInIcon(), 0.5), zoom(theme.ZoomOutIcon(), 2), pan(theme.NavigateNextIcon(), 1))
	filters := container.NewHBox(v.kind, container.NewGridWrap(fyne.NewSize(140, v.place.MinSize().Height), v.place), v.actor, clearActor, v.overlay)
	v.chart = container.New(&timelineLayout{v: v})
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Show up to"), v.upTo, save), container.NewHScroll(bar)),
		container.NewHScroll(filters), v.heading, widget.NewSeparator())
	help := widget.NewLabel(fmt.Sprintf("Above the line escalation, below de-escalation; a dot's size is its severity. The line is the escalation index: each day, its last %d days' signals, severity × source reliability × information credibility.", data.EscalationWindow))
	help.Truncation = fyne.TextTruncateEllipsis
	help.SizeName = theme.SizeNameCaptionText
	v.content = container.NewBorder(top, help, nil, nil, v.chart)
	return v
}

func (v *timelineView) Title() string       { return "Signal timeline" }
func (v *timelineView) Icon() fyne.Resource { return theme.VolumeUpIcon() }

func (v *timelineView) Show() fyne.CanvasObject {
	v.kind.Options = append([]string{anyKind}, v.wb.store.Vocabulary().Offered(data.Signal, data.Signal.Field("signal_type"))...)
	if v.kind.Selected == "" {
		v.kind.Selected = anyKind
	}
	v.kind.Refresh()
	syncUpTo(v.wb, v.upTo)
	v.reload()
	return v.content
}

func (v *timelineView) Changed(c data.Changed) {
	if v.wb.current == view(v) && (c.Touches(data.Signal) || c.Touches(data.Engagement)) {
		v.reload()
	}
}

// zoom narrows (f < 1) or widens the span around its middle; pan moves it
// by half its width.
func (v *timelineView) zoom(f float64) {
	days := v.to.Sub(v.from).Hours() / 24
	mid := v.from.Add(v.to.Sub(v.from) / 2)
	half := time.Duration(max(days*f, 6) / 2 * 24 * float64(time.Hour))
	v.from, v.to = midnight(mid.Add(-half)), midnight(mid.Add(half))
	v.reload()
}

func (v *timelineView) pan(dir int) {
	shift := v.to.Sub(v.from) / 2 * time.Duration(dir)
	v.from, v.to = midnight(v.from.Add(shift)), midnight(v.to.Add(shift))
	v.reload()
}

// setActor shows only the signals naming one actor ("" for any).
func (v *timelineView) setActor(id, title string) {
	v.actorID = id
	if id == "" {
		title = anyActor
	}
	v.actor.SetText(showable(ellipsis(title, 28)))
	v.reload()
}

func (v *timelineView) query() data.TimelineQuery {
	q := data.TimelineQuery{From: v.from.Format(data.DateLayout), To: v.to.Format(data.DateLayout), UpTo: data.TLP(v.upTo.Selected), Place: v.place.Text,
		ActorID: v.actorID, Buckets: 200}
	if v.kind.Selected != anyKind {
		q.Kind = v.kind.Selected
	}
	return q
}

type timelineRead struct {
	t        data.Timeline
	meetings []data.CalendarEntry
}

func (v *timelineView) reload() {
	q, overlay, from, to := v.query(), v.overlay.Checked, v.from, v.to
	askNewest(v.wb.ctx, &v.ask, func(ctx context.Context) (timelineRead, error) {
		var r timelineRead
		var err error
		if r.t, err = v.source.Timeline(ctx, q); err != nil || !overlay {
			return r, err
		}
		es, err := v.source.Calendar(ctx, from, to.AddDate(0, 0, 1), q.UpTo)
		for _, e := range es {
			if e.Due == "" {
				r.meetings = append(r.meetings, e)
			}
		}
		return r, err
	}, func(r timelineRead) { v.show(r.t, r.meetings) }, v.wb.problem)
}

func (v *timelineView) show(t data.Timeline, meetings []data.CalendarEntry) {
	v.shown, v.meetings = t, meetings
	v.marks, v.columns = map[string]*timelineMark{}, nil
	colour := map[string]color.Color{}
	for i, k := range v.wb.store.Vocabulary().Offered(data.Signal, data.Signal.Field("signal_type")) {
		colour[k] = kindColors[i%len(kindColors)]
	}
	objs := []fyne.CanvasObject{newPanPad(v)}
	zero := canvas.NewLine(theme.Color(theme.ColorNameDisabled))
	objs = append(objs, zero)
	v.ticks = timelineTicks(v.from, v.to)
	for _, tk := range v.ticks {
		objs = append(objs, tk.line, tk.text)
	}
	for _, m := range meetings {
		l := canvas.NewLine(theme.Color(theme.ColorNamePrimary))
		l.StrokeWidth = 1
		txt := canvas.NewText(m.Title, theme.Color(theme.ColorNamePrimary))
		txt.TextSize = theme.CaptionTextSize()
		objs = append(objs, l, txt)
	}
	for range max(len(t.Index)-1, 0) {
		seg := canvas.NewLine(theme.Color(theme.ColorNamePlaceHolder)) // beneath the dots, not over them
		seg.StrokeWidth = 1.5
		objs = append(objs, seg)
	}
	for _, b := range t.Buckets {
		b := b
		mk := newTimelineMark(nil, fmt.Sprintf("%s – %s: %d signals", b.First, b.Last, b.Count), func() {
			v.from, _ = time.Parse(data.DateLayout, b.First)
			v.to, _ = time.Parse(data.DateLayout, b.Last)
			v.reload()
		})
		mk.bucket = &b
		mk.win = v.wb.win
		v.columns = append(v.columns, mk)
		objs = append(objs, mk)
	}
	for _, s := range t.Signals {
		id := s.ID
		mk := newTimelineMark(colour[s.Kind], fmt.Sprintf("%s %+d %s: %s", s.Day, s.Severity, s.Kind, s.Title), func() { v.wb.openRecord(id) })
		mk.signal = &s
		mk.win = v.wb.win
		v.marks[s.ID] = mk
		objs = append(objs, mk)
	}
	for _, tx := range [2]string{v.from.Format("2 Jan 2006"), v.to.Format("2 Jan 2006")} {
		label := canvas.NewText(tx, theme.Color(theme.ColorNameForeground))
		label.TextSize = theme.CaptionTextSize()
		objs = append(objs, label)
	}
	how := "each signal"
	if len(t.Buckets) > 0 {
		how = fmt.Sprintf("by columns of %s (tap one to zoom in)", columnWidth(t.Buckets))
	}
	v.heading.SetText(fmt.Sprintf("%d signals from %s to %s, %s", t.Count, v.from.Format("2 Jan 2006"), v.to.Format("2 Jan 2006"), how))
	v.chart.Objects = objs
	v.chart.Refresh()
}

func columnWidth(bs []data.TimelineBucket) string {
	first, _ := time.Parse(data.DateLayout, bs[0].First)
	last, _ := time.Parse(data.DateLayout, bs[0].Last)
	if days := int(last.Sub(first).Hours()/24) + 1; days > 1 {
		return fmt.Sprintf("%d days", days)
	}
	return "a day"
}

// savePNG draws the timeline as it shows, 1,600 × 600, on a copy of its own.
func (v *timelineView) savePNG(w io.Writer) error {
	c := newTimelineView(v.wb)
	c.from, c.to = v.from, v.to
	c.show(v.shown, v.meetings)
	return renderPNG(w, container.NewBorder(c.heading, nil, nil, nil, c.chart), fyne.NewSize(1600, 600))
}

// timelineLayout places everything by day (x) and severity (y).
type timelineLayout struct{ v *timelineView }

func (l *timelineLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(500, 260) }

func (l *timelineLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	v := l.v
	if len(objs) == 0 {
		return
	}
	t := v.shown
	top, bottom := float32(30), size.Height-24
	mid := (top + bottom) / 2
	span := v.to.Sub(v.from).Hours()/24 + 1
	x := func(day time.Time) float32 { return float32(day.Sub(v.from).Hours()/24/span) * size.Width }
	xd := func(day string) float32 {
		d, _ := time.Parse(data.DateLayout, day)
		return x(d) + float32(float64(size.Width)/span/2)
	}
	// Severity ±5 fills half the height; buckets and the index by their own largest.
	var biggest float64 = 1
	for _, b := range t.Buckets {
		biggest = max(biggest, float64(b.Up), float64(-b.Down))
	}
	var index float64 = 1
	for _, p := range t.Index {
		index = max(index, p.Index, -p.Index)
	}
	objs[0].Resize(size) // the pad a drag pans on
	i := 1
	zero := objs[i].(*canvas.Line)
	zero.Position1, zero.Position2 = fyne.NewPos(0, mid), fyne.NewPos(size.Width, mid)
	i++
	for _, tk := range v.ticks {
		px := x(tk.at)
		tk.line.Position1, tk.line.Position2 = fyne.NewPos(px, bottom-3), fyne.NewPos(px, bottom+3)
		tk.text.Move(fyne.NewPos(px-tk.text.MinSize().Width/2, bottom+4))
		// The span's first and last days are written at the ends.
		if px-tk.text.MinSize().Width/2 < 90 || px+tk.text.MinSize().Width/2 > size.Width-90 {
			tk.text.Hide()
		} else {
			tk.text.Show()
		}
		i += 2
	}
	for _, m := range v.meetings {
		px := x(m.Starts.UTC())
		line := objs[i].(*canvas.Line)
		line.Position1, line.Position2 = fyne.NewPos(px, top-20), fyne.NewPos(px, bottom)
		txt := objs[i+1].(*canvas.Text)
		txt.Move(fyne.NewPos(px+3, top-22))
		i += 2
	}
	for j := 0; j+1 < len(t.Index); j++ {
		seg := objs[i].(*canvas.Line)
		y := func(p data.IndexPoint) float32 { return mid - float32(p.Index/index)*(mid-top) }
		seg.Position1, seg.Position2 = fyne.NewPos(xd(t.Index[j].Day), y(t.Index[j])), fyne.NewPos(xd(t.Index[j+1].Day), y(t.Index[j+1]))
		i++
	}
	for _, mk := range v.columns {
		b := mk.bucket
		x0, x1 := xd(b.First)-float32(float64(size.Width)/span/2), xd(b.Last)+float32(float64(size.Width)/span/2)
		up := float32(float64(b.Up)/biggest) * (mid - top)
		down := float32(float64(-b.Down)/biggest) * (bottom - mid)
		mk.Move(fyne.NewPos(x0, mid-up))
		mk.Resize(fyne.NewSize(max(x1-x0-1, 2), up+down))
		mk.split = up
		i++
	}
	for _, mk := range v.marks {
		s := mk.signal
		r := 8 + float32(abs64(s.Severity))*3
		y := mid - float32(s.Severity)/5*(mid-top)
		mk.Move(fyne.NewPos(xd(s.Day)-r/2, y-r/2))
		mk.Resize(fyne.NewSize(r, r))
		i++
	}
	first, last := objs[len(objs)-2].(*canvas.Text), objs[len(objs)-1].(*canvas.Text)
	first.Move(fyne.NewPos(0, bottom+4))
	last.Move(fyne.NewPos(size.Width-last.MinSize().Width, bottom+4))
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// timelineMark is a signal's dot or a column of signals: tapping opens the
// signal or zooms into the column.
type timelineMark struct {
	widget.BaseWidget
	colour color.Color
	about  string
	tap    func()
	signal *data.TimelineSignal
	bucket *data.TimelineBucket
	split  float32 // a column's height above the line
	win    fyne.Window
	tip    hoverTip
}

func newTimelineMark(c color.Color, about string, tap func()) *timelineMark {
	mk := &timelineMark{colour: c, about: about, tap: tap}
	mk.ExtendBaseWidget(mk)
	return mk
}

func (mk *timelineMark) Tapped(*fyne.PointEvent) { mk.tip.hide(); mk.tap() }

// MouseIn says what the mark is: the signal's day, severity, kind and
// title, or the column's span and count.
func (mk *timelineMark) MouseIn(e *desktop.MouseEvent) {
	if mk.win != nil {
		mk.tip.showText(mk.win, mk.about, e.AbsolutePosition)
	}
}
func (mk *timelineMark) MouseMoved(*desktop.MouseEvent) {}
func (mk *timelineMark) MouseOut()                      { mk.tip.hide() }

func (mk *timelineMark) CreateRenderer() fyne.WidgetRenderer {
	if mk.bucket == nil {
		dot := canvas.NewCircle(mk.colour)
		dot.StrokeColor, dot.StrokeWidth = theme.Color(theme.ColorNameBackground), 1
		return widget.NewSimpleRenderer(dot)
	}
	up := canvas.NewRectangle(theme.Color(theme.ColorNameError))
	down := canvas.NewRectangle(theme.Color(theme.ColorNameSuccess))
	return &columnRenderer{mk: mk, up: up, down: down}
}

// columnRenderer draws a column: its escalation above the line, its
// de-escalation below.
type columnRenderer struct {
	mk       *timelineMark
	up, down *canvas.Rectangle
}

func (r *columnRenderer) Layout(size fyne.Size) {
	r.up.Move(fyne.NewPos(0, 0))
	r.up.Resize(fyne.NewSize(size.Width, r.mk.split))
	r.down.Move(fyne.NewPos(0, r.mk.split))
	r.down.Resize(fyne.NewSize(size.Width, size.Height-r.mk.split))
}
func (r *columnRenderer) MinSize() fyne.Size           { return fyne.NewSize(2, 2) }
func (r *columnRenderer) Refresh()                     { r.Layout(r.mk.Size()) }
func (r *columnRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.up, r.down} }
func (r *columnRenderer) Destroy()                     {}
