package ui

import (
	"context"
	"image/color"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// roadmapSource is what the roadmap reads.
type roadmapSource interface {
	Roadmap(ctx context.Context, upTo data.TLP) ([]data.RoadmapMilestone, error)
}

// statusColor colours a milestone by its status.
var statusColor = map[string]color.Color{
	"not started": color.NRGBA{0x9e, 0x9e, 0x9e, 0xff},
	"in progress": color.NRGBA{0x42, 0xa5, 0xf5, 0xff},
	"reached":     color.NRGBA{0x43, 0xa0, 0x47, 0xff},
	"missed":      color.NRGBA{0xe5, 0x39, 0x35, 0xff},
	"abandoned":   color.NRGBA{0x6d, 0x4c, 0x41, 0xff},
}

// roadmapView draws the milestones on a time axis, a lane per phase,
// coloured by status, each joined to what it depends on; hovering one
// shows its gate conditions, tapping it opens it. Milestones without a
// target date stand apart at the right.
type roadmapView struct {
	wb      *Workbench
	source  roadmapSource
	upTo    *widget.Select
	summary *widget.Label
	chart   *fyne.Container
	content fyne.CanvasObject
	ask     newest
	shown   []data.RoadmapMilestone
	marks   map[string]*roadmapMark // by milestone id, for tests
	ticks   []roadmapTick
	first   time.Time // the time axis
	last    time.Time
	now     func() time.Time
}

// roadmapTick is a month (or quarter) on the time axis.
type roadmapTick struct {
	at   time.Time
	text *canvas.Text
	line *canvas.Line
}

func newRoadmapView(wb *Workbench) *roadmapView {
	v := &roadmapView{wb: wb, source: wb.store, summary: widget.NewLabel(""), now: time.Now}
	v.summary.Truncation = fyne.TextTruncateEllipsis
	v.upTo = newUpToSelect(wb, v.reload)
	save := widget.NewButtonWithIcon("Save as PNG…", theme.DocumentSaveIcon(), func() { askSavePNG(wb, "roadmap", v.savePNG) })
	legend := container.NewHBox()
	for _, s := range data.Milestone.Field("status").Choices {
		legend.Add(container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(12, 12), canvas.NewCircle(statusColor[s]))), widget.NewLabel(s)))
	}
	v.chart = container.New(&roadmapLayout{v: v})
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Show up to"), v.upTo, save), container.NewHScroll(legend)),
		v.summary, widget.NewSeparator())
	v.content = container.NewBorder(top, nil, nil, nil, container.NewScroll(v.chart))
	return v
}

func (v *roadmapView) Title() string       { return "Roadmap" }
func (v *roadmapView) Icon() fyne.Resource { return theme.MediaSkipNextIcon() }

func (v *roadmapView) Show() fyne.CanvasObject {
	syncUpTo(v.wb, v.upTo)
	v.reload()
	return v.content
}

func (v *roadmapView) Changed(c data.Changed) {
	if v.wb.current == view(v) && c.Touches(data.Milestone) {
		v.reload()
	}
}

func (v *roadmapView) reload() {
	upTo := data.TLP(v.upTo.Selected)
	askNewest(v.wb.ctx, &v.ask, func(ctx context.Context) ([]data.RoadmapMilestone, error) {
		return v.source.Roadmap(ctx, upTo)
	}, func(ms []data.RoadmapMilestone) { v.show(ms) }, v.wb.problem)
}

func (v *roadmapView) show(ms []data.RoadmapMilestone) {
	v.shown = ms
	v.marks = map[string]*roadmapMark{}
	var objs []fyne.CanvasObject
	for range data.Milestone.Field("phase").Choices {
		objs = append(objs, canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)))
	}
	for _, p := range data.Milestone.Field("phase").Choices {
		objs = append(objs, widget.NewLabelWithStyle(p, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	// Dependency lines first, so the marks are drawn over them.
	for _, m := range ms {
		for range m.DependsOn {
			l := canvas.NewLine(theme.Color(theme.ColorNameDisabled))
			l.StrokeWidth = 2
			objs = append(objs, l)
		}
	}
	today := canvas.NewLine(theme.Color(theme.ColorNamePrimary))
	today.StrokeWidth = 1
	objs = append(objs, today)
	v.first, v.last = roadmapSpan(ms, midnight(v.now()))
	v.ticks = nil
	step := 1
	if v.last.Sub(v.first) > 550*24*time.Hour {
		step = 3 // quarters when the path runs over a year and a half
	}
	for t := time.Date(v.first.Year(), v.first.Month()+1, 1, 0, 0, 0, 0, time.UTC); t.Before(v.last); t = t.AddDate(0, step, 0) {
		tick := roadmapTick{at: t, text: canvas.NewText(t.Format("Jan 2006"), theme.Color(theme.ColorNameForeground)), line: canvas.NewLine(theme.Color(theme.ColorNameSeparator))}
		tick.text.TextSize = theme.CaptionTextSize()
		v.ticks = append(v.ticks, tick)
		objs = append(objs, tick.line, tick.text)
	}
	for _, m := range ms {
		id := m.ID
		mk := newRoadmapMark(m, func() { v.wb.openRecord(id) }, v.wb.win)
		v.marks[m.ID] = mk
		objs = append(objs, mk)
	}
	undated := 0
	for _, m := range ms {
		if m.Target == "" {
			undated++
		}
	}
	text := "Milestones by phase and target date; a line joins each to what it depends on. Hover for gate conditions."
	if undated > 0 {
		text += " Right: without a target date yet."
	}
	v.summary.SetText(text)
	v.chart.Objects = objs
	v.chart.Refresh()
}

// savePNG draws the roadmap as it shows, 1,600 × 700, on a copy of its own.
func (v *roadmapView) savePNG(w io.Writer) error {
	c := newRoadmapView(v.wb)
	c.now = v.now
	c.show(v.shown)
	return renderPNG(w, c.chart, fyne.NewSize(1600, 700))
}

// roadmapLayout places the lanes, the time axis and the marks.
type roadmapLayout struct{ v *roadmapView }

const (
	laneLabel  = 190
	laneRows   = 3
	rowHeight  = 28
	laneHeight = 36 + laneRows*rowHeight
	undatedW   = 230
	markWidth  = 220
)

func (l *roadmapLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(laneLabel+500+undatedW, float32(len(data.Milestone.Field("phase").Choices))*laneHeight+30)
}

func (l *roadmapLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	v := l.v
	phases := data.Milestone.Field("phase").Choices
	if len(objs) < 2*len(phases) {
		return
	}
	lane := map[string]int{}
	for i, p := range phases {
		lane[p] = i
		objs[i].Move(fyne.NewPos(0, float32(i)*laneHeight+2))
		objs[i].Resize(fyne.NewSize(size.Width, laneHeight-4))
		objs[len(phases)+i].Move(fyne.NewPos(theme.Padding(), float32(i)*laneHeight+theme.Padding()))
		objs[len(phases)+i].Resize(fyne.NewSize(laneLabel-2*theme.Padding(), objs[len(phases)+i].MinSize().Height))
	}
	x0, x1 := float32(laneLabel), size.Width-undatedW
	x := func(t time.Time) float32 {
		return x0 + float32(t.Sub(v.first).Seconds()/v.last.Sub(v.first).Seconds())*(x1-x0)
	}
	axisY := float32(len(phases)) * laneHeight
	for _, tk := range v.ticks {
		tk.line.Position1, tk.line.Position2 = fyne.NewPos(x(tk.at), 0), fyne.NewPos(x(tk.at), axisY)
		tk.text.Move(fyne.NewPos(x(tk.at)-tk.text.MinSize().Width/2, axisY+theme.Padding()))
	}
	// Each mark on the first of its lane's three rows where nothing drawn
	// yet reaches its dot.
	at := map[string]fyne.Position{}
	rowEnd := map[[2]int]float32{}
	for _, m := range v.shown {
		mk := v.marks[m.ID]
		if mk == nil {
			continue
		}
		ln := lane[m.Phase]
		px := x1 + 2*theme.Padding()
		if t, err := time.Parse(data.DateLayout, m.Target); err == nil {
			px = x(t)
		}
		row := 0
		for row < laneRows-1 && rowEnd[[2]int{ln, row}] > px {
			row++
		}
		w := min(markWidth, max(40, size.Width-px))
		rowEnd[[2]int{ln, row}] = px + w
		py := float32(ln)*laneHeight + 36 + float32(row)*rowHeight
		mk.Move(fyne.NewPos(px-6, py-mk.MinSize().Height/2))
		mk.Resize(fyne.NewSize(w, mk.MinSize().Height))
		at[m.ID] = fyne.NewPos(px, py)
	}
	i := 2 * len(phases)
	for _, m := range v.shown {
		for _, dep := range m.DependsOn {
			line := objs[i].(*canvas.Line)
			line.Position1, line.Position2 = at[dep], at[m.ID]
			i++
		}
	}
	now := midnight(v.now())
	today := objs[i].(*canvas.Line)
	today.Position1, today.Position2 = fyne.NewPos(x(now), 0), fyne.NewPos(x(now), axisY)
}

// roadmapSpan is the time axis: the earliest to the latest target date
// and today, with a tenth of it to spare at each end, 60 days at least.
func roadmapSpan(ms []data.RoadmapMilestone, today time.Time) (first, last time.Time) {
	first, last = today, today
	for _, m := range ms {
		if t, err := time.Parse(data.DateLayout, m.Target); err == nil {
			first, last = minTime(first, t), maxTime(last, t)
		}
	}
	span := max(last.Sub(first), 60*24*time.Hour)
	return first.Add(-span / 10), last.Add(span / 10)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// roadmapMark is one milestone: a dot in its status's colour and its title.
// Tapping opens it; hovering shows its target, status and gate conditions.
type roadmapMark struct {
	widget.BaseWidget
	m    data.RoadmapMilestone
	open func()
	win  fyne.Window
	tip  hoverTip
}

func newRoadmapMark(m data.RoadmapMilestone, open func(), win fyne.Window) *roadmapMark {
	mk := &roadmapMark{m: m, open: open, win: win}
	mk.ExtendBaseWidget(mk)
	return mk
}

func (mk *roadmapMark) CreateRenderer() fyne.WidgetRenderer {
	dot := canvas.NewCircle(statusColor[mk.m.Status])
	title := widget.NewLabel(showable(mk.m.Title))
	title.Truncation = fyne.TextTruncateEllipsis
	title.SizeName = theme.SizeNameCaptionText
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, container.NewCenter(container.NewGridWrap(fyne.NewSize(12, 12), dot)), nil, title))
}

func (mk *roadmapMark) Tapped(*fyne.PointEvent) { mk.open() }

// details is what hovering shows.
func (mk *roadmapMark) details() string {
	lines := []string{mk.m.Title, mk.m.Phase + " · " + mk.m.Status}
	if mk.m.Target != "" {
		lines = append(lines, "Target "+mk.m.Target)
	}
	if mk.m.Gates != "" {
		lines = append(lines, "Gate conditions: "+mk.m.Gates)
	}
	return strings.Join(lines, "\n")
}

func (mk *roadmapMark) MouseIn(e *desktop.MouseEvent) {
	l := widget.NewLabel(showable(mk.details()))
	l.Wrapping = fyne.TextWrapWord // gate conditions run long
	mk.tip.show(mk.win, l, fyne.NewSize(360, 170), e.AbsolutePosition)
}

func (mk *roadmapMark) MouseMoved(*desktop.MouseEvent) {}
func (mk *roadmapMark) MouseOut()                      { mk.tip.hide() }
