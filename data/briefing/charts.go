package briefing

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"convenor/data"
)

// bandColour is the heat map's colour of a score's band, as the window
// draws it: low green, medium yellow, high orange, critical red.
func bandColour(score int64) (int, int, int) {
	switch data.RiskBand(score) {
	case "critical":
		return 0xE5, 0x39, 0x35
	case "high":
		return 0xFB, 0x8C, 0x00
	case "medium":
		return 0xFD, 0xD8, 0x35
	}
	return 0x7C, 0xB3, 0x42
}

// heatGrid draws the 5×5 likelihood × impact grid, each cell in its
// band's colour with the number of open risks in it.
func heatGrid(pdf *fpdf.Fpdf, h data.HeatMap, x, y, size float64) {
	counts := map[[2]int64]int{}
	for _, c := range h.Cells {
		counts[[2]int64{c.Likelihood, c.Impact}] = c.Count
	}
	axis := 6.0
	cell := (size - axis) / 5
	pdf.SetLineWidth(0.3)
	pdf.SetDrawColor(255, 255, 255)
	for l := int64(1); l <= 5; l++ {
		for i := int64(1); i <= 5; i++ {
			cx, cy := x+axis+float64(i-1)*cell, y+float64(5-l)*cell
			r, g, b := bandColour(l * i)
			pdf.SetFillColor(r, g, b)
			pdf.Rect(cx, cy, cell, cell, "FD")
			if n := counts[[2]int64{l, i}]; n > 0 {
				pdf.SetTextColor(0, 0, 0)
				setFont(pdf, 10, true)
				s := fmt.Sprint(n)
				pdf.Text(cx+(cell-pdf.GetStringWidth(s))/2, cy+cell/2+1.5, s)
			}
		}
	}
	pdf.SetTextColor(90, 90, 90)
	setFont(pdf, 6.5, false)
	pdf.Text(x+axis, y+5*cell+4, "impact 1 to 5")
	pdf.TransformBegin()
	pdf.TransformRotate(90, x+3, y+5*cell)
	pdf.Text(x+3, y+5*cell, "likelihood 1 to 5")
	pdf.TransformEnd()
}

// indexChart draws the escalation index with gonum/plot (the library the
// views draw with), as a PNG of w × h millimetres at 300 dots per inch.
func indexChart(points []data.IndexPoint, w, h float64) ([]byte, error) {
	p := plot.New()
	p.Y.Label.Text = "index"
	p.X.Tick.Marker = dayTicks(points)
	xy := make(plotter.XYs, len(points))
	for i, pt := range points {
		xy[i].X, xy[i].Y = float64(i), pt.Index
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: float64(max(len(points)-1, 1)), Y: 0}})
	if err != nil {
		return nil, err
	}
	zero.Color = color.Gray{Y: 150}
	zero.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
	p.Add(zero)
	if len(xy) > 0 {
		line, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		line.Color = color.RGBA{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF}
		line.Width = vg.Points(1.2)
		p.Add(line)
	}
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Millimeter, vg.Length(h)*vg.Millimeter), vgimg.UseDPI(300))}
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// dayTicks names every fortnight's first day on the x axis.
func dayTicks(points []data.IndexPoint) plot.TickerFunc {
	return func(min, max float64) []plot.Tick {
		var ticks []plot.Tick
		for i, pt := range points {
			if i%14 != 0 && (i != len(points)-1 || i%14 < 7) {
				continue // every fortnight, and the last day when it has room
			}
			label := pt.Day
			if d, err := time.Parse(data.DateLayout, pt.Day); err == nil {
				label = d.Format("2 Jan")
			}
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: label})
		}
		return ticks
	}
}
