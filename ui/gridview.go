package ui

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// placeGrid is the 5×5 grid the heat map and the stakeholder grid draw:
// y from 5 at the top, x from 1 at the left, both axes named, each cell
// shaded and holding the records placed in it.
type placeGrid struct {
	cells  map[[2]int64]*fyne.Container // by x, y: the marks
	counts map[[2]int64]*widget.Label
	view   *fyne.Container
}

func newPlaceGrid(xName, yName string, shade func(x, y int64) color.Color) *placeGrid {
	g := &placeGrid{cells: map[[2]int64]*fyne.Container{}, counts: map[[2]int64]*widget.Label{}}
	axis := func(text string) fyne.CanvasObject {
		return container.NewCenter(widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	var objs []fyne.CanvasObject
	for y := int64(5); y >= 1; y-- {
		objs = append(objs, axis(fmt.Sprintf("%s %d", yName, y)))
		for x := int64(1); x <= 5; x++ {
			bg := canvas.NewRectangle(shade(x, y))
			bg.CornerRadius = theme.InputRadiusSize()
			marks := container.NewVBox()
			count := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
			count.SizeName = theme.SizeNameCaptionText
			g.cells[[2]int64{x, y}], g.counts[[2]int64{x, y}] = marks, count
			// A cell too small for its names scrolls rather than spill
			// over the cell below.
			objs = append(objs, container.NewStack(bg, container.NewBorder(count, nil, nil, nil, container.NewVScroll(marks))))
		}
	}
	objs = append(objs, widget.NewLabel(""))
	for x := 1; x <= 5; x++ {
		objs = append(objs, axis(fmt.Sprintf("%s %d", xName, x)))
	}
	g.view = container.New(&gridLayout{}, objs...)
	return g
}

// clear empties every cell.
func (g *placeGrid) clear() {
	for k, marks := range g.cells {
		marks.RemoveAll()
		g.counts[k].SetText("")
	}
}

// mark is one record placed in a cell: its title opens it; a dot, when
// set, says something about it in colour (an actor's stance).
type mark struct {
	title string
	dot   color.Color
	open  func()
}

// place fills cell x, y: its count, its marks, and "and N more…" opening
// the whole list when it names fewer than it holds.
func (g *placeGrid) place(x, y int64, count int, marks []mark, more func()) {
	box := g.cells[[2]int64{x, y}]
	if box == nil {
		return
	}
	g.counts[[2]int64{x, y}].SetText(strconv.Itoa(count))
	for _, m := range marks {
		link := widget.NewHyperlink(showable(m.title), nil)
		link.Truncation = fyne.TextTruncateEllipsis
		link.OnTapped = m.open
		if m.dot == nil {
			box.Add(link)
			continue
		}
		dot := canvas.NewCircle(m.dot)
		box.Add(container.NewBorder(nil, nil, container.NewCenter(container.NewGridWrap(fyne.NewSize(10, 10), dot)), nil, link))
	}
	if n := count - len(marks); n > 0 {
		link := widget.NewHyperlink(fmt.Sprintf("and %d more…", n), nil)
		link.OnTapped = more
		box.Add(link)
	}
}

// showMarks lists every record of a crowded cell in a dialog; each opens
// its record.
func showMarks(wb *Workbench, title string, marks []mark) {
	list := container.NewVBox()
	var d dialog.Dialog
	for _, m := range marks {
		link := widget.NewHyperlink(showable(m.title), nil)
		link.Truncation = fyne.TextTruncateEllipsis
		open := m.open
		link.OnTapped = func() { d.Hide(); open() }
		list.Add(link)
	}
	d = dialog.NewCustom(title, "Close", container.NewVScroll(list), wb.win)
	d.Resize(fyne.NewSize(min(600, wb.win.Canvas().Size().Width-40), min(500, wb.win.Canvas().Size().Height-40)))
	wb.showDialog(d)
}

// gridLayout is a 6 × 6 grid: the axis column and row narrow, the 25
// cells sharing the rest.
type gridLayout struct{}

const gridAxis = 90

func (gridLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(gridAxis+5*100, 5*90+40)
}

func (gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	axisH := float32(40)
	w := (size.Width - gridAxis - 5*pad) / 5
	h := (size.Height - axisH - 5*pad) / 5
	for i, o := range objs {
		row, col := i/6, i%6
		x, cw := float32(0), float32(gridAxis)
		if col > 0 {
			x, cw = gridAxis+pad+float32(col-1)*(w+pad), w
		}
		y, ch := float32(row)*(h+pad), h
		if row == 5 {
			ch = axisH
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(cw, ch))
	}
}

// bandShade shades a heat-map cell by its band.
func bandShade(likelihood, impact int64) color.Color {
	return bandColor[data.RiskBand(likelihood*impact)]
}
