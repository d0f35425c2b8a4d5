package interchange

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"convenor/data"
)

// Export is one kind's records written out for someone else to read.
type Export struct {
	Kind         *data.Kind
	MaxTLP       data.TLP // leave out records labelled above this; "" keeps all
	Format       string
	Records      int      // how many were written
	Label        data.TLP // the most restrictive label among them
	LeftOut      int      // records above MaxTLP, not written
	LinksLeftOut int      // links and references to records above MaxTLP, not written
	// ContactsLeftOut are contact points labelled above MaxTLP (a point
	// may be more restrictive than its record), not written.
	ContactsLeftOut int
	Generated       time.Time
	// AttendeeAddresses gives a calendar's attendees the email address
	// of their actor record (one labelled within MaxTLP); without it they
	// are named only, so a calendar shared on does not hand out contacts.
	AttendeeAddresses bool
}

// Source is what an export reads from an open workspace.
type Source interface {
	Count(ctx context.Context, q data.Query) (int, error)
	// ListWithLinks is a page of whole records, links and follow-ups too.
	ListWithLinks(ctx context.Context, q data.Query) ([]*data.Record, error)
	// Summaries gives the title and label of each record named.
	Summaries(ctx context.Context, ids []string) (map[string]data.Summary, error)
}

// linked is what an export says of a record another one points to.
type linked = data.Summary

// WriteExport writes the kind's records (all of them, page by page, sorted
// by title) as "json" or "csv", carrying the most restrictive label they
// contain at the top, and leaving out those above e.MaxTLP. Each reference
// and link is written as the id and title (and role) of the record it
// points to; one pointing to a record above e.MaxTLP is left out, id and
// all, since even its existence may be more than the reader may know.
func Write(ctx context.Context, s Source, w io.Writer, e *Export) error {
	q := data.Query{Kind: e.Kind, Sort: "title"}
	if e.MaxTLP != "" {
		if !e.MaxTLP.Valid() {
			return fmt.Errorf("%q is not a TLP label; use one of %s", e.MaxTLP, strings.Join(data.TLPStrings(), ", "))
		}
		q.TLP = data.AtMost(e.MaxTLP)
	}
	if e.Format == "vcf" { // address books hold people
		if e.Kind != data.Actor {
			return fmt.Errorf("vCard is for actors who are people, not %s", strings.ToLower(e.Kind.Plural))
		}
		q.Equals = map[string]string{"actor_type": "person"}
	}
	if e.Format == "ics" && e.Kind != data.Engagement {
		return fmt.Errorf("iCalendar is for engagements, not %s", strings.ToLower(e.Kind.Plural))
	}
	total, err := s.Count(ctx, data.Query{Kind: e.Kind, Equals: q.Equals})
	if err != nil {
		return err
	}
	var recs []*data.Record
	for off := 0; ; off += exportPage {
		q.Limit, q.Offset = exportPage, off
		page, err := s.ListWithLinks(ctx, q)
		if err != nil {
			return err
		}
		recs = append(recs, page...)
		if len(page) < exportPage {
			break
		}
	}
	if e.Format == "ics" {
		n := len(recs)
		recs = dated(recs)
		total -= n - len(recs) // not left out for their label: they have no date
	}
	targets, err := linkedRecords(ctx, s, recs)
	if err != nil {
		return err
	}
	labels := make([]data.TLP, 0, len(recs))
	for _, r := range recs {
		e.LinksLeftOut += dropAbove(r, targets, e.MaxTLP)
		kept, dropped := contactsUpTo(r, e.MaxTLP)
		e.ContactsLeftOut += dropped
		labels = append(append(labels, r.TLP), kept...) // the file carries the most restrictive label it holds
	}
	e.Records, e.LeftOut, e.Label = len(recs), total-len(recs), data.MostRestrictive(labels...)
	if e.Generated.IsZero() {
		e.Generated = time.Now().UTC()
	}
	switch e.Format {
	case "", "json":
		return writeJSONExport(w, e, recs, targets)
	case "csv":
		return writeCSVExport(w, e, recs, targets)
	case "xlsx":
		return writeXLSXExport(w, e, recs, targets)
	case "vcf":
		return writeVCards(w, e, recs, targets)
	case "ics":
		addresses, err := attendeeAddresses(ctx, s, e, recs)
		if err != nil {
			return err
		}
		return writeICalendar(w, e, recs, targets, addresses)
	}
	return fmt.Errorf("unknown export format %q; use json, csv, xlsx, vcf (actors) or ics (engagements)", e.Format)
}

// Formats are what a kind's records can be written as: JSON, CSV and XLSX for
// every kind, vCard for actors (the people among them), iCalendar for
// engagements.
func Formats(k *data.Kind) []string {
	switch k {
	case data.Actor:
		return []string{"json", "csv", "xlsx", "vcf"}
	case data.Engagement:
		return []string{"json", "csv", "xlsx", "ics"}
	}
	return []string{"json", "csv", "xlsx"}
}

// exportPage is how many records an export reads at once: large, because
// each page is found by skipping the ones before it, and an export holds
// them all in memory anyway.
const exportPage = 5000

// linkedRecords reads the title and label of every record recs point to.
func linkedRecords(ctx context.Context, s Source, recs []*data.Record) (map[string]linked, error) {
	var ids []string
	for _, r := range recs {
		ids = append(ids, pointsTo(r)...)
	}
	return s.Summaries(ctx, ids)
}

// dropAbove removes from r the references and links to records above max
// (or missing), and says how many it removed.
func dropAbove(r *data.Record, targets map[string]linked, max data.TLP) int {
	above := func(id string) bool {
		t, ok := targets[id]
		return !ok || (max != "" && t.TLP.Rank() < max.Rank())
	}
	n := 0
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case data.Ref:
			if id, _ := r.Values[f.Key].(string); id != "" && above(id) {
				delete(r.Values, f.Key)
				n++
			}
		case data.Links:
			var kept []data.Link
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

// contactsUpTo leaves out r's contact points labelled above max and
// returns the labels of those kept.
func contactsUpTo(r *data.Record, max data.TLP) (kept []data.TLP, dropped int) {
	if r.Kind.Field(data.FieldContacts) == nil {
		return nil, 0
	}
	var keep []data.ContactPoint
	for _, c := range r.Contacts() {
		if max != "" && c.TLP.Rank() < max.Rank() {
			dropped++
			continue
		}
		keep = append(keep, c)
		kept = append(kept, c.TLP)
	}
	r.Values[data.FieldContacts] = keep
	return kept, dropped
}

func (e *Export) banner() string {
	s := fmt.Sprintf("%s — %s. %d %s from a Convenor workspace, %s.", e.Label, data.TLPMeaning[e.Label], e.Records, strings.ToLower(e.Kind.Plural), e.Generated.Format(time.RFC3339))
	if e.LeftOut > 0 {
		s += fmt.Sprintf(" %d labelled above %s left out.", e.LeftOut, e.MaxTLP)
	}
	if e.LinksLeftOut > 0 {
		s += fmt.Sprintf(" %d links to records above %s left out.", e.LinksLeftOut, e.MaxTLP)
	}
	if e.ContactsLeftOut > 0 {
		s += fmt.Sprintf(" %d contact points labelled above %s left out.", e.ContactsLeftOut, e.MaxTLP)
	}
	return s
}

// exportMap is a record as an export writes it: AsMap, with each reference
// as the id and title of the record it points to.
func exportMap(r *data.Record, targets map[string]linked) map[string]any {
	m := r.AsMap()
	for _, f := range r.Kind.Columns() {
		if id, _ := r.Values[f.Key].(string); f.Type == data.Ref && id != "" {
			m[f.Key] = map[string]string{"id": id, "title": targets[id].Title}
		}
	}
	return m
}

func writeJSONExport(w io.Writer, e *Export, recs []*data.Record, targets map[string]linked) error {
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
	csvPartSep      = " | "
	csvRefParts     = " (title | id)"
	csvLinkParts    = " (title | role | id, one per line)"
	csvActParts     = " (action | owner | due | status, one per line)"
	csvContactParts = " (kind | value | label | TLP label, one per line)"
)

// tableRows are an export as rows of cells, CSV's and XLSX's alike: the
// label and notice first, so it is the first thing anyone opening the file
// sees, then the column headings, then a row per record. defuse is given
// each text cell (CSV defuses formulas; a workbook's text cells are never
// run).
func tableRows(e *Export, recs []*data.Record, targets map[string]linked, defuse func(string) string) [][]string {
	head := []string{"id", e.Kind.TitleLabel, "TLP label"}
	for _, f := range e.Kind.Fields {
		switch f.Type {
		case data.Ref:
			head = append(head, f.Label+csvRefParts)
		case data.Links:
			head = append(head, f.Label+csvLinkParts)
		case data.FollowUps:
			head = append(head, f.Label+csvActParts)
		case data.Contacts:
			head = append(head, f.Label+csvContactParts)
		default:
			head = append(head, f.Label)
		}
	}
	rows := [][]string{{string(e.Label), e.banner()}, append(head, "Tags", "Notes", "Updated")}
	for _, r := range recs {
		row := []string{r.ID, defuse(r.Title), string(r.TLP)}
		for i := range e.Kind.Fields {
			row = append(row, cellText(&e.Kind.Fields[i], r, targets, defuse))
		}
		rows = append(rows, append(row, defuse(strings.Join(r.Tags, ", ")), defuse(r.Notes), r.UpdatedAt.Format(time.RFC3339)))
	}
	return rows
}

func writeCSVExport(w io.Writer, e *Export, recs []*data.Record, targets map[string]linked) error {
	cw := csv.NewWriter(w)
	cw.WriteAll(tableRows(e, recs, targets, csvText))
	return cw.Error()
}

// cellText writes one field of r for a CSV or XLSX export.
func cellText(f *data.Field, r *data.Record, targets map[string]linked, defuse func(string) string) string {
	join := func(parts ...string) string { return strings.Join(parts, csvPartSep) }
	var lines []string
	switch f.Type {
	case data.Ref:
		id, _ := r.Values[f.Key].(string)
		if id == "" {
			return ""
		}
		return defuse(join(targets[id].Title, id))
	case data.Links:
		for _, l := range r.Links(f.Key) {
			lines = append(lines, join(targets[l.ID].Title, l.Role, l.ID))
		}
		return defuse(strings.Join(lines, "\n"))
	case data.FollowUps:
		for _, a := range r.FollowUps() {
			lines = append(lines, join(a.Action, a.Owner, a.Due, a.Status))
		}
		return defuse(strings.Join(lines, "\n"))
	case data.Contacts:
		for _, c := range r.Contacts() {
			lines = append(lines, join(c.Kind, strings.ReplaceAll(c.Value, "\n", ", "), c.Label, string(c.TLP)))
		}
		return defuse(strings.Join(lines, "\n"))
	case data.Text, data.LongText, data.Choice, data.TimeZone:
		return defuse(data.FormatValue(f, r.Values[f.Key]))
	}
	// Numbers, dates and yes/no are written as they are: a severity of -3
	// stays a number a spreadsheet can sum.
	return data.FormatValue(f, r.Values[f.Key])
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
