package netmap

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/spatial/barneshut"
	"gonum.org/v1/gonum/spatial/r2"

	"convenor/data"
)

// Point is where an actor is drawn, both coordinates from 0 to 1.
type Point struct{ X, Y float64 }

// LayoutRounds is how many steps the layout takes: enough for a desk's
// few hundred actors to settle.
const LayoutRounds = 300

// gravity is the pull to the middle, against the push apart: strong
// enough that a desk's separate groups sit near each other, not at the
// corners of an empty map.
const gravity = 4

// Layout places n's actors by Fruchterman and Reingold's force-directed
// layout: ties pull (d²/k), every actor pushes every other away (k²/d,
// summed by gonum's Barnes-Hut approximation, so 500 actors take
// n·log n, not n², per step), a weak pull to the middle keeps separate
// groups in view, and each step may move an actor less than the one
// before (cooling), so the picture settles rather than shakes. Gonum's own
// EadesR2 has no cooling: at 500 actors it flung a few far out and drew
// the rest as a line.
//
// The same network and seed give the same picture, so the map does not
// rearrange itself each time it opens; an actor a user moved keeps the
// place they gave it (the window's business). It stops early, returning
// ctx's error, when the map is no longer wanted.
func Layout(ctx context.Context, n data.Network, seed uint64) ([]Point, error) {
	count := len(n.Actors)
	if count < 2 {
		return spread(count), nil
	}
	rnd := rand.New(rand.NewPCG(seed, 0x636f6e76))
	pos := make([]r2.Vec, count)
	for i := range pos {
		pos[i] = r2.Vec{X: rnd.Float64(), Y: rnd.Float64()}
	}
	k := 1 / math.Sqrt(float64(count))
	push := func(_, _ barneshut.Particle2, m1, m2 float64, v r2.Vec) r2.Vec {
		d2 := v.X*v.X + v.Y*v.Y
		if d2 == 0 {
			return r2.Vec{}
		}
		return r2.Scale(-k*k*m1*m2/d2, v)
	}
	particles := make([]barneshut.Particle2, count)
	move := make([]r2.Vec, count)
	for round := 0; round < LayoutRounds; round++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for i, p := range pos {
			particles[i] = particle{p}
		}
		plane, err := barneshut.NewPlane(particles)
		if err != nil {
			break
		}
		for i, p := range particles {
			move[i] = plane.ForceOn(p, 0.8, push)
			move[i] = r2.Add(move[i], r2.Scale(-gravity*k, r2.Sub(pos[i], r2.Vec{X: 0.5, Y: 0.5}))) // to the middle
		}
		for _, t := range n.Ties {
			if t.From == t.To {
				continue
			}
			v := r2.Sub(pos[t.To], pos[t.From])
			pull := r2.Scale(r2.Norm(v)/k, v)
			move[t.From] = r2.Add(move[t.From], pull)
			move[t.To] = r2.Sub(move[t.To], pull)
		}
		// Cooling: the longest step shrinks from a tenth of the square to nothing.
		limit := 0.1 * (1 - float64(round)/LayoutRounds)
		for i, m := range move {
			l := r2.Norm(m)
			if l == 0 || math.IsNaN(l) || math.IsInf(l, 0) {
				continue
			}
			pos[i] = r2.Add(pos[i], r2.Scale(min(l, limit)/l, m))
		}
	}
	return unitSquare(pos), nil
}

// particle is an actor for the Barnes-Hut approximation.
type particle struct{ at r2.Vec }

func (p particle) Coord2() r2.Vec { return p.at }
func (p particle) Mass() float64  { return 1 }

// unitSquare scales the places into the unit square, keeping their shape.
func unitSquare(pos []r2.Vec) []Point {
	out := make([]Point, len(pos))
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pos {
		minX, maxX, minY, maxY = min(minX, p.X), max(maxX, p.X), min(minY, p.Y), max(maxY, p.Y)
	}
	span := max(maxX-minX, maxY-minY)
	if span == 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return spread(len(pos))
	}
	for i, p := range pos {
		out[i] = Point{(p.X-minX)/span + (span-(maxX-minX))/span/2, (p.Y-minY)/span + (span-(maxY-minY))/span/2}
	}
	return out
}

// spread puts n actors on a circle, for a network with nothing to lay
// out (one actor, or none).
func spread(n int) []Point {
	out := make([]Point, n)
	for i := range out {
		a := 2 * math.Pi * float64(i) / float64(max(n, 1))
		out[i] = Point{0.5 + 0.4*math.Cos(a), 0.5 + 0.4*math.Sin(a)}
		if n == 1 {
			out[i] = Point{0.5, 0.5}
		}
	}
	return out
}
