package interchange

import (
	"bytes"
	"context"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// What the GraphML schema requires, read without the writer's types: the
// namespace, keys with a domain and a type the primer allows, a graph with
// edgedefault, nodes with ids, edges between declared nodes, data only
// under declared keys of the right domain.
type readGraphML struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Data   []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

// What GEXF 1.3 requires: the namespace and version, a graph, nodes with
// id and label, edges with source and target among the nodes, each value
// for an attribute declared for its class.
type readGEXF struct {
	XMLName xml.Name `xml:"gexf"`
	Version string   `xml:"version,attr"`
	Graph   struct {
		Attributes []struct {
			Class string `xml:"class,attr"`
			List  []struct {
				ID   string `xml:"id,attr"`
				Type string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []struct {
			ID     string `xml:"id,attr"`
			Label  string `xml:"label,attr"`
			Values []struct {
				For   string `xml:"for,attr"`
				Value string `xml:"value,attr"`
			} `xml:"attvalues>attvalue"`
		} `xml:"nodes>node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Values []struct {
				For   string `xml:"for,attr"`
				Value string `xml:"value,attr"`
			} `xml:"attvalues>attvalue"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

func TestTheNetworkForGephiAndYEd(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	g := &Graph{Format: "graphml"}
	if err := WriteGraph(ctx, s, &b, g); err != nil {
		t.Fatal(err)
	}
	if g.Actors != 17 || g.Ties != 14 || g.Label != data.TLPRed || !strings.Contains(b.String(), "<!-- TLP:RED") {
		t.Errorf("%d actors, %d ties, labelled %s:\n%.300s", g.Actors, g.Ties, g.Label, b.String())
	}
	var ml readGraphML
	if err := xml.Unmarshal(b.Bytes(), &ml); err != nil {
		t.Fatal(err)
	}
	if ml.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || ml.Graph.EdgeDefault != "directed" {
		t.Errorf("root %v, edgedefault %q", ml.XMLName, ml.Graph.EdgeDefault)
	}
	keys := map[string]string{}
	for _, k := range ml.Keys {
		if !slices.Contains([]string{"boolean", "int", "long", "float", "double", "string"}, k.Type) || (k.For != "node" && k.For != "edge") {
			t.Errorf("key %+v", k)
		}
		keys[k.ID] = k.For
	}
	nodes := map[string]string{}
	for _, n := range ml.Graph.Nodes {
		for _, d := range n.Data {
			if keys[d.Key] != "node" {
				t.Errorf("node data under key %q", d.Key)
			}
			if d.Key == "label" {
				nodes[n.ID] = d.Value
			}
		}
	}
	mistrust := 0
	for _, e := range ml.Graph.Edges {
		if nodes[e.Source] == "" || nodes[e.Target] == "" {
			t.Errorf("an edge between undeclared nodes: %+v", e)
		}
		for _, d := range e.Data {
			if keys[d.Key] != "edge" {
				t.Errorf("edge data under key %q", d.Key)
			}
			if d.Key == "meaning" && d.Value == "mistrust" {
				mistrust++
			}
		}
	}
	if len(nodes) != 17 || len(ml.Graph.Edges) != 14 || mistrust != 5 {
		t.Errorf("%d nodes, %d edges, %d of mistrust", len(nodes), len(ml.Graph.Edges), mistrust)
	}

	b.Reset()
	g = &Graph{Format: "gexf", MaxTLP: data.TLPGreen}
	if err := WriteGraph(ctx, s, &b, g); err != nil {
		t.Fatal(err)
	}
	var gx readGEXF
	if err := xml.Unmarshal(b.Bytes(), &gx); err != nil {
		t.Fatal(err)
	}
	if gx.XMLName.Space != "http://gexf.net/1.3" || gx.Version != "1.3" || g.Label != data.TLPGreen {
		t.Errorf("root %v version %q, labelled %s", gx.XMLName, gx.Version, g.Label)
	}
	declared := map[string]bool{}
	for _, as := range gx.Graph.Attributes {
		for _, a := range as.List {
			declared[as.Class+"/"+a.ID] = true
		}
	}
	ids := map[string]bool{}
	for _, n := range gx.Graph.Nodes {
		ids[n.ID] = n.Label != ""
		for _, v := range n.Values {
			if !declared["node/"+v.For] {
				t.Errorf("node value for undeclared %q", v.For)
			}
		}
	}
	for _, e := range gx.Graph.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Errorf("an edge between undeclared nodes: %+v", e)
		}
		for _, v := range e.Values {
			if !declared["edge/"+v.For] {
				t.Errorf("edge value for undeclared %q", v.For)
			}
		}
	}
	if len(gx.Graph.Nodes) != 4 || len(gx.Graph.Edges) != 4 || strings.Contains(b.String(), "TLP:AMBER") || strings.Contains(b.String(), "demo person") {
		t.Errorf("under TLP:GREEN: %d nodes, %d edges\n%s", len(gx.Graph.Nodes), len(gx.Graph.Edges), b.String())
	}
	if err := WriteGraph(ctx, s, &b, &Graph{Format: "dot"}); err == nil {
		t.Error("an unknown format was written")
	}
	if err := WriteGraph(ctx, s, &b, &Graph{Format: "gexf", MaxTLP: "TLP:PURPLE"}); err == nil {
		t.Error("an unknown label was taken")
	}
}
