package netmap

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// netOf builds a network of n actors and the ties given as
// from, to, trust.
func netOf(n int, ties ...[3]int) data.Network {
	var net data.Network
	for i := 0; i < n; i++ {
		net.Actors = append(net.Actors, data.NetworkActor{ID: fmt.Sprint(i), Title: fmt.Sprint("actor ", i)})
	}
	for _, t := range ties {
		net.Ties = append(net.Ties, data.NetworkTie{From: t[0], To: t[1], Trust: int64(t[2])})
	}
	return net
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// Worked by hand: on the path 0 – 1 – 2 with 3 alone, 1 is on the only
// shortest path between 0 and 2, one of the three pairs that exclude it.
func TestBetweennessByHand(t *testing.T) {
	c := Measure(netOf(4, [3]int{0, 1, 1}, [3]int{1, 2, 1}, [3]int{2, 1, -1}), false)
	if c.Degree[1] != 2 || c.Degree[0] != 1 || c.Degree[3] != 0 {
		t.Errorf("degrees %v (two ties between 1 and 2 count once)", c.Degree)
	}
	if !near(c.Betweenness[1], 1.0/3) || c.Betweenness[0] != 0 || c.Betweenness[3] != 0 {
		t.Errorf("betweenness %v", c.Betweenness)
	}
}

// Over trusted ties only, mistrust is no bridge and a stronger tie is
// shorter: 0 – 1 is mistrust, 0 – 2 – 1 are +2 each. Over all ties 2
// bridges nothing; over trusted ties it is on the only path between 0 and
// 1. With 0 – 1 at +1 (distance 1) the way through 2 (½ + ½) is as short,
// so 2 is on half of them.
func TestTrustedBetweenness(t *testing.T) {
	net := netOf(3, [3]int{0, 1, -2}, [3]int{0, 2, 2}, [3]int{2, 1, 2})
	if c := Measure(net, false); c.Betweenness[2] != 0 {
		t.Errorf("over all ties: %v", c.Betweenness)
	}
	if c := Measure(net, true); !near(c.Betweenness[2], 1) || c.Degree[0] != 1 {
		t.Errorf("over trusted ties: %v, degrees %v", c.Betweenness, c.Degree)
	}
	net.Ties[0].Trust = 1
	if c := Measure(net, true); !near(c.Betweenness[2], 0.5) {
		t.Errorf("with a +1 tie beside the +2 path: %v", c.Betweenness)
	}
}

// The layout is the same for the same seed, within the unit square, puts
// tied actors nearer each other than untied ones, copes with a tie to
// itself, duplicates and loose actors, and stops when no longer wanted.
func TestLayout(t *testing.T) {
	ctx := context.Background()
	// Two groups of five, all tied inside, one tie between them, one loner.
	var ties [][3]int
	for g := 0; g < 2; g++ {
		for i := 0; i < 5; i++ {
			for j := i + 1; j < 5; j++ {
				ties = append(ties, [3]int{g*5 + i, g*5 + j, 1})
			}
		}
	}
	ties = append(ties, [3]int{0, 5, 1}, [3]int{0, 5, -1}, [3]int{3, 3, 2})
	net := netOf(11, ties...)
	a, err := Layout(ctx, net, 42)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Layout(ctx, net, 42)
	dist := func(i, j int) float64 { return math.Hypot(a[i].X-a[j].X, a[i].Y-a[j].Y) }
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("the same seed gave %v and %v", a[i], b[i])
		}
		if a[i].X < 0 || a[i].X > 1 || a[i].Y < 0 || a[i].Y > 1 || math.IsNaN(a[i].X) {
			t.Errorf("actor %d at %v", i, a[i])
		}
	}
	inside, across := 0.0, 0.0
	for i := 1; i < 5; i++ {
		inside += dist(1, i+0) + dist(6, 5+i)
		across += dist(1, 5+i) + dist(6, i)
	}
	if inside >= across/2 {
		t.Errorf("tied actors %.2f apart on average, untied %.2f", inside/8, across/8)
	}
	for _, n := range []int{0, 1} {
		if p, err := Layout(ctx, netOf(n), 1); err != nil || len(p) != n {
			t.Errorf("%d actors: %v %v", n, p, err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Layout(cancelled, net, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled layout: %v", err)
	}
}

// synthetic is a desk's largest network: 500 actors, 2,000 ties.
func synthetic() data.Network {
	var net data.Network
	var ids []string
	for i := 0; i < 500; i++ {
		ids = append(ids, fmt.Sprint(i))
		net.Actors = append(net.Actors, data.NetworkActor{ID: ids[i]})
	}
	at := map[string]int{}
	for i, id := range ids {
		at[id] = i
	}
	for i := 0; i < 2000; i++ {
		r := demo.SyntheticRelationship(i, ids)
		net.Ties = append(net.Ties, data.NetworkTie{From: at[r.Values["from_actor"].(string)], To: at[r.Values["to_actor"].(string)], Trust: r.Values["trust"].(int64)})
	}
	return net
}

// BenchmarkLayoutAndCentrality is what opening the map computes at 500
// actors and 2,000 ties: the layout and both kinds of betweenness.
func BenchmarkLayoutAndCentrality(b *testing.B) {
	net := synthetic()
	ctx := context.Background()
	for _, run := range []struct {
		name string
		work func()
	}{
		{"layout", func() { Layout(ctx, net, 7) }},
		{"centrality", func() { Measure(net, false) }},
		{"trusted-centrality", func() { Measure(net, true) }},
		{"all", func() { Layout(ctx, net, 7); Measure(net, false) }},
		{"all-at-once", func() { // as the map does it, on two cores
			done := make(chan bool)
			go func() { Measure(net, false); done <- true }()
			Layout(ctx, net, 7)
			<-done
		}},
	} {
		b.Run(run.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				run.work()
			}
		})
	}
}
