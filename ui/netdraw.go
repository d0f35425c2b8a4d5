package ui

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"

	"convenor/data"
	"convenor/data/netmap"
)

// The network map is drawn with gonum/plot's vector graphics: the same
// drawing goes to the window (vgimg, a picture the size of the map), to a
// PNG and to an SVG for a briefing (vgsvg). Fyne's canvas objects would
// need one object per dash of 2,000 ties and offer no SVG.

// netScene is everything one drawing of the map needs, in pixels.
type netScene struct {
	net      data.Network
	at       []vg.Point // each actor's centre, y down
	radius   []float64
	labelled []bool
	tieColor func(relType string) color.Color
	fg, bg   color.Color
	hover    int // the actor under the pointer, or -1
}

// netFonts are the Liberation fonts gonum/plot carries, so the map
// draws the same on every machine.
var netFonts = font.NewCache(liberation.Collection())

func netFace(size float64) font.Face {
	return netFonts.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, vg.Length(size))
}

// draw paints the map on c, w × h (vg's y runs up).
func (s *netScene) draw(c vg.Canvas, w, h float64) {
	up := func(p vg.Point) vg.Point { return vg.Point{X: p.X, Y: vg.Length(h) - p.Y} }
	// Ties first, so actors sit on top; several ties between one pair are
	// drawn side by side.
	seen := map[[2]int]int{}
	for _, t := range s.net.Ties {
		if t.From == t.To {
			continue
		}
		a, b := s.at[t.From], s.at[t.To]
		pair := [2]int{min(t.From, t.To), max(t.From, t.To)}
		k := seen[pair]
		seen[pair]++
		if k > 0 {
			dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
			l := math.Hypot(dx, dy)
			if l > 0 {
				off := float64((k+1)/2*5) * float64(1-2*(k%2))
				nx, ny := -dy/l*off, dx/l*off
				a = vg.Point{X: a.X + vg.Length(nx), Y: a.Y + vg.Length(ny)}
				b = vg.Point{X: b.X + vg.Length(nx), Y: b.Y + vg.Length(ny)}
			}
		}
		tc := s.tieColor(t.Type)
		if len(s.net.Ties) > 300 { // a crowd of lines, seen through
			r, g, b, _ := tc.RGBA()
			tc = color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x80}
		}
		c.SetColor(tc)
		c.SetLineWidth(vg.Length(tieWidth(t.Trust)))
		if t.Tone == data.Mistrust {
			c.SetLineDash([]vg.Length{7, 4}, 0)
		} else {
			c.SetLineDash(nil, 0)
		}
		var p vg.Path
		p.Move(up(a))
		p.Line(up(b))
		c.Stroke(p)
	}
	c.SetLineDash(nil, 0)
	// Bigger actors first, so a small one beside a big one stays visible.
	order := make([]int, len(s.net.Actors))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return s.radius[order[i]] > s.radius[order[j]] })
	for _, i := range order {
		a := s.net.Actors[i]
		p := actorShape(a.Type, up(s.at[i]), s.radius[i])
		fill := stanceColor[a.Stance]
		if fill == nil {
			fill = color.NRGBA{0xbd, 0xbd, 0xbd, 0xff}
		}
		c.SetColor(fill)
		c.Fill(p)
		c.SetColor(s.bg)
		c.SetLineWidth(1.5)
		if i == s.hover {
			c.SetColor(s.fg)
			c.SetLineWidth(3)
		}
		c.Stroke(p)
	}
	face := netFace(11)
	for i, a := range s.net.Actors {
		if !s.labelled[i] && i != s.hover {
			continue
		}
		text := ellipsis(a.Title, 34)
		at := up(s.at[i])
		// Centred under the mark, but never past the map's edges.
		at.X = min(max(at.X-face.Width(text)/2, 2), vg.Length(w)-face.Width(text)-2)
		at.Y -= vg.Length(s.radius[i]) + 12
		c.SetColor(s.bg) // a halo, so a label over a tie reads
		for _, d := range []vg.Point{{X: -1}, {X: 1}, {Y: -1}, {Y: 1}} {
			c.FillString(face, at.Add(d), text)
		}
		c.SetColor(s.fg)
		c.FillString(face, at, text)
	}
}

// tieWidth is a tie's line by its strength: the stronger the trust or
// mistrust, the thicker.
func tieWidth(trust int64) float64 {
	if trust < 0 {
		trust = -trust
	}
	return 1 + 1.25*float64(trust)
}

// actorShape is an actor's mark by its kind: a state a square, an
// organisation a diamond, a person a circle.
func actorShape(kind string, at vg.Point, r float64) vg.Path {
	var p vg.Path
	l := vg.Length(r)
	switch kind {
	case "state":
		l *= 0.9
		p.Move(vg.Point{X: at.X - l, Y: at.Y - l})
		p.Line(vg.Point{X: at.X + l, Y: at.Y - l})
		p.Line(vg.Point{X: at.X + l, Y: at.Y + l})
		p.Line(vg.Point{X: at.X - l, Y: at.Y + l})
	case "organisation":
		l *= 1.2
		p.Move(vg.Point{X: at.X, Y: at.Y - l})
		p.Line(vg.Point{X: at.X + l, Y: at.Y})
		p.Line(vg.Point{X: at.X, Y: at.Y + l})
		p.Line(vg.Point{X: at.X - l, Y: at.Y})
	default:
		p.Move(vg.Point{X: at.X + l, Y: at.Y})
		p.Arc(at, l, 0, 2*math.Pi)
	}
	p.Close()
	return p
}

// tiePalette tells relationship types apart: each type takes the colour
// of its place in the workspace's list (offered, then retired).
var tiePalette = []color.Color{
	color.NRGBA{0x1f, 0x77, 0xb4, 0xff}, color.NRGBA{0x2c, 0xa0, 0x2c, 0xff}, color.NRGBA{0x94, 0x67, 0xbd, 0xff},
	color.NRGBA{0x17, 0xbe, 0xcf, 0xff}, color.NRGBA{0xff, 0x7f, 0x0e, 0xff}, color.NRGBA{0xd6, 0x27, 0x28, 0xff},
	color.NRGBA{0x8c, 0x56, 0x4b, 0xff}, color.NRGBA{0x7f, 0x7f, 0x7f, 0xff}, color.NRGBA{0xbc, 0xbd, 0x22, 0xff},
	color.NRGBA{0xe3, 0x77, 0xc2, 0xff},
}

// netSizes are the actors' radii: by influence (1-5), or by betweenness
// (the largest share drawn largest).
func netSizes(n data.Network, c netmap.Centrality, byBetweenness bool) []float64 {
	out := make([]float64, len(n.Actors))
	top := 0.0
	for _, b := range c.Betweenness {
		top = max(top, b)
	}
	// Hundreds of actors need smaller marks to stay apart.
	scale := min(max(math.Sqrt(150/float64(max(len(n.Actors), 1))), 0.45), 1)
	defer func() {
		for i := range out {
			out[i] *= scale
		}
	}()
	for i, a := range n.Actors {
		switch {
		case byBetweenness && top > 0:
			out[i] = 5 + 13*math.Sqrt(c.Betweenness[i]/top)
		case byBetweenness:
			out[i] = 5
		default:
			out[i] = 5 + 2.6*float64(max(a.Influence-1, 0))
		}
	}
	return out
}

// placeOnMap turns unit places into pixels of a map w × h, keeping room
// at the edges for the largest actor and its label.
func placeOnMap(at []netmap.Point, w, h float64) []vg.Point {
	const margin = 36
	out := make([]vg.Point, len(at))
	for i, p := range at {
		out[i] = vg.Point{X: vg.Length(margin + p.X*max(w-2*margin, 1)), Y: vg.Length(margin + 10 + p.Y*max(h-2*margin-10, 1))}
	}
	return out
}
