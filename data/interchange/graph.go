package interchange

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"convenor/data"
)

// The network (actors and the relationships between them) for the tools
// network analysts open: GraphML (yEd, Gephi, NetworkX, igraph) and GEXF
// (Gephi). What it holds is what the network map shows: actors up to the
// cap, and only the ties whose own label and both ends are within it.

// NetworkSource is what a network export reads.
type NetworkSource interface {
	Network(ctx context.Context, q data.NetworkQuery) (data.Network, error)
}

// Graph is one network export.
type Graph struct {
	Format    string   // "graphml" or "gexf"
	MaxTLP    data.TLP // leave out what is labelled above this; "" keeps all
	Actors    int      // how many were written
	Ties      int
	Label     data.TLP // the most restrictive label among them
	Generated time.Time
}

// GraphFormats are the formats WriteGraph writes.
var GraphFormats = []string{"graphml", "gexf"}

// WriteGraph writes the network as g.Format, labelled at the top with the
// most restrictive TLP label it holds. Each actor carries its kind,
// stance, role, country, influence and label; each tie its type, what the
// type means (trust, neutral, mistrust), its strength and label.
func WriteGraph(ctx context.Context, s NetworkSource, w io.Writer, g *Graph) error {
	max := g.MaxTLP
	if max == "" {
		max = data.TLPRed
	}
	if !max.Valid() {
		return fmt.Errorf("%q is not a TLP label; use one of %s", g.MaxTLP, strings.Join(data.TLPStrings(), ", "))
	}
	n, err := s.Network(ctx, data.NetworkQuery{UpTo: max})
	if err != nil {
		return err
	}
	labels := []data.TLP{}
	for _, a := range n.Actors {
		labels = append(labels, a.TLP)
	}
	for _, t := range n.Ties {
		labels = append(labels, t.TLP)
	}
	g.Actors, g.Ties, g.Label = len(n.Actors), len(n.Ties), data.MostRestrictive(labels...)
	if g.Generated.IsZero() {
		g.Generated = time.Now().UTC()
	}
	banner := fmt.Sprintf(" %s — %s. %d actors and %d relationships from a Convenor workspace, %s. ",
		g.Label, data.TLPMeaning[g.Label], g.Actors, g.Ties, g.Generated.Format(time.RFC3339))
	var doc any
	switch g.Format {
	case "graphml":
		doc = graphML(n)
	case "gexf":
		doc = gexf(n, g.Generated, banner)
	default:
		return fmt.Errorf("unknown network format %q; use %s", g.Format, strings.Join(GraphFormats, " or "))
	}
	if _, err := io.WriteString(w, xml.Header+"<!--"+strings.ReplaceAll(banner, "--", "—")+"-->\n"); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// WriteGraphSealed writes g like WriteGraph, sealed under passphrase, for
// a sealed workspace.
func WriteGraphSealed(ctx context.Context, s NetworkSource, w io.Writer, g *Graph, passphrase string) error {
	return sealed(w, g.Format, passphrase, func(plain io.Writer) error { return WriteGraph(ctx, s, plain, g) })
}

// graphAttr is one attribute of an actor (for "node") or a tie ("edge").
type graphAttr struct {
	id, name, typ, of string
	value             func(n data.Network, i int) string
}

var graphAttrs = []graphAttr{
	{"label", "label", "string", "node", func(n data.Network, i int) string { return n.Actors[i].Title }},
	{"kind", "kind", "string", "node", func(n data.Network, i int) string { return n.Actors[i].Type }},
	{"stance", "stance", "string", "node", func(n data.Network, i int) string { return n.Actors[i].Stance }},
	{"role", "role", "string", "node", func(n data.Network, i int) string { return n.Actors[i].Role }},
	{"country", "country", "string", "node", func(n data.Network, i int) string { return n.Actors[i].Country }},
	{"influence", "influence", "int", "node", func(n data.Network, i int) string { return optional(n.Actors[i].Influence) }},
	{"tlp", "tlp", "string", "node", func(n data.Network, i int) string { return string(n.Actors[i].TLP) }},
	{"summary", "summary", "string", "edge", func(n data.Network, i int) string { return n.Ties[i].Title }},
	{"type", "type", "string", "edge", func(n data.Network, i int) string { return n.Ties[i].Type }},
	{"meaning", "meaning", "string", "edge", func(n data.Network, i int) string { return string(n.Ties[i].Tone) }},
	{"trust", "trust", "int", "edge", func(n data.Network, i int) string { return strconv.FormatInt(n.Ties[i].Trust, 10) }},
	{"edge_tlp", "tlp", "string", "edge", func(n data.Network, i int) string { return string(n.Ties[i].TLP) }},
}

// optional is a number, or nothing when it is not set (0).
func optional(v int64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatInt(v, 10)
}
