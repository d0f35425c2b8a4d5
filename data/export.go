package data

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// AtMost returns the labels no more restricted than max, for a Query that
// leaves out everything above a chosen label (max TLP:AMBER keeps AMBER,
// GREEN and CLEAR, and leaves out RED and AMBER+STRICT).
func AtMost(max TLP) []TLP {
	var out []TLP
	for _, l := range TLPLabels {
		if l.Rank() >= max.Rank() {
			out = append(out, l)
		}
	}
	return out
}

// MostRestrictive is the label an export or report must carry: the most
// restricted of the labels of what it contains (TLP:CLEAR when empty).
func MostRestrictive(labels ...TLP) TLP {
	best := TLPClear
	for _, l := range labels {
		if l.Valid() && l.Rank() < best.Rank() {
			best = l
		}
	}
	return best
}

// Export is one kind's records written out for someone else to read.
type Export struct {
	Kind      *Kind
	MaxTLP    TLP // leave out records labelled above this; "" keeps all
	Format    string
	Records   int // how many were written
	Label     TLP // the most restrictive label among them
	LeftOut   int // records above MaxTLP, not written
	Generated time.Time
}

// WriteExport writes the kind's records (all of them, page by page, sorted
// by title) as "json" or "csv", carrying the most restrictive label they
// contain at the top, and leaving out those above e.MaxTLP.
func (s *Store) WriteExport(w io.Writer, e *Export) error {
	q := Query{Kind: e.Kind, Sort: "title"}
	if e.MaxTLP != "" {
		if !e.MaxTLP.Valid() {
			return fmt.Errorf("%q is not a TLP label; use one of %s", e.MaxTLP, strings.Join(TLPStrings(), ", "))
		}
		q.TLP = AtMost(e.MaxTLP)
	}
	total, err := s.Count(Query{Kind: e.Kind})
	if err != nil {
		return err
	}
	var recs []*Record
	for off := 0; ; off += 500 {
		q.Limit, q.Offset = 500, off
		page, err := s.List(q)
		if err != nil {
			return err
		}
		recs = append(recs, page...)
		if len(page) < 500 {
			break
		}
	}
	labels := make([]TLP, len(recs))
	for i, r := range recs {
		labels[i] = r.TLP
	}
	e.Records, e.LeftOut, e.Label = len(recs), total-len(recs), MostRestrictive(labels...)
	e.Generated = s.Now().UTC()
	switch e.Format {
	case "", "json":
		return writeJSONExport(w, e, recs)
	case "csv":
		return writeCSVExport(w, e, recs)
	}
	return fmt.Errorf("unknown export format %q; use json or csv", e.Format)
}

func (e *Export) banner() string {
	s := fmt.Sprintf("%s — %s. %d %s from a Convenor workspace, %s.", e.Label, TLPMeaning[e.Label], e.Records, strings.ToLower(e.Kind.Plural), e.Generated.Format(time.RFC3339))
	if e.LeftOut > 0 {
		s += fmt.Sprintf(" %d labelled above %s left out.", e.LeftOut, e.MaxTLP)
	}
	return s
}

func writeJSONExport(w io.Writer, e *Export, recs []*Record) error {
	out := map[string]any{"tlp": string(e.Label), "notice": e.banner(), "kind": e.Kind.Name, "records": recs}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeCSVExport: the first row is the label and notice, so it is the first
// thing anyone opening the file sees; the second row names the columns.
func writeCSVExport(w io.Writer, e *Export, recs []*Record) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{string(e.Label), e.banner()})
	head := []string{"id", e.Kind.TitleLabel, "TLP label"}
	for _, f := range e.Kind.Fields {
		head = append(head, f.Label)
	}
	cw.Write(append(head, "Tags", "Notes", "Updated"))
	for _, r := range recs {
		row := []string{r.ID, r.Title, string(r.TLP)}
		for i := range e.Kind.Fields {
			row = append(row, FormatValue(&e.Kind.Fields[i], r.Values[e.Kind.Fields[i].Key]))
		}
		cw.Write(append(row, strings.Join(r.Tags, ", "), r.Notes, r.UpdatedAt.Format(time.RFC3339)))
	}
	cw.Flush()
	return cw.Error()
}
