package ui

import (
	"image"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// netCanvas is the map itself: one picture drawn by netScene, and the
// pointer's work done here: hovering an actor names it, a tap opens it,
// a drag moves it (and the view remembers where).
type netCanvas struct {
	widget.BaseWidget
	v        *networkView
	raster   *canvas.Raster
	hover    int
	dragging int // the actor being moved, or -1
	tip      hoverTip
}

func newNetCanvas(v *networkView) *netCanvas {
	c := &netCanvas{v: v, hover: -1, dragging: -1}
	c.raster = canvas.NewRaster(c.paint)
	c.ExtendBaseWidget(c)
	return c
}

func (c *netCanvas) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.raster) }

func (c *netCanvas) MinSize() fyne.Size { return fyne.NewSize(320, 240) }

// scene is the map at the canvas's size.
func (c *netCanvas) scene(size fyne.Size) *netScene {
	v := c.v
	return &netScene{net: v.shown, at: placeOnMap(v.places, float64(size.Width), float64(size.Height)), radius: v.radius,
		labelled: v.labelled, tieColor: v.tieColor, hover: c.hover,
		fg: theme.Color(theme.ColorNameForeground), bg: theme.Color(theme.ColorNameBackground)}
}

// paint draws the map w × h pixels; the canvas's size in Fyne's units
// sets the drawing's, so text and lines keep their size on any screen.
func (c *netCanvas) paint(w, h int) image.Image {
	size := c.Size()
	if size.Width < 1 || size.Height < 1 || len(c.v.places) != len(c.v.shown.Actors) {
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	}
	dpi := 72 * float64(w) / float64(size.Width)
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(size.Width), vg.Length(size.Height)), vgimg.UseDPI(int(math.Round(dpi))),
		vgimg.UseBackgroundColor(theme.Color(theme.ColorNameBackground)))
	c.scene(size).draw(img, float64(size.Width), float64(size.Height))
	return img.Image()
}

// actorAt is the actor under pos, or -1: the nearest whose mark holds it.
func (c *netCanvas) actorAt(pos fyne.Position) int {
	if len(c.v.places) != len(c.v.shown.Actors) {
		return -1
	}
	at := placeOnMap(c.v.places, float64(c.Size().Width), float64(c.Size().Height))
	best, bestD := -1, math.Inf(1)
	for i, p := range at {
		d := math.Hypot(float64(pos.X)-float64(p.X), float64(pos.Y)-float64(p.Y))
		if d <= c.v.radius[i]+3 && d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// posOf is where actor i is drawn, for tests and the pop-up.
func (c *netCanvas) posOf(i int) fyne.Position {
	p := placeOnMap(c.v.places[i:i+1], float64(c.Size().Width), float64(c.Size().Height))[0]
	return fyne.NewPos(float32(p.X), float32(p.Y))
}

func (c *netCanvas) Tapped(e *fyne.PointEvent) {
	if i := c.actorAt(e.Position); i >= 0 {
		c.v.wb.openRecord(c.v.shown.Actors[i].ID)
	}
}

func (c *netCanvas) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }

func (c *netCanvas) MouseMoved(e *desktop.MouseEvent) {
	if c.dragging >= 0 {
		return
	}
	i := c.actorAt(e.Position)
	if i == c.hover {
		return
	}
	c.setHover(i, e.AbsolutePosition)
}

func (c *netCanvas) MouseOut() { c.setHover(-1, fyne.Position{}) }

// setHover marks actor i and names it in a pop-up beside the pointer.
func (c *netCanvas) setHover(i int, at fyne.Position) {
	c.hover = i
	c.tip.hide()
	if i >= 0 {
		c.tip.showText(c.v.wb.win, c.v.details(i), at)
	}
	c.raster.Refresh()
}

// Dragged moves the actor the drag began on, by the drag's distance.
func (c *netCanvas) Dragged(e *fyne.DragEvent) {
	if c.dragging < 0 {
		c.dragging = c.actorAt(e.Position.Subtract(e.Dragged))
		if c.dragging < 0 {
			return
		}
		c.setHover(-1, fyne.Position{})
	}
	w, h := float64(c.Size().Width), float64(c.Size().Height)
	p := &c.v.places[c.dragging]
	p.X = min(max(p.X+float64(e.Dragged.DX)/max(w-72, 1), 0), 1)
	p.Y = min(max(p.Y+float64(e.Dragged.DY)/max(h-82, 1), 0), 1)
	c.raster.Refresh()
}

func (c *netCanvas) DragEnd() {
	if c.dragging >= 0 {
		c.v.moved(c.dragging)
	}
	c.dragging = -1
}
