package interchange

import (
	"encoding/xml"
	"strings"
	"time"

	"convenor/data"
)

// GraphML, as the GraphML primer describes it: keys declared first, then
// one directed graph (a relationship runs from one actor to another).
type graphMLDoc struct {
	XMLName xml.Name     `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []graphMLKey `xml:"key"`
	Graph   graphMLGraph `xml:"graph"`
}

type graphMLKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphMLGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Nodes       []graphMLNode `xml:"node"`
	Edges       []graphMLEdge `xml:"edge"`
}

type graphMLNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphMLData `xml:"data"`
}

type graphMLEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphMLData `xml:"data"`
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func graphML(n data.Network) graphMLDoc {
	doc := graphMLDoc{Graph: graphMLGraph{ID: "convenor", EdgeDefault: "directed"}}
	for _, a := range graphAttrs {
		doc.Keys = append(doc.Keys, graphMLKey{a.id, a.of, a.name, a.typ})
	}
	values := func(of string, i int) []graphMLData {
		var out []graphMLData
		for _, v := range attrValues(n, of, i, true) {
			out = append(out, graphMLData{v.For, v.Value})
		}
		return out
	}
	for i, a := range n.Actors {
		doc.Graph.Nodes = append(doc.Graph.Nodes, graphMLNode{a.ID, values("node", i)})
	}
	for i, t := range n.Ties {
		doc.Graph.Edges = append(doc.Graph.Edges, graphMLEdge{t.ID, n.Actors[t.From].ID, n.Actors[t.To].ID, values("edge", i)})
	}
	return doc
}

// GEXF 1.3, as gexf.net's schema has it: node and edge attributes declared
// by class, each value referring to its declaration.
type gexfDoc struct {
	XMLName xml.Name  `xml:"http://gexf.net/1.3 gexf"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	LastModified string `xml:"lastmodifieddate,attr"`
	Creator      string `xml:"creator"`
	Description  string `xml:"description"`
}

type gexfGraph struct {
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Mode            string           `xml:"mode,attr"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           []gexfNode       `xml:"nodes>node"`
	Edges           []gexfEdge       `xml:"edges>edge"`
}

type gexfAttributes struct {
	Class string          `xml:"class,attr"`
	List  []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

func gexf(n data.Network, at time.Time, banner string) gexfDoc {
	doc := gexfDoc{Version: "1.3", Meta: gexfMeta{at.Format("2006-01-02"), "Convenor", strings.TrimSpace(banner)},
		Graph: gexfGraph{DefaultEdgeType: "directed", Mode: "static"}}
	for _, class := range []string{"node", "edge"} {
		attrs := gexfAttributes{Class: class}
		for _, a := range graphAttrs {
			if a.of == class && !gexfOwn(a.id) {
				typ := a.typ
				if typ == "int" {
					typ = "integer"
				}
				attrs.List = append(attrs.List, gexfAttribute{a.id, a.name, typ})
			}
		}
		doc.Graph.Attributes = append(doc.Graph.Attributes, attrs)
	}
	values := func(of string, i int) []gexfValue { return attrValues(n, of, i, false) }
	for i, a := range n.Actors {
		doc.Graph.Nodes = append(doc.Graph.Nodes, gexfNode{a.ID, a.Title, values("node", i)})
	}
	for i, t := range n.Ties {
		doc.Graph.Edges = append(doc.Graph.Edges, gexfEdge{t.ID, n.Actors[t.From].ID, n.Actors[t.To].ID, t.Title, values("edge", i)})
	}
	return doc
}

// gexfOwn are the attributes GEXF writes as its own label, not as values.
func gexfOwn(id string) bool { return id == "label" || id == "summary" }

// attrValues are the set attributes of actor or tie i ("node" or "edge"),
// all of them for GraphML, without GEXF's own labels for GEXF.
func attrValues(n data.Network, of string, i int, labels bool) []gexfValue {
	var out []gexfValue
	for _, a := range graphAttrs {
		if a.of != of || (!labels && gexfOwn(a.id)) {
			continue
		}
		if v := a.value(n, i); v != "" {
			out = append(out, gexfValue{a.id, v})
		}
	}
	return out
}
