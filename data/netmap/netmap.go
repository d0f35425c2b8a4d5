// Package netmap is the network map's arithmetic: who bridges (degree and
// betweenness centrality) and where each actor is drawn (a force-directed
// layout). It reads a data.Network and leaves drawing to the window.
// Gonum's graph packages do the work: Brandes' betweenness, Dijkstra's
// shortest paths and Eades' layout with a Barnes-Hut approximation are
// theirs, tested there, and fast enough for a desk's 500 actors.
package netmap

import (
	"math"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"convenor/data"
)

// Centrality is, for each actor of a network (by index), how many others
// it has ties to and what share of the shortest paths between two other
// actors pass through it (0 to 1: who bridges).
type Centrality struct {
	Degree      []int
	Betweenness []float64
}

// Measure computes the centrality of n's actors. Ties count once between
// a pair, whatever their direction or number. With trustedOnly, only ties
// of positive trust count, and a stronger one is shorter (distance
// 1/trust: two ties of +2 are as close as one of +1): negative weights
// would break shortest paths, and a bridge of mistrust is no bridge.
func Measure(n data.Network, trustedOnly bool) Centrality {
	c := Centrality{Degree: make([]int, len(n.Actors)), Betweenness: make([]float64, len(n.Actors))}
	var g graph.Graph
	var between map[int64]float64
	if trustedOnly {
		w := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
		addNodes(w, len(n.Actors))
		for _, t := range n.Ties {
			if t.Trust <= 0 || t.From == t.To {
				continue
			}
			d := 1 / float64(t.Trust)
			if e := w.WeightedEdge(int64(t.From), int64(t.To)); e != nil && e.Weight() <= d {
				continue // a stronger tie already joins them
			}
			w.SetWeightedEdge(w.NewWeightedEdge(simple.Node(t.From), simple.Node(t.To), d))
		}
		g, between = w, network.BetweennessWeighted(w, path.DijkstraAllPaths(w))
	} else {
		u := simple.NewUndirectedGraph()
		addNodes(u, len(n.Actors))
		for _, t := range n.Ties {
			if t.From != t.To {
				u.SetEdge(u.NewEdge(simple.Node(t.From), simple.Node(t.To)))
			}
		}
		g, between = u, network.Betweenness(u)
	}
	// Betweenness counts each pair both ways: a share of (n-1)(n-2).
	pairs := float64((len(n.Actors) - 1) * (len(n.Actors) - 2))
	for i := range n.Actors {
		c.Degree[i] = g.From(int64(i)).Len()
		if pairs > 0 {
			c.Betweenness[i] = between[int64(i)] / pairs
		}
	}
	return c
}

func addNodes(g interface{ AddNode(graph.Node) }, n int) {
	for i := 0; i < n; i++ {
		g.AddNode(simple.Node(i))
	}
}
