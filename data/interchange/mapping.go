package interchange

import (
	"fmt"
	"regexp"
	"strings"

	"convenor/data"
)

// Where a column's cells go besides the kind's own fields: the common
// fields every record has, and one kind of contact point.
const (
	ToID    = "id"
	ToTitle = "title"
	ToTLP   = "tlp"
	ToTags  = "tags"
	ToNotes = "notes"
	// ToContact + "email" makes each cell an email contact point.
	ToContact = "contacts."
	// toNothing: a column the file has that the import leaves out.
	toNothing = ""
)

// Mapping says how a file's columns become a kind's records: what each
// column fills, constants for fields no column gives, a title built from
// other columns, and the cell texts that mean "nothing here".
type Mapping struct {
	Kind    *data.Kind
	Columns []string          // per column of the file: a field key, a To* target, or "" to leave it out
	Set     map[string]string // field key → text, for rows where no column gives it
	// Title builds each title from the row's cells: "{vessel_name} at
	// {location}". Used when no column is the title, or its cell is empty.
	Title string
	// Empty are cell texts that mean empty ("NA", "n/a"); other cells are
	// kept exactly as written, "NA" included.
	Empty []string
	// Rest keeps the cells of columns left out in the record's notes, one
	// "heading: text" line each, so nothing in the file is lost.
	Rest bool
	// LooseLinks matches linked records by title in any case, and leaves
	// out a link to a title the workspace does not have, listing it in the
	// plan's Unknown (an event's actors, for the desk to create or not).
	LooseLinks bool
}

// Targets lists what a column of kind k can fill, as a mapping step
// offers it: key and label, the common fields first.
func Targets(k *data.Kind) [][2]string {
	out := [][2]string{{ToID, "Id"}, {ToTitle, k.TitleLabel}, {ToTLP, "TLP label"}}
	for _, f := range k.Fields {
		if !f.Writable() {
			continue
		}
		if f.Type == data.Contacts {
			for _, c := range data.ContactKinds {
				out = append(out, [2]string{ToContact + c, f.Label + ": " + c})
			}
		}
		out = append(out, [2]string{f.Key, f.Label})
	}
	return append(out, [2]string{ToTags, "Tags"}, [2]string{ToNotes, "Notes"})
}

// TargetLabel is what a mapping step calls a target.
func TargetLabel(k *data.Kind, target string) string {
	if target == toNothing {
		return "(left out)"
	}
	for _, t := range Targets(k) {
		if t[0] == target {
			return t[1]
		}
	}
	return target
}

// exportSuffixes are what a Convenor export adds to a heading to say how
// a cell is written; matching ignores them.
var exportSuffixes = []string{csvRefParts, csvLinkParts, csvActParts, csvContactParts}

// exportOnly are headings an export writes that no import sets.
var exportOnly = map[string]bool{"updated": true}

// AutoMap matches each heading to a target by key or label, any case,
// spaces and underscores alike; a heading that names a kind of contact
// point ("email", "phone") adds one. What matches nothing is left out.
func AutoMap(k *data.Kind, header []string) *Mapping {
	byName := map[string]string{}
	for _, t := range Targets(k) {
		byName[norm(t[1])] = t[0]
		byName[norm(t[0])] = t[0]
	}
	byName[norm("TLP")] = ToTLP
	if k.Field(data.FieldContacts) != nil {
		for _, c := range data.ContactKinds {
			byName[norm(c)] = ToContact + c
		}
	}
	m := &Mapping{Kind: k, Columns: make([]string, len(header)), Set: map[string]string{}}
	taken := map[string]bool{}
	for i, h := range header {
		for _, s := range exportSuffixes {
			h = strings.TrimSuffix(h, s)
		}
		t := byName[norm(h)]
		if exportOnly[norm(h)] || (taken[t] && !strings.HasPrefix(t, ToContact)) {
			continue // a second column for one field would overwrite the first
		}
		m.Columns[i], taken[t] = t, true
	}
	return m
}

func norm(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("_", " ", "-", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// Resolve turns what a person typed for a target (key, label or a contact
// kind, any case) into the target, or says why it is not one.
func Resolve(k *data.Kind, typed string) (string, error) {
	if strings.TrimSpace(typed) == "" || typed == "-" {
		return toNothing, nil
	}
	for _, t := range Targets(k) {
		if norm(t[0]) == norm(typed) || norm(t[1]) == norm(typed) {
			return t[0], nil
		}
	}
	var keys []string
	for _, t := range Targets(k) {
		keys = append(keys, t[0])
	}
	return "", fmt.Errorf("%q is not a field of %s; use one of %s", typed, strings.ToLower(k.Plural), strings.Join(keys, ", "))
}

// placeholder is one {column} in a title template.
var placeholder = regexp.MustCompile(`\{([^{}]+)\}`)

// check says what is wrong with the mapping itself, before any row is
// read: a field given twice, a title that nothing gives, a template naming
// a column the file does not have, a required field no column gives.
func (m *Mapping) check(header []string) []Problem {
	var out []Problem
	add := func(col, format string, args ...any) {
		out = append(out, Problem{Column: col, Msg: fmt.Sprintf(format, args...)})
	}
	gives := map[string]string{}
	for i, t := range m.Columns {
		if t == toNothing || strings.HasPrefix(t, ToContact) {
			continue
		}
		if other, ok := gives[t]; ok {
			add(header[i], "goes to %s, as column “%s” does already: leave one out", TargetLabel(m.Kind, t), other)
		}
		gives[t] = header[i]
	}
	for key := range m.Set {
		gives[key] = "(set)"
	}
	have := map[string]bool{}
	for _, h := range header {
		have[h] = true
	}
	for _, p := range placeholder.FindAllStringSubmatch(m.Title, -1) {
		if !have[p[1]] {
			add("", "the title template names {%s}, but the file has no column “%s”", p[1], p[1])
		}
	}
	if gives[ToTitle] == "" && m.Title == "" {
		add("", "no column gives the %s: map a column to it, or build it from others with a title template", strings.ToLower(m.Kind.TitleLabel))
	}
	for _, f := range m.Kind.Fields {
		if f.Required && f.Writable() && gives[f.Key] == "" && f.Default == "" {
			add("", "no column gives %s, which every %s needs: map a column to it, or set one value for all rows", f.Label, strings.ToLower(m.Kind.Label))
		}
	}
	return out
}
