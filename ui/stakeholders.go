package ui

import (
	"context"
	"fmt"
	"image/color"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// stakeholderSource is what the stakeholder grid reads.
type stakeholderSource interface {
	Stakeholders(ctx context.Context, upTo data.TLP) (data.StakeholderGrid, error)
	StakeholderCell(ctx context.Context, upTo data.TLP, influence, interest int64) ([]data.ActorLine, error)
}

// stanceColor is an actor's stance as a dot: from green (supportive)
// through grey (neutral) to red (hostile).
var stanceColor = map[string]color.Color{
	"supportive":         color.NRGBA{0x2e, 0xa0, 0x43, 0xff},
	"leaning supportive": color.NRGBA{0x8b, 0xc3, 0x4a, 0xff},
	"neutral":            color.NRGBA{0x9e, 0x9e, 0x9e, 0xff},
	"sceptical":          color.NRGBA{0xff, 0x98, 0x00, 0xff},
	"hostile":            color.NRGBA{0xe5, 0x39, 0x35, 0xff},
}

// quadrantShade tells Mendelow's four quadrants apart, quietly.
func quadrantShade(interest, influence int64) color.Color {
	switch data.Quadrant(influence, interest) {
	case "manage closely":
		return color.NRGBA{0x3f, 0x51, 0xb5, 0x50}
	case "keep satisfied":
		return color.NRGBA{0x00, 0x96, 0x88, 0x40}
	case "keep informed":
		return color.NRGBA{0x79, 0x55, 0x48, 0x40}
	}
	return color.NRGBA{0x75, 0x75, 0x75, 0x30}
}

// stakeholdersView is Mendelow's power × interest grid: each actor by
// its influence and its interest in the process, its stance as a colour;
// the quadrant says what the desk does with it.
type stakeholdersView struct {
	wb      *Workbench
	source  stakeholderSource
	upTo    *widget.Select
	summary *widget.Label
	grid    *placeGrid
	content fyne.CanvasObject
	ask     newest
	shown   data.StakeholderGrid
}

func newStakeholdersView(wb *Workbench) *stakeholdersView {
	v := &stakeholdersView{wb: wb, source: wb.store, summary: widget.NewLabel(""), grid: newPlaceGrid("Interest", "Influence", quadrantShade)}
	v.summary.Truncation = fyne.TextTruncateEllipsis
	v.upTo = newUpToSelect(wb, v.reload)
	save := widget.NewButtonWithIcon("Save as PNG…", theme.DocumentSaveIcon(), func() {
		askSavePNG(wb, "stakeholder grid", v.savePNG)
	})
	legend := container.NewHBox()
	for _, s := range data.Actor.Field("stance").Choices {
		legend.Add(container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(10, 10), canvas.NewCircle(stanceColor[s]))), widget.NewLabel(s)))
	}
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Show up to"), v.upTo, save), container.NewHScroll(legend)),
		v.summary, widget.NewSeparator())
	v.content = container.NewBorder(top, nil, nil, nil, v.grid.view)
	return v
}

func (v *stakeholdersView) Title() string       { return "Stakeholder grid" }
func (v *stakeholdersView) Icon() fyne.Resource { return theme.AccountIcon() }

func (v *stakeholdersView) Show() fyne.CanvasObject {
	syncUpTo(v.wb, v.upTo)
	v.reload()
	return v.content
}

func (v *stakeholdersView) Changed(c data.Changed) {
	if v.wb.current == view(v) && c.Touches(data.Actor) {
		v.reload()
	}
}

func (v *stakeholdersView) reload() {
	upTo := data.TLP(v.upTo.Selected)
	askNewest(v.wb.ctx, &v.ask, func(ctx context.Context) (data.StakeholderGrid, error) {
		return v.source.Stakeholders(ctx, upTo)
	}, func(g data.StakeholderGrid) { v.show(g, upTo) }, v.wb.problem)
}

func (v *stakeholdersView) show(g data.StakeholderGrid, upTo data.TLP) {
	v.shown = g
	v.grid.clear()
	for _, c := range g.Cells {
		marks := make([]mark, len(c.Actors))
		for i, a := range c.Actors {
			id := a.ID
			marks[i] = mark{title: a.Title, dot: stanceColor[a.Stance], open: func() { v.wb.openRecord(id) }}
		}
		influence, interest := c.Influence, c.Interest
		v.grid.place(interest, influence, c.Count, marks, func() { v.showCell(upTo, influence, interest) })
	}
	text := fmt.Sprintf("%d actors, up to %s. %d and above is high: manage closely (both high), keep satisfied (influence), keep informed (interest), monitor.",
		g.Total, upTo, data.StakeholderHigh)
	if g.Unplaced > 0 {
		text += fmt.Sprintf(" %d more have no influence or interest set.", g.Unplaced)
	}
	v.summary.SetText(text)
	v.grid.view.Refresh()
}

// savePNG draws the grid as it shows, 1,200 × 900, on a copy of its own.
func (v *stakeholdersView) savePNG(w io.Writer) error {
	c := newStakeholdersView(v.wb)
	c.show(v.shown, data.TLP(v.upTo.Selected))
	return renderPNG(w, container.NewBorder(c.summary, nil, nil, nil, c.grid.view), fyne.NewSize(1200, 900))
}

// showCell lists every actor of a crowded cell.
func (v *stakeholdersView) showCell(upTo data.TLP, influence, interest int64) {
	actors, err := v.source.StakeholderCell(v.wb.ctx, upTo, influence, interest)
	if err != nil {
		v.wb.problem(err)
		return
	}
	marks := make([]mark, len(actors))
	for i, a := range actors {
		id := a.ID
		marks[i] = mark{title: a.Title + " (" + a.Stance + ")", open: func() { v.wb.openRecord(id) }}
	}
	showMarks(v.wb, fmt.Sprintf("Influence %d × interest %d (%s): %d actors", influence, interest, data.Quadrant(influence, interest), len(actors)), marks)
}
