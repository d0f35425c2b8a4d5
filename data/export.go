package data

import (
	"database/sql"
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
	Kind         *Kind
	MaxTLP       TLP // leave out records labelled above this; "" keeps all
	Format       string
	Records      int // how many were written
	Label        TLP // the most restrictive label among them
	LeftOut      int // records above MaxTLP, not written
	LinksLeftOut int // links and references to records above MaxTLP, not written
	Generated    time.Time
}

// linked is what an export says of a record another one points to.
type linked struct {
	Title string
	TLP   TLP
}

// WriteExport writes the kind's records (all of them, page by page, sorted
// by title) as "json" or "csv", carrying the most restrictive label they
// contain at the top, and leaving out those above e.MaxTLP. Each reference
// and link is written as the id and title (and role) of the record it
// points to; one pointing to a record above e.MaxTLP is left out, id and
// all, since even its existence may be more than the reader may know.
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
		for _, r := range page {
			if err := readLists(s.db, r); err != nil {
				return err
			}
		}
		recs = append(recs, page...)
		if len(page) < 500 {
			break
		}
	}
	targets, err := s.linkedRecords(recs)
	if err != nil {
		return err
	}
	labels := make([]TLP, len(recs))
	for i, r := range recs {
		labels[i] = r.TLP
		e.LinksLeftOut += dropAbove(r, targets, e.MaxTLP)
	}
	e.Records, e.LeftOut, e.Label = len(recs), total-len(recs), MostRestrictive(labels...)
	e.Generated = s.Now().UTC()
	switch e.Format {
	case "", "json":
		return writeJSONExport(w, e, recs, targets)
	case "csv":
		return writeCSVExport(w, e, recs, targets)
	}
	return fmt.Errorf("unknown export format %q; use json or csv", e.Format)
}

// linkedRecords reads the title and label of every record recs point to.
func (s *Store) linkedRecords(recs []*Record) (map[string]linked, error) {
	var ids []string
	for _, r := range recs {
		for i := range r.Kind.Fields {
			f := &r.Kind.Fields[i]
			switch f.Type {
			case Ref:
				if id, _ := r.Values[f.Key].(string); id != "" {
					ids = append(ids, id)
				}
			case Links:
				for _, l := range r.Links(f.Key) {
					ids = append(ids, l.ID)
				}
			}
		}
	}
	out := map[string]linked{}
	if len(ids) == 0 {
		return out, nil
	}
	b, _ := json.Marshal(ids)
	rows, err := collect(s.db, func(rows *sql.Rows, v *[3]string) error {
		return rows.Scan(&v[0], &v[1], &v[2])
	}, "SELECT id, title, tlp FROM records WHERE id IN (SELECT value FROM json_each(?))", string(b))
	for _, v := range rows {
		out[v[0]] = linked{Title: v[1], TLP: TLP(v[2])}
	}
	return out, err
}

// dropAbove removes from r the references and links to records above max
// (or missing), and says how many it removed.
func dropAbove(r *Record, targets map[string]linked, max TLP) int {
	above := func(id string) bool {
		t, ok := targets[id]
		return !ok || (max != "" && t.TLP.Rank() < max.Rank())
	}
	n := 0
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case Ref:
			if id, _ := r.Values[f.Key].(string); id != "" && above(id) {
				delete(r.Values, f.Key)
				n++
			}
		case Links:
			var kept []Link
			for _, l := range r.Links(f.Key) {
				if above(l.ID) {
					n++
				} else {
					kept = append(kept, l)
				}
			}
			r.Values[f.Key] = kept
		}
	}
	return n
}

func (e *Export) banner() string {
	s := fmt.Sprintf("%s — %s. %d %s from a Convenor workspace, %s.", e.Label, TLPMeaning[e.Label], e.Records, strings.ToLower(e.Kind.Plural), e.Generated.Format(time.RFC3339))
	if e.LeftOut > 0 {
		s += fmt.Sprintf(" %d labelled above %s left out.", e.LeftOut, e.MaxTLP)
	}
	if e.LinksLeftOut > 0 {
		s += fmt.Sprintf(" %d links to records above %s left out.", e.LinksLeftOut, e.MaxTLP)
	}
	return s
}

// exportMap is a record as an export writes it: AsMap, with each reference
// as the id and title of the record it points to.
func exportMap(r *Record, targets map[string]linked) map[string]any {
	m := r.AsMap()
	for _, f := range r.Kind.Columns() {
		if id, _ := r.Values[f.Key].(string); f.Type == Ref && id != "" {
			m[f.Key] = map[string]string{"id": id, "title": targets[id].Title}
		}
	}
	return m
}

func writeJSONExport(w io.Writer, e *Export, recs []*Record, targets map[string]linked) error {
	maps := make([]map[string]any, len(recs))
	for i, r := range recs {
		maps[i] = exportMap(r, targets)
	}
	out := map[string]any{"tlp": string(e.Label), "notice": e.banner(), "kind": e.Kind.Name, "records": maps}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// The parts of a reference, link or follow-up action in a CSV cell, one
// entry per line, in the order the column's heading names.
const (
	csvPartSep   = " | "
	csvRefParts  = " (title | id)"
	csvLinkParts = " (title | role | id, one per line)"
	csvActParts  = " (action | owner | due | status, one per line)"
)

// writeCSVExport: the first row is the label and notice, so it is the first
// thing anyone opening the file sees; the second row names the columns.
// Text that a spreadsheet would run as a formula is defused (see csvText).
func writeCSVExport(w io.Writer, e *Export, recs []*Record, targets map[string]linked) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{string(e.Label), e.banner()})
	head := []string{"id", e.Kind.TitleLabel, "TLP label"}
	for _, f := range e.Kind.Fields {
		switch f.Type {
		case Ref:
			head = append(head, f.Label+csvRefParts)
		case Links:
			head = append(head, f.Label+csvLinkParts)
		case FollowUps:
			head = append(head, f.Label+csvActParts)
		default:
			head = append(head, f.Label)
		}
	}
	cw.Write(append(head, "Tags", "Notes", "Updated"))
	for _, r := range recs {
		row := []string{r.ID, csvText(r.Title), string(r.TLP)}
		for i := range e.Kind.Fields {
			row = append(row, csvCell(&e.Kind.Fields[i], r, targets))
		}
		cw.Write(append(row, csvText(strings.Join(r.Tags, ", ")), csvText(r.Notes), r.UpdatedAt.Format(time.RFC3339)))
	}
	cw.Flush()
	return cw.Error()
}

// csvCell writes one field of r for a CSV export.
func csvCell(f *Field, r *Record, targets map[string]linked) string {
	join := func(parts ...string) string { return strings.Join(parts, csvPartSep) }
	var lines []string
	switch f.Type {
	case Ref:
		id, _ := r.Values[f.Key].(string)
		if id == "" {
			return ""
		}
		return csvText(join(targets[id].Title, id))
	case Links:
		for _, l := range r.Links(f.Key) {
			lines = append(lines, join(targets[l.ID].Title, l.Role, l.ID))
		}
		return csvText(strings.Join(lines, "\n"))
	case FollowUps:
		for _, a := range r.FollowUps() {
			lines = append(lines, join(a.Action, a.Owner, a.Due, a.Status))
		}
		return csvText(strings.Join(lines, "\n"))
	case Text, LongText, Choice, TimeZone:
		return csvText(FormatValue(f, r.Values[f.Key]))
	}
	// Numbers, dates and yes/no are written as they are: a severity of -3
	// stays a number a spreadsheet can sum.
	return FormatValue(f, r.Values[f.Key])
}

// csvText defuses text a spreadsheet would take for a formula (CSV
// injection: "=HYPERLINK(…)" runs when the file is opened). As OWASP
// advises and spreadsheets expect, a cell starting with = + - @, a tab or
// a carriage return gets a leading apostrophe, which spreadsheets show as
// text and Convenor's importer removes again.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
