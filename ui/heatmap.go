package ui

import (
	"context"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// heatSource is what the heat map reads.
type heatSource interface {
	HeatMap(ctx context.Context, q data.HeatQuery) (data.HeatMap, error)
	HeatCellRisks(ctx context.Context, q data.HeatQuery, likelihood, impact int64) ([]data.RiskLine, error)
	RiskOwners(ctx context.Context) ([]string, error)
}

// bandColor shades a cell by its band (docs/DOMAIN.md), light enough for
// the titles on it to read in both themes.
var bandColor = map[string]color.Color{
	"low":      color.NRGBA{0x2e, 0x7d, 0x32, 0x50},
	"medium":   color.NRGBA{0xf9, 0xa8, 0x25, 0x50},
	"high":     color.NRGBA{0xef, 0x6c, 0x00, 0x60},
	"critical": color.NRGBA{0xc6, 0x28, 0x28, 0x70},
}

const (
	allCategories = "All categories"
	allOwners     = "All owners"
	notClosed     = "Not closed"
	allStatuses   = "Any status"
)

// heatmapView is the risk register on a 5×5 grid of likelihood × impact,
// inherent or residual, each risk in its cell, a crowded cell counting what
// it does not name. Filters: category, owner, status, and the label the
// views show up to.
type heatmapView struct {
	wb       *Workbench
	source   heatSource
	residual *widget.RadioGroup
	category *widget.Select
	owner    *widget.Select
	status   *widget.Select
	upTo     *widget.Select
	summary  *widget.Label
	grid     *fyne.Container
	cells    map[[2]int64]*fyne.Container // by likelihood, impact
	content  fyne.CanvasObject
	ask      newest
	shown    data.HeatMap
}

func newHeatmapView(wb *Workbench) *heatmapView {
	v := &heatmapView{wb: wb, source: wb.store, summary: widget.NewLabel(""), cells: map[[2]int64]*fyne.Container{}}
	reload := func(string) { v.reload() }
	v.residual = widget.NewRadioGroup([]string{"Inherent", "Residual"}, reload)
	v.residual.Horizontal, v.residual.Required = true, true
	v.residual.Selected = "Inherent"
	v.category = widget.NewSelect(nil, reload)
	v.owner = widget.NewSelect(nil, reload)
	v.status = widget.NewSelect(append([]string{notClosed, allStatuses}, data.Risk.StatusField().Choices...), reload)
	v.status.Selected = notClosed
	v.upTo = newUpToSelect(wb, v.reload)
	save := widget.NewButtonWithIcon("Save as PNG…", theme.DocumentSaveIcon(), func() {
		askSavePNG(wb, "risk heat map", v.savePNG)
	})
	v.grid = v.newGrid()
	v.summary.Wrapping = fyne.TextWrapWord
	filters := container.NewHBox(v.residual, v.category, v.owner, v.status)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Show up to"), v.upTo, save), container.NewHScroll(filters)),
		v.summary, widget.NewSeparator())
	v.content = container.NewBorder(top, nil, nil, nil, v.grid)
	return v
}

// newGrid lays out the 25 cells, impact 5 at the top, likelihood 1 at the
// left, with the axes named.
func (v *heatmapView) newGrid() *fyne.Container {
	var objs []fyne.CanvasObject
	axis := func(text string) fyne.CanvasObject {
		return container.NewCenter(widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for impact := int64(5); impact >= 1; impact-- {
		objs = append(objs, axis(fmt.Sprintf("Impact %d", impact)))
		for l := int64(1); l <= 5; l++ {
			bg := canvas.NewRectangle(bandColor[data.RiskBand(l*impact)])
			bg.CornerRadius = theme.InputRadiusSize()
			marks := container.NewVBox()
			v.cells[[2]int64{l, impact}] = marks
			objs = append(objs, container.NewStack(bg, container.NewPadded(marks)))
		}
	}
	objs = append(objs, widget.NewLabel(""))
	for l := 1; l <= 5; l++ {
		objs = append(objs, axis(fmt.Sprintf("Likelihood %d", l)))
	}
	return container.New(&heatLayout{}, objs...)
}

func (v *heatmapView) Title() string       { return "Risk heat map" }
func (v *heatmapView) Icon() fyne.Resource { return theme.GridIcon() }

func (v *heatmapView) Show() fyne.CanvasObject {
	v.offerFilters()
	syncUpTo(v.wb, v.upTo)
	v.reload()
	return v.content
}

func (v *heatmapView) Changed(c data.Changed) {
	if v.wb.current == view(v) && (c.Touches(data.Risk) || c.Workspace) {
		v.offerFilters()
		v.reload()
	}
}

// offerFilters fills the category and owner choices from the workspace.
func (v *heatmapView) offerFilters() {
	cats := append([]string{allCategories}, v.wb.store.Vocabulary().Offered(data.Risk, data.Risk.Field("category"))...)
	v.category.Options = cats
	if v.category.Selected == "" {
		v.category.Selected = allCategories
	}
	v.category.Refresh()
	owners, err := v.source.RiskOwners(v.wb.ctx)
	if err != nil {
		v.wb.problem(err)
		return
	}
	v.owner.Options = append([]string{allOwners}, owners...)
	if v.owner.Selected == "" {
		v.owner.Selected = allOwners
	}
	v.owner.Refresh()
}

// query is what the filters ask for.
func (v *heatmapView) query() data.HeatQuery {
	q := data.HeatQuery{Residual: v.residual.Selected == "Residual", UpTo: data.TLP(v.upTo.Selected)}
	if v.category.Selected != allCategories {
		q.Category = v.category.Selected
	}
	if v.owner.Selected != allOwners {
		q.Owner = v.owner.Selected
	}
	switch st := data.Risk.StatusField(); v.status.Selected {
	case notClosed:
		for _, c := range st.Choices {
			if !slices.Contains(st.Closed, c) {
				q.Statuses = append(q.Statuses, c)
			}
		}
	case allStatuses, "":
	default:
		q.Statuses = []string{v.status.Selected}
	}
	return q
}

func (v *heatmapView) reload() {
	q := v.query()
	askNewest(v.wb.ctx, &v.ask, func(ctx context.Context) (data.HeatMap, error) {
		return v.source.HeatMap(ctx, q)
	}, func(m data.HeatMap) { v.show(m, q) }, v.wb.problem)
}

func (v *heatmapView) show(m data.HeatMap, q data.HeatQuery) {
	v.shown = m
	for _, marks := range v.cells {
		marks.RemoveAll()
	}
	for _, c := range m.Cells {
		marks := v.cells[[2]int64{c.Likelihood, c.Impact}]
		if marks == nil {
			continue // outside 1..5: the store's bounds keep this from happening
		}
		count := widget.NewLabelWithStyle(strconv.Itoa(c.Count), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		marks.Add(count)
		for _, r := range c.Risks {
			id := r.ID
			link := widget.NewHyperlink(showable(r.Title), nil)
			link.Truncation = fyne.TextTruncateEllipsis
			link.OnTapped = func() { v.wb.openRecord(id) }
			marks.Add(link)
		}
		if more := c.Count - len(c.Risks); more > 0 {
			l, i := c.Likelihood, c.Impact
			link := widget.NewHyperlink(fmt.Sprintf("and %d more…", more), nil)
			link.OnTapped = func() { v.showCell(q, l, i) }
			marks.Add(link)
		}
	}
	scores := "inherent scores"
	if q.Residual {
		scores = "residual scores"
	}
	text := fmt.Sprintf("%d risks by %s, up to %s. Bands: 1–4 low, 5–9 medium, 10–15 high, 16–25 critical.", m.Total, scores, q.UpTo)
	if m.Unscored > 0 {
		text += fmt.Sprintf(" %d more have no residual score yet.", m.Unscored)
	}
	v.summary.SetText(text)
	v.grid.Refresh()
}

// showCell lists every risk of a crowded cell; each opens its record.
func (v *heatmapView) showCell(q data.HeatQuery, likelihood, impact int64) {
	risks, err := v.source.HeatCellRisks(v.wb.ctx, q, likelihood, impact)
	if err != nil {
		v.wb.problem(err)
		return
	}
	list := container.NewVBox()
	var d dialog.Dialog
	for _, r := range risks {
		id := r.ID
		link := widget.NewHyperlink(showable(r.Title+" — "+r.Owner), nil)
		link.Truncation = fyne.TextTruncateEllipsis
		link.OnTapped = func() { d.Hide(); v.wb.openRecord(id) }
		list.Add(link)
	}
	d = dialog.NewCustom(fmt.Sprintf("Likelihood %d × impact %d: %d risks", likelihood, impact, len(risks)), "Close", container.NewVScroll(list), v.wb.win)
	d.Resize(fyne.NewSize(min(600, v.wb.win.Canvas().Size().Width-40), min(500, v.wb.win.Canvas().Size().Height-40)))
	v.wb.showDialog(d)
}

// savePNG draws the grid as it shows, 1,200 × 900, for a briefing.
func (v *heatmapView) savePNG(w io.Writer) error {
	copyView := newHeatmapView(v.wb)
	copyView.residual.Selected = v.residual.Selected
	copyView.show(v.shown, v.query())
	c := software.NewCanvas()
	c.SetContent(container.NewBorder(copyView.summary, nil, nil, nil, copyView.grid))
	c.Resize(fyne.NewSize(1200, 900))
	return png.Encode(w, c.Capture())
}

// heatLayout is a 6 × 6 grid: the axis column and row narrow, the 25
// cells sharing the rest.
type heatLayout struct{}

const heatAxis = 90

func (heatLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(heatAxis+5*100, 5*90+40)
}

func (heatLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	axisH := float32(40)
	w := (size.Width - heatAxis - 5*pad) / 5
	h := (size.Height - axisH - 5*pad) / 5
	for i, o := range objs {
		row, col := i/6, i%6
		x, cw := float32(0), float32(heatAxis)
		if col > 0 {
			x, cw = heatAxis+pad+float32(col-1)*(w+pad), w
		}
		y, ch := float32(row)*(h+pad), h
		if row == 5 {
			ch = axisH
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(cw, ch))
	}
}
