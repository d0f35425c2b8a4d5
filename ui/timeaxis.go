package ui

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The timeline's axis: the dates marked under it, and the pad under its
// marks that a drag pans on.

// timelineTick is a date marked under the axis.
type timelineTick struct {
	at   time.Time
	line *canvas.Line
	text *canvas.Text
}

// timelineTicks marks the days a span reads by: Mondays over a few
// weeks, the first of each month over a year, each new year beyond.
func timelineTicks(from, to time.Time) []timelineTick {
	days := to.Sub(from).Hours() / 24
	var at []time.Time
	var layout string
	switch {
	case days <= 60:
		d := from.AddDate(0, 0, (8-int(from.Weekday()))%7)
		for ; !d.After(to); d = d.AddDate(0, 0, 7) {
			at = append(at, d)
		}
		layout = "2 Jan"
	case days <= 800:
		for d := time.Date(from.Year(), from.Month()+1, 1, 0, 0, 0, 0, time.UTC); !d.After(to); d = d.AddDate(0, 1, 0) {
			at = append(at, d)
		}
		layout = "Jan 2006"
	default:
		step := 1
		if days > 5000 {
			step = 5
		}
		for d := time.Date(from.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC); !d.After(to); d = d.AddDate(step, 0, 0) {
			at = append(at, d)
		}
		layout = "2006"
	}
	out := make([]timelineTick, len(at))
	for i, d := range at {
		t := canvas.NewText(d.Format(layout), theme.Color(theme.ColorNamePlaceHolder))
		t.TextSize = theme.CaptionTextSize()
		out[i] = timelineTick{at: d, line: canvas.NewLine(theme.Color(theme.ColorNamePlaceHolder)), text: t}
	}
	return out
}

// panPad lies under the timeline's marks: dragging across it moves the
// span, as far as the drag went, when the drag ends.
type panPad struct {
	widget.BaseWidget
	v     *timelineView
	moved float32
}

func newPanPad(v *timelineView) *panPad {
	p := &panPad{v: v}
	p.ExtendBaseWidget(p)
	return p
}

func (p *panPad) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (p *panPad) Dragged(e *fyne.DragEvent) { p.moved += e.Dragged.DX }

func (p *panPad) DragEnd() {
	width := p.Size().Width
	moved := p.moved
	p.moved = 0
	if width <= 0 {
		return
	}
	days := int(math.Round(-float64(moved/width) * (p.v.to.Sub(p.v.from).Hours()/24 + 1)))
	if days == 0 {
		return
	}
	p.v.from, p.v.to = p.v.from.AddDate(0, 0, days), p.v.to.AddDate(0, 0, days)
	p.v.reload()
}
