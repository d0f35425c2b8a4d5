package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"image/color"
	"io"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"convenor/data"
	"convenor/data/interchange"
	"convenor/data/netmap"
)

// networkSource is what the network map reads.
type networkSource interface {
	Network(ctx context.Context, q data.NetworkQuery) (data.Network, error)
	Vocabulary() *data.Vocabulary
	ID() string
}

// prefPlaces keeps, per workspace, where a user moved actors on the map:
// in the app's preferences, not the file, since moving a mark changes no
// record and is nobody's audited act.
const prefPlaces = "network.places."

const (
	anyCountry    = "All countries"
	anyRole       = "Any role"
	anyStance     = "Any stance"
	byInfluence   = "Size by influence"
	byBetweenness = "Size by betweenness"
	allTies       = "Bridges over all ties"
	trustedTies   = "Bridges over trusted ties"
)

// networkView is the network map: actors as marks (shape by kind, colour
// by stance, size by influence or betweenness), relationships as lines
// (colour by type, width by strength, dashed when the type means
// mistrust), laid out by force off the window's goroutine; beside it,
// who bridges: the actors by betweenness, with their degree.
type networkView struct {
	wb                          *Workbench
	source                      networkSource
	upTo, country, role, stance *widget.Select
	sizeBy, basis               *widget.Select
	summary                     *widget.Label
	canvas                      *netCanvas
	bridges                     *widget.List
	ties                        *fyne.Container // the legend of the types shown
	content                     fyne.CanvasObject
	ask                         newest
	shown                       data.Network
	places                      []netmap.Point
	measures                    netmap.Centrality
	radius                      []float64
	labelled                    []bool
	ranked                      []int // actors by betweenness, the highest first
	typeColors                  map[string]color.Color
	upToShown                   data.TLP
}

// netAnswer is what one reading of the map brings back.
type netAnswer struct {
	net      data.Network
	places   []netmap.Point
	measures netmap.Centrality
}

func newNetworkView(wb *Workbench) *networkView {
	v := &networkView{wb: wb, source: wb.store, summary: widget.NewLabel(""), ties: container.NewHBox()}
	v.summary.Truncation = fyne.TextTruncateEllipsis
	v.canvas = newNetCanvas(v)
	v.upTo = newUpToSelect(wb, v.reload)
	v.country = widget.NewSelect([]string{anyCountry}, func(string) { v.reload() })
	v.country.Selected = anyCountry
	v.role = widget.NewSelect(append([]string{anyRole}, data.Actor.Field("role").Choices...), func(string) { v.reload() })
	v.role.Selected = anyRole
	v.stance = widget.NewSelect(append([]string{anyStance}, data.Actor.Field("stance").Choices...), func(string) { v.reload() })
	v.stance.Selected = anyStance
	v.sizeBy = widget.NewSelect([]string{byInfluence, byBetweenness}, func(string) { v.restyle() })
	v.sizeBy.Selected = byInfluence
	v.basis = widget.NewSelect([]string{allTies, trustedTies}, func(string) { v.reload() })
	v.basis.Selected = allTies
	rearrange := widget.NewButtonWithIcon("Re-arrange", theme.ViewRefreshIcon(), v.rearrange)
	png := widget.NewButtonWithIcon("PNG…", theme.DocumentSaveIcon(), func() { askSavePNG(wb, "network map", v.savePNG) })
	svg := widget.NewButtonWithIcon("SVG…", theme.DocumentSaveIcon(), func() { askSaveAs(wb, "network map", ".svg", v.saveSVG) })
	graph := widget.NewButtonWithIcon("GraphML…", theme.UploadIcon(), v.askExport)
	bar := container.NewHBox(v.country, v.role, v.stance, rearrange)
	legend := container.NewHBox(widget.NewLabel("■ state  ◆ organisation  ● person"))
	for _, s := range data.Actor.Field("stance").Choices {
		legend.Add(container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(10, 10), canvas.NewCircle(stanceColor[s]))), widget.NewLabel(s)))
	}
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Show up to"), v.upTo, png, svg, graph), container.NewHScroll(bar)),
		container.NewHScroll(container.NewHBox(legend, widget.NewSeparator(), v.ties)), v.summary, widget.NewSeparator())
	v.bridges = widget.NewList(func() int { return len(v.ranked) },
		func() fyne.CanvasObject {
			name := widget.NewHyperlink("", nil)
			name.Truncation = fyne.TextTruncateEllipsis
			figures := widget.NewLabelWithStyle("000 · 00.0%", fyne.TextAlignTrailing, fyne.TextStyle{}) // its width, kept
			figures.SizeName = theme.SizeNameCaptionText
			return container.NewBorder(nil, nil, figures, nil, name)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(v.ranked) {
				return
			}
			a := v.ranked[i]
			parts := o.(*fyne.Container).Objects // a border's middle first
			link := parts[0].(*widget.Hyperlink)
			figures := parts[1].(*widget.Label)
			link.SetText(showable(v.shown.Actors[a].Title))
			id := v.shown.Actors[a].ID
			link.OnTapped = func() { v.wb.openRecord(id) }
			figures.SetText(fmt.Sprintf("%d · %.1f%%", v.measures.Degree[a], 100*v.measures.Betweenness[a]))
		})
	heading := widget.NewLabelWithStyle("Who bridges", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	explain := widget.NewLabel("Ties to how many actors · share of the shortest paths between two others that pass through")
	explain.Wrapping = fyne.TextWrapWord
	explain.SizeName = theme.SizeNameCaptionText
	side := container.NewBorder(container.NewVBox(heading, v.basis, v.sizeBy, explain), nil, nil, nil, v.bridges)
	split := container.NewHSplit(v.canvas, side)
	split.Offset = 0.74
	v.content = container.NewBorder(top, nil, nil, nil, split)
	return v
}

func (v *networkView) Title() string       { return "Network map" }
func (v *networkView) Icon() fyne.Resource { return theme.GridIcon() }

func (v *networkView) Show() fyne.CanvasObject {
	syncUpTo(v.wb, v.upTo)
	v.reload()
	return v.content
}

// Changed follows actors, relationships and the workspace's lists (what
// a relationship type means).
func (v *networkView) Changed(c data.Changed) {
	if v.wb.current == view(v) && (c.Touches(data.Actor) || c.Touches(data.Relationship) || c.Workspace) {
		v.reload()
	}
}

func (v *networkView) query() data.NetworkQuery {
	q := data.NetworkQuery{UpTo: data.TLP(v.upTo.Selected)}
	if v.country.Selected != anyCountry {
		q.Country = v.country.Selected
	}
	if v.role.Selected != anyRole {
		q.Role = v.role.Selected
	}
	if v.stance.Selected != anyStance {
		q.Stance = v.stance.Selected
	}
	return q
}

// reload reads the network, lays it out and measures it, off the
// window's goroutine; the newest answer is shown.
func (v *networkView) reload() {
	q, trusted, seed := v.query(), v.basis.Selected == trustedTies, v.seed()
	if len(v.shown.Actors) == 0 {
		v.summary.SetText("Reading the network and laying it out…")
	}
	askNewest(v.wb.ctx, &v.ask, func(ctx context.Context) (netAnswer, error) {
		n, err := v.source.Network(ctx, q)
		if err != nil {
			return netAnswer{}, err
		}
		// Measuring and laying out are apart: on two cores, at once.
		measured := make(chan netmap.Centrality, 1)
		go func() { measured <- netmap.Measure(n, trusted) }()
		places, err := netmap.Layout(ctx, n, seed)
		m := <-measured
		if err != nil {
			return netAnswer{}, err
		}
		return netAnswer{n, places, m}, nil
	}, func(a netAnswer) { v.show(a, q.UpTo) }, v.wb.problem)
}

// seed makes a workspace's map come out the same each time.
func (v *networkView) seed() uint64 {
	h := fnv.New64a()
	h.Write([]byte(v.source.ID()))
	return h.Sum64()
}

func (v *networkView) show(a netAnswer, upTo data.TLP) {
	v.shown, v.places, v.measures, v.upToShown = a.net, a.places, a.measures, upTo
	for id, p := range v.movedPlaces() {
		for i, actor := range v.shown.Actors {
			if actor.ID == id {
				v.places[i] = p
			}
		}
	}
	v.country.Options = append([]string{anyCountry}, a.net.Countries...)
	v.country.Refresh()
	v.colourTypes()
	v.ranked = make([]int, len(v.shown.Actors))
	for i := range v.ranked {
		v.ranked[i] = i
	}
	sort.SliceStable(v.ranked, func(i, j int) bool {
		a, b := v.ranked[i], v.ranked[j]
		if v.measures.Betweenness[a] != v.measures.Betweenness[b] {
			return v.measures.Betweenness[a] > v.measures.Betweenness[b]
		}
		return v.measures.Degree[a] > v.measures.Degree[b]
	})
	v.bridges.Refresh()
	mistrust := 0
	for _, t := range v.shown.Ties {
		if t.Tone == data.Mistrust {
			mistrust++
		}
	}
	basis := "all ties"
	if v.basis.Selected == trustedTies {
		basis = "ties of positive trust, a stronger one shorter"
	}
	v.summary.SetText(fmt.Sprintf("%d actors, %d relationships (%d of mistrust, dashed), up to %s. Bridges: betweenness over %s. Drag an actor to move it; hover to name it; tap to open it.",
		len(v.shown.Actors), len(v.shown.Ties), mistrust, upTo, basis))
	v.restyle()
}

// restyle sizes and labels the actors, and draws the map again.
func (v *networkView) restyle() {
	if len(v.measures.Degree) != len(v.shown.Actors) {
		return
	}
	v.radius = netSizes(v.shown, v.measures, v.sizeBy.Selected == byBetweenness)
	v.labelled = make([]bool, len(v.shown.Actors))
	// A few hundred names would hide the map: the biggest 40 are named,
	// every other on hover.
	order := make([]int, len(v.radius))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return v.radius[order[i]] > v.radius[order[j]] })
	for k, i := range order {
		v.labelled[i] = k < 40
	}
	v.canvas.hover = -1
	v.canvas.raster.Refresh()
}

// colourTypes gives each relationship type its colour by its place in the
// workspace's list, and shows the types drawn in the legend.
func (v *networkView) colourTypes() {
	f := data.Relationship.Field("rel_type")
	voc := v.source.Vocabulary()
	all := append(voc.Offered(data.Relationship, f), voc.Retired(data.Relationship, f)...)
	v.typeColors = map[string]color.Color{}
	for i, t := range all {
		v.typeColors[t] = tiePalette[i%len(tiePalette)]
	}
	v.ties.RemoveAll()
	for _, t := range all {
		if !slices.ContainsFunc(v.shown.Ties, func(x data.NetworkTie) bool { return x.Type == t }) {
			continue
		}
		line := canvas.NewLine(v.typeColors[t])
		line.StrokeWidth = 3
		label := t
		if voc.Tone(data.Relationship, f, t) == data.Mistrust {
			label += " (dashed)"
		}
		v.ties.Add(container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(18, 3), line)), widget.NewLabel(label)))
	}
}

func (v *networkView) tieColor(relType string) color.Color {
	if c, ok := v.typeColors[relType]; ok {
		return c
	}
	return color.NRGBA{0x9e, 0x9e, 0x9e, 0xff}
}

// details is what hovering an actor shows.
func (v *networkView) details(i int) string {
	a := v.shown.Actors[i]
	about := []string{}
	for _, s := range []string{a.Type, a.Role, a.Stance, a.Country} {
		if s != "" {
			about = append(about, s)
		}
	}
	lines := []string{a.Title, strings.Join(about, " · ")}
	if a.Influence > 0 {
		lines = append(lines, fmt.Sprintf("Influence %d of 5", a.Influence))
	}
	lines = append(lines, fmt.Sprintf("Ties to %d actors; on %.1f%% of the shortest paths between two others", v.measures.Degree[i], 100*v.measures.Betweenness[i]))
	return strings.Join(lines, "\n")
}

// movedPlaces are where a user put actors on this workspace's map.
func (v *networkView) movedPlaces() map[string]netmap.Point {
	out := map[string]netmap.Point{}
	raw := v.wb.app.Preferences().String(prefPlaces + v.source.ID())
	var kept map[string][2]float64
	if raw != "" && json.Unmarshal([]byte(raw), &kept) == nil {
		for id, p := range kept {
			out[id] = netmap.Point{X: min(max(p[0], 0), 1), Y: min(max(p[1], 0), 1)}
		}
	}
	return out
}

// moved remembers where actor i was put.
func (v *networkView) moved(i int) {
	kept := map[string][2]float64{}
	for id, p := range v.movedPlaces() {
		kept[id] = [2]float64{p.X, p.Y}
	}
	kept[v.shown.Actors[i].ID] = [2]float64{v.places[i].X, v.places[i].Y}
	b, _ := json.Marshal(kept)
	v.wb.app.Preferences().SetString(prefPlaces+v.source.ID(), string(b))
}

// rearrange forgets every place a user gave and lays the map out afresh.
func (v *networkView) rearrange() {
	v.wb.app.Preferences().RemoveValue(prefPlaces + v.source.ID())
	v.reload()
}

// exportW and exportH are a saved map's size, in points: a slide's.
const exportW, exportH = 1600, 1000

func (v *networkView) exported() *netScene {
	s := v.canvas.scene(fyne.NewSize(exportW, exportH))
	s.hover = -1
	s.fg, s.bg = color.Black, color.White
	return s
}

// savePNG draws the map as it shows, 1,600 × 1,000, on white.
func (v *networkView) savePNG(w io.Writer) error {
	c := vgimg.NewWith(vgimg.UseWH(exportW, exportH), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.White))
	v.exported().draw(c, exportW, exportH)
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// saveSVG draws the same as vector graphics.
func (v *networkView) saveSVG(w io.Writer) error {
	c := vgsvg.New(vg.Length(exportW), vg.Length(exportH))
	c.SetColor(color.White)
	c.Fill(vg.Path{{Type: vg.MoveComp, Pos: vg.Point{}}, {Type: vg.LineComp, Pos: vg.Point{X: exportW}},
		{Type: vg.LineComp, Pos: vg.Point{X: exportW, Y: exportH}}, {Type: vg.LineComp, Pos: vg.Point{Y: exportH}}, {Type: vg.CloseComp}})
	v.exported().draw(c, exportW, exportH)
	_, err := c.WriteTo(w)
	return err
}

// askExport writes the network for Gephi or yEd (GraphML or GEXF), capped
// at the label the map shows up to unless the user picks another.
func (v *networkView) askExport() {
	v.wb.askExportOf(exportJob{
		title: "Export the network", name: "network", formats: interchange.GraphFormats, format: "graphml", upTo: data.TLP(v.upTo.Selected),
		write: func(w io.Writer, format string, max data.TLP, passphrase string) (string, error) {
			g := &interchange.Graph{Format: format, MaxTLP: max}
			var err error
			if passphrase != "" {
				err = interchange.WriteGraphSealed(v.wb.ctx, v.wb.store, w, g, passphrase)
			} else {
				err = interchange.WriteGraph(v.wb.ctx, v.wb.store, w, g)
			}
			return fmt.Sprintf("%d actors and %d relationships. The file is labelled %s (%s).", g.Actors, g.Ties, g.Label, data.TLPMeaning[g.Label]), err
		},
	})
}
