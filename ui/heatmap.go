package ui

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	grid     *placeGrid
	cells    map[[2]int64]*fyne.Container // by likelihood, impact
	content  fyne.CanvasObject
	ask      newest
	shown    data.HeatMap
}

func newHeatmapView(wb *Workbench) *heatmapView {
	v := &heatmapView{wb: wb, source: wb.store, summary: widget.NewLabel(""), grid: newPlaceGrid("Likelihood", "Impact", bandShade)}
	v.cells = v.grid.cells
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
	v.summary.Truncation = fyne.TextTruncateEllipsis
	filters := container.NewHBox(v.residual, v.category, v.owner, v.status)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Show up to"), v.upTo, save), container.NewHScroll(filters)),
		v.summary, widget.NewSeparator())
	v.content = container.NewBorder(top, nil, nil, nil, v.grid.view)
	return v
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
	v.grid.clear()
	for _, c := range m.Cells {
		marks := make([]mark, len(c.Risks))
		for i, r := range c.Risks {
			id := r.ID
			marks[i] = mark{title: r.Title, open: func() { v.wb.openRecord(id) }}
		}
		l, i := c.Likelihood, c.Impact
		v.grid.place(l, i, c.Count, marks, func() { v.showCell(q, l, i) })
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
	v.grid.view.Refresh()
}

// showCell lists every risk of a crowded cell; each opens its record.
func (v *heatmapView) showCell(q data.HeatQuery, likelihood, impact int64) {
	risks, err := v.source.HeatCellRisks(v.wb.ctx, q, likelihood, impact)
	if err != nil {
		v.wb.problem(err)
		return
	}
	marks := make([]mark, len(risks))
	for i, r := range risks {
		id := r.ID
		marks[i] = mark{title: r.Title + " — " + r.Owner, open: func() { v.wb.openRecord(id) }}
	}
	showMarks(v.wb, fmt.Sprintf("Likelihood %d × impact %d: %d risks", likelihood, impact, len(risks)), marks)
}

// savePNG draws the grid as it shows, 1,200 × 900, on a copy of its own.
func (v *heatmapView) savePNG(w io.Writer) error {
	c := newHeatmapView(v.wb)
	c.show(v.shown, v.query())
	return renderPNG(w, container.NewBorder(c.summary, nil, nil, nil, c.grid.view), fyne.NewSize(1200, 900))
}
