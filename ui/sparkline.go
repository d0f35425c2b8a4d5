package ui

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// indexChart draws the escalation index, day by day: above the zero line
// (escalation) in the theme's error colour, below it (de-escalation) in its
// success colour, with the highest and lowest values and the first and
// last days written at the edges. Fyne's own canvas lines: a few hundred
// of them draw in no time, follow the theme and the window's scale, and
// need no image kept in step with the widget's size.
type indexChart struct {
	widget.BaseWidget
	points []data.IndexPoint
}

func newIndexChart() *indexChart {
	c := &indexChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *indexChart) set(points []data.IndexPoint) {
	c.points = points
	c.Refresh()
}

func (c *indexChart) CreateRenderer() fyne.WidgetRenderer {
	r := &indexChartRenderer{c: c, zero: canvas.NewLine(theme.Color(theme.ColorNameDisabled))}
	for i := range r.labels {
		r.labels[i] = canvas.NewText("", theme.Color(theme.ColorNameForeground))
		r.labels[i].TextSize = theme.CaptionTextSize()
	}
	r.Refresh()
	return r
}

type indexChartRenderer struct {
	c      *indexChart
	zero   *canvas.Line
	segs   []*canvas.Line
	labels [4]*canvas.Text // highest, lowest, first day, last day
	size   fyne.Size
}

func (r *indexChartRenderer) MinSize() fyne.Size { return fyne.NewSize(260, 120) }
func (r *indexChartRenderer) Destroy()           {}

func (r *indexChartRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.zero}
	for _, s := range r.segs {
		objs = append(objs, s)
	}
	for _, l := range r.labels {
		objs = append(objs, l)
	}
	return objs
}

// bounds is the range drawn: always around zero, so the zero line shows.
func (r *indexChartRenderer) bounds() (lo, hi float64) {
	for _, p := range r.c.points {
		lo, hi = math.Min(lo, p.Index), math.Max(hi, p.Index)
	}
	if hi-lo < 1 {
		hi, lo = hi+0.5, lo-0.5
	}
	return lo, hi
}

func (r *indexChartRenderer) Layout(size fyne.Size) {
	r.size = size
	pts := r.c.points
	lo, hi := r.bounds()
	label := r.labels[0].MinSize().Height
	top, bottom := label, size.Height-label
	left := float32(0)
	for _, l := range r.labels[:2] {
		left = max(left, l.MinSize().Width+theme.Padding())
	}
	y := func(v float64) float32 { return top + float32((hi-v)/(hi-lo))*(bottom-top) }
	x := func(i int) float32 {
		if len(pts) < 2 {
			return left
		}
		return left + float32(i)*(size.Width-left)/float32(len(pts)-1)
	}
	r.zero.Position1, r.zero.Position2 = fyne.NewPos(left, y(0)), fyne.NewPos(size.Width, y(0))
	for i, s := range r.segs {
		s.Position1, s.Position2 = fyne.NewPos(x(i), y(pts[i].Index)), fyne.NewPos(x(i+1), y(pts[i+1].Index))
	}
	r.labels[0].Move(fyne.NewPos(0, top-label/2))
	r.labels[1].Move(fyne.NewPos(0, bottom-label/2))
	r.labels[2].Move(fyne.NewPos(left, bottom))
	r.labels[3].Move(fyne.NewPos(size.Width-r.labels[3].MinSize().Width, bottom))
	for _, l := range r.labels {
		l.Resize(l.MinSize())
	}
}

func (r *indexChartRenderer) Refresh() {
	pts := r.c.points
	want := max(len(pts)-1, 0)
	for len(r.segs) < want {
		s := canvas.NewLine(color.Black)
		s.StrokeWidth = 2
		r.segs = append(r.segs, s)
	}
	r.segs = r.segs[:want]
	up, down := theme.Color(theme.ColorNameError), theme.Color(theme.ColorNameSuccess)
	for i, s := range r.segs {
		s.StrokeColor = up
		if pts[i].Index+pts[i+1].Index < 0 {
			s.StrokeColor = down
		}
	}
	lo, hi := r.bounds()
	r.labels[0].Text, r.labels[1].Text = fmt.Sprintf("%+.1f", hi), fmt.Sprintf("%+.1f", lo)
	r.labels[2].Text, r.labels[3].Text = "", ""
	if len(pts) > 0 {
		r.labels[2].Text, r.labels[3].Text = pts[0].Day, pts[len(pts)-1].Day
	}
	for _, l := range r.labels {
		l.Color = theme.Color(theme.ColorNameForeground)
		l.Refresh()
	}
	r.zero.StrokeColor = theme.Color(theme.ColorNameDisabled)
	r.Layout(r.size)
	canvas.Refresh(r.c)
}
