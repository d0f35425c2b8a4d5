package interchange

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"convenor/data"
)

// parse reads one cell into field f's value with the form's rules, and
// what a file adds to them: a choice by its code alone ("043" for a CAMEO
// event, "B" for a source's reliability), a date a workbook keeps as a
// serial number, a date-time without a zone read in the record's own time
// zone, references by title or id.
func (pl *planner) parse(rp *rowPlan, r *data.Record, f *data.Field, text string) (any, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return nil, nil
	}
	switch f.Type {
	case data.LongText:
		return strings.TrimRight(strings.TrimLeft(text, "\r\n"), " \t\r\n"), nil // its lines kept whole
	case data.Choice:
		if f.Vocab {
			if v, ok := pl.voc.Holds(pl.m.Kind, f, s); ok {
				return v, nil
			}
			return nil, fmt.Errorf("%q is not in this workspace's list: %s (add it under Workspace → Vocabularies first)", s, strings.Join(pl.voc.Offered(pl.m.Kind, f), ", "))
		}
		if v := byCode(f, s); v != "" {
			return v, nil
		}
	case data.Date:
		if serial, err := strconv.ParseFloat(s, 64); err == nil && pl.t.Unit == "row" && serial > 0 && serial < 200000 {
			return excelDate(serial).Format(data.DateLayout), nil
		}
	case data.DateTime:
		if serial, err := strconv.ParseFloat(s, 64); err == nil && pl.t.Unit == "row" && serial > 0 && serial < 200000 {
			return excelDate(serial), nil
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			if t, err := data.ParseLocal(strings.Replace(s, "T", " ", 1), zoneOf(r)); err == nil {
				return t, nil
			}
		}
	case data.Ref:
		return pl.ref(f, s)
	case data.Links:
		return pl.links(f, text)
	case data.FollowUps:
		return followUps(text)
	case data.Contacts:
		return contacts(text, r.TLP)
	}
	return data.ParseValue(f, s)
}

// byCode finds the choice a code stands for: "043" for "043 host a visit".
func byCode(f *data.Field, s string) string {
	found := ""
	for _, c := range f.Choices {
		if strings.EqualFold(c, s) {
			return c
		}
		if code, _, ok := strings.Cut(c, " "); ok && strings.EqualFold(code, s) {
			if found != "" {
				return "" // two choices share it: no telling
			}
			found = c
		}
	}
	return found
}

// excelDate turns a workbook's serial day number into a time (UTC), the
// 1900 date system with its famous missing leap day.
func excelDate(serial float64) time.Time {
	day := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	whole := math.Floor(serial)
	return day.AddDate(0, 0, int(whole)).Add(time.Duration((serial - whole) * 24 * float64(time.Hour))).Round(time.Minute)
}

// zoneOf is where a record's date-times are read: its time zone field's
// zone, or UTC.
func zoneOf(r *data.Record) *time.Location {
	if tz, _ := r.Values[data.FieldTimeZone].(string); tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	return time.UTC
}

// ref resolves a reference written "title | id", "id" or "title".
func (pl *planner) ref(f *data.Field, s string) (any, error) {
	title, id := s, ""
	if i := strings.LastIndex(s, csvPartSep); i >= 0 {
		title, id = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(csvPartSep):])
	}
	got, err := pl.resolve(f, title, id)
	if err != nil {
		return nil, err
	}
	return got, nil
}

// resolve finds the record a reference names: by id when one is given and
// exists, else by title among the target kind's records and those this
// file adds. An unknown or ambiguous title is named, never dropped.
func (pl *planner) resolve(f *data.Field, title, id string) (string, error) {
	if id == "" && (pl.kinds[title] != nil || pl.claimed[title] != 0) {
		id, title = title, "" // the cell is an id
	}
	if id != "" {
		if k := pl.kinds[id]; k != nil {
			if f.Target != "" && k.Name != f.Target {
				return "", fmt.Errorf("%s is %s, not %s", id, article(strings.ToLower(k.Label)), article(f.Target))
			}
			return id, nil
		}
		if pl.claimed[id] != 0 {
			return id, nil // added by this file
		}
		if title == "" {
			return "", fmt.Errorf("no record has the id %s", id)
		}
	}
	kinds := data.Kinds
	if f.Target != "" {
		kinds = []*data.Kind{data.KindByName(f.Target)}
	}
	var found []string
	for _, k := range kinds {
		found = append(found, pl.lookup(k, "title")[title]...)
		if added := pl.added[k.Name][title]; added != "" {
			found = append(found, added)
		}
		if len(found) == 0 && pl.m.LooseLinks {
			found = append(found, pl.lookup(k, foldedTitle)[strings.ToLower(title)]...)
		}
	}
	what := "record"
	if f.Target != "" {
		what = strings.ToLower(data.KindByName(f.Target).Label)
	}
	switch len(found) {
	case 0:
		return "", &unknownTitle{what, title}
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%d records are called “%s”: give the id (“%s | id”)", len(found), title, title)
}

// unknownTitle: no record of the kind has the title.
type unknownTitle struct{ what, title string }

func (e *unknownTitle) Error() string {
	return fmt.Sprintf("no %s is called “%s”", e.what, e.title)
}

// foldedTitle asks lookup for titles in lower case.
const foldedTitle = "title, any case"

// entries splits a list cell: one entry per line, or, in a cell of one
// line, entries separated by semicolons as spreadsheets often have them.
func entries(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	parts := strings.Split(text, "\n")
	if len(parts) == 1 && !strings.Contains(text, csvPartSep) {
		parts = strings.Split(text, ";")
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// links reads "title | role | id", "title | role" or "title" per entry.
func (pl *planner) links(f *data.Field, text string) (any, error) {
	var out []data.Link
	for n, e := range entries(text) {
		parts := strings.Split(e, csvPartSep)
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		title, role, id := parts[0], "", ""
		if len(parts) > 1 {
			role = parts[1]
		}
		if len(parts) > 2 {
			id = parts[2]
		}
		if len(parts) > 3 {
			return nil, fmt.Errorf("entry %d has %d parts; write “title | role | id”", n+1, len(parts))
		}
		got, err := pl.resolve(f, title, id)
		var unknown *unknownTitle
		if errors.As(err, &unknown) && pl.m.LooseLinks {
			pl.unknown[title]++
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", n+1, err)
		}
		if pl.m.LooseLinks && slices.ContainsFunc(out, func(l data.Link) bool { return l.ID == got }) {
			continue // an event whose two actors are one
		}
		out = append(out, data.Link{ID: got, Role: role})
	}
	return out, nil
}

// followUps reads "action | owner | due | status" per line.
func followUps(text string) (any, error) {
	var out []data.FollowUp
	for n, e := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(e) == "" {
			continue
		}
		p := splitParts(e, 4)
		a := data.FollowUp{Action: p[0], Owner: p[1], Due: p[2], Status: strings.ToLower(p[3])}
		if a.Status == "" {
			a.Status = "open"
		}
		if a.Due != "" {
			if _, err := time.Parse(data.DateLayout, a.Due); err != nil {
				return nil, fmt.Errorf("line %d of the cell: the due date must be written YYYY-MM-DD", n+1)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// contacts reads "kind | value | label | TLP label" per line; a point
// without a label of its own carries the record's.
func contacts(text string, tlp data.TLP) (any, error) {
	var out []data.ContactPoint
	for n, e := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(e) == "" {
			continue
		}
		p := splitParts(e, 4)
		c := data.ContactPoint{Kind: strings.ToLower(p[0]), Value: p[1], Label: p[2], TLP: tlp}
		if p[3] != "" {
			c.TLP = tlpText(p[3])
			if !c.TLP.Valid() {
				return nil, fmt.Errorf("line %d of the cell: %q is not a TLP label", n+1, p[3])
			}
		}
		if c.Value == "" {
			return nil, errors.New("write each contact point as “kind | value | label | TLP label”")
		}
		out = append(out, c)
	}
	return out, nil
}

// splitParts splits an entry on " | " into exactly n trimmed parts.
func splitParts(s string, n int) []string {
	parts := strings.SplitN(s, csvPartSep, n)
	out := make([]string, n)
	for i := range out {
		if i < len(parts) {
			out[i] = strings.TrimSpace(parts[i])
		}
	}
	return out
}

// same tells whether an import would change nothing in a record.
func same(a, b *data.Record) bool {
	if strings.TrimSpace(a.Title) != strings.TrimSpace(b.Title) || a.TLP != b.TLP || a.Notes != b.Notes ||
		strings.Join(a.Tags, ",") != strings.Join(data.NormalizeTags(b.Tags), ",") {
		return false
	}
	for i := range a.Kind.Fields {
		f := &a.Kind.Fields[i]
		if f.Writable() && valueText(f, a.Values[f.Key]) != valueText(f, b.Values[f.Key]) {
			return false
		}
	}
	return true
}

// valueText is a value as same compares it: links by id and role, not by
// the titles a read fills in; follow-ups and contacts by what they say.
func valueText(f *data.Field, v any) string {
	switch t := v.(type) {
	case []data.Link:
		var b strings.Builder
		for _, l := range t {
			b.WriteString(l.ID + "\x00" + l.Role + "\x01")
		}
		return b.String()
	case []data.FollowUp:
		var b strings.Builder
		for _, a := range t {
			fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s\x01", strings.TrimSpace(a.Action), strings.TrimSpace(a.Owner), a.Due, a.Status)
		}
		return b.String()
	case []data.ContactPoint:
		var b strings.Builder
		for _, c := range t {
			fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s\x01", c.Kind, strings.TrimSpace(c.Value), strings.TrimSpace(c.Label), c.TLP)
		}
		return b.String()
	case string:
		return strings.TrimSpace(t)
	}
	return data.FormatValue(f, v)
}

// inOrder puts new records after the new records they point to, so each
// is written after what it names. It returns one record of a cycle, if
// there is one.
func inOrder(adds []*data.Record) ([]*data.Record, *data.Record) {
	byID := make(map[string]*data.Record, len(adds))
	for _, r := range adds {
		byID[r.ID] = r
	}
	state := map[string]int{} // 1 visiting, 2 done
	out := make([]*data.Record, 0, len(adds))
	var cycle *data.Record
	var visit func(r *data.Record)
	visit = func(r *data.Record) {
		switch state[r.ID] {
		case 1:
			cycle = r
			return
		case 2:
			return
		}
		state[r.ID] = 1
		for _, id := range pointsTo(r) {
			if dep := byID[id]; dep != nil && dep != r {
				visit(dep)
			}
		}
		state[r.ID] = 2
		out = append(out, r)
	}
	for _, r := range adds {
		visit(r)
	}
	return out, cycle
}

// pointsTo lists the ids r's references and links name.
func pointsTo(r *data.Record) []string {
	var ids []string
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case data.Ref:
			if id, _ := r.Values[f.Key].(string); id != "" {
				ids = append(ids, id)
			}
		case data.Links:
			for _, l := range r.Links(f.Key) {
				ids = append(ids, l.ID)
			}
		}
	}
	return ids
}
