package interchange

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"convenor/data"
)

// Destination is the open workspace an import reads from and writes to.
type Destination interface {
	Vocabulary() *data.Vocabulary
	Get(id string) (*data.Record, error)
	RecordKinds(ctx context.Context) (map[string]*data.Kind, error)
	Lookup(ctx context.Context, k *data.Kind, field string) (map[string][]string, error)
	Import(ctx context.Context, file string, adds, updates []*data.Record, progress func(done int)) error
}

// Plan is what importing a file would do: the records it would add and
// update, how many rows would change nothing, and every problem found.
// Nothing is written until Apply, and Apply refuses a plan with problems.
type Plan struct {
	File      string
	Kind      *data.Kind
	Rows      int
	Adds      []*data.Record
	Updates   []*data.Record
	Unchanged int
	Problems  []Problem
	// LeftOut are the headings of columns the import does not read.
	LeftOut []string
	// Lines is the line (or row) each added or updated record came from.
	Lines map[*data.Record]int
	// Unknown are the titles of linked records the workspace does not
	// have, with how many rows named each, when the mapping's LooseLinks
	// leaves such links out.
	Unknown map[string]int
}

// Err is the plan's problems as one error, or nil.
func (p *Plan) Err() error {
	if len(p.Problems) == 0 {
		return nil
	}
	return &ProblemsError{File: p.File, Problems: p.Problems}
}

// Summary says in a line what the import does.
func (p *Plan) Summary() string {
	s := fmt.Sprintf("%d rows: %d to add, %d to update, %d unchanged", p.Rows, len(p.Adds), len(p.Updates), p.Unchanged)
	switch len(p.Problems) {
	case 0:
	case 1:
		s += "; 1 problem, so nothing will be imported"
	default:
		s += fmt.Sprintf("; %d problems, so nothing will be imported", len(p.Problems))
	}
	return s
}

// UnknownTitles names the titles LooseLinks left unlinked, those named by
// most rows first, at most n of them and how many more there are.
func (p *Plan) UnknownTitles(n int) string {
	titles := make([]string, 0, len(p.Unknown))
	for t := range p.Unknown {
		titles = append(titles, t)
	}
	sort.Slice(titles, func(i, j int) bool {
		if p.Unknown[titles[i]] != p.Unknown[titles[j]] {
			return p.Unknown[titles[i]] > p.Unknown[titles[j]]
		}
		return titles[i] < titles[j]
	})
	more := ""
	if len(titles) > n {
		titles, more = titles[:n], fmt.Sprintf(" and %d more", len(titles)-n)
	}
	for i, t := range titles {
		titles[i] = fmt.Sprintf("%s (%d)", t, p.Unknown[t])
	}
	return strings.Join(titles, ", ") + more
}

// Apply writes the plan in one transaction: all of it, or, on a problem
// or a cancel, none of it.
func (p *Plan) Apply(ctx context.Context, d Destination, progress func(done int)) error {
	if err := p.Err(); err != nil {
		return err
	}
	return d.Import(ctx, p.File, p.Adds, p.Updates, progress)
}

// Prepare reads every row of t through m into records, matching each to
// the record it updates: by id, then by the kind's dataset id, then by
// title. It never stops at the first problem, so a dry run names them all.
// progress, if given, hears how many rows are read so far.
func Prepare(ctx context.Context, d Destination, t *Table, m *Mapping, progress func(done int)) (*Plan, error) {
	p := &Plan{File: t.Name, Kind: m.Kind, Rows: len(t.Rows) + len(t.Problems), Lines: map[*data.Record]int{}, Unknown: map[string]int{}}
	if len(m.Columns) != len(t.Header) {
		return nil, fmt.Errorf("the mapping has %d columns, the file %d", len(m.Columns), len(t.Header))
	}
	p.Problems = append(m.check(t.Header), t.Problems...)
	inTitle := map[string]bool{}
	for _, ph := range placeholder.FindAllStringSubmatch(m.Title, -1) {
		inTitle[ph[1]] = true
	}
	for i, c := range m.Columns {
		if c == toNothing && !inTitle[t.Header[i]] && !exportOnly[norm(t.Header[i])] {
			p.LeftOut = append(p.LeftOut, t.Header[i])
		}
	}
	pl, err := newPlanner(ctx, d, t, m)
	if err != nil {
		return nil, err
	}
	pl.unknown = p.Unknown
	rows := make([]*rowPlan, len(t.Rows))
	for i := range t.Rows {
		rows[i] = pl.identify(&t.Rows[i])
	}
	for i, rp := range rows {
		if i%512 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(i)
			}
		}
		pl.build(rp)
		if len(rp.problems) > 0 {
			p.Problems = append(p.Problems, rp.problems...)
			continue
		}
		switch {
		case rp.before == nil:
			p.Adds = append(p.Adds, rp.rec)
		case same(rp.before, rp.rec):
			p.Unchanged++
			continue
		default:
			p.Updates = append(p.Updates, rp.rec)
		}
		p.Lines[rp.rec] = rp.row.Line
	}
	if pl.err != nil {
		return nil, pl.err
	}
	if progress != nil {
		progress(len(t.Rows))
	}
	order, cycle := inOrder(p.Adds)
	if cycle != nil {
		p.Problems = append(p.Problems, Problem{Unit: t.Unit, Line: p.Lines[cycle], Msg: "points, through other new records in this file, back to itself: import it without that link, then add the link"})
	}
	p.Adds = order
	sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Line < p.Problems[j].Line })
	return p, nil
}

// planner holds what matching and parsing the rows of one file needs.
type planner struct {
	ctx     context.Context
	d       Destination
	t       *Table
	m       *Mapping
	voc     *data.Vocabulary
	kinds   map[string]*data.Kind          // every record's kind, by id
	lookups map[string]map[string][]string // kind and field → value → ids
	claimed map[string]int                 // ids a row has matched, and its line
	// added are the records this file adds, by kind and title, so a row
	// can point to one added above or below it.
	added map[string]map[string]string
	col   map[string]int // target → its column
	// unknown counts the titles LooseLinks left out.
	unknown map[string]int
	// err is a failure to read the workspace, which ends the import.
	err error
}

// rowPlan is one row on its way to a record.
type rowPlan struct {
	row      *Row
	cells    []string
	id       string
	before   *data.Record // the record it updates; nil for a new one
	rec      *data.Record
	problems []Problem
	// unread are the fields whose cell could not be read: validation
	// does not say so a second time.
	unread map[string]bool
}

func newPlanner(ctx context.Context, d Destination, t *Table, m *Mapping) (*planner, error) {
	kinds, err := d.RecordKinds(ctx)
	if err != nil {
		return nil, err
	}
	pl := &planner{ctx: ctx, d: d, t: t, m: m, voc: d.Vocabulary(), kinds: kinds,
		lookups: map[string]map[string][]string{}, claimed: map[string]int{}, added: map[string]map[string]string{}, col: map[string]int{}}
	for i, c := range m.Columns {
		if c != toNothing {
			if _, ok := pl.col[c]; !ok {
				pl.col[c] = i
			}
		}
	}
	return pl, nil
}

func (pl *planner) problem(rp *rowPlan, col int, format string, args ...any) {
	heading := ""
	if col >= 0 {
		heading = pl.t.Header[col]
	}
	rp.problems = append(rp.problems, Problem{Unit: pl.t.Unit, Line: rp.row.Line, Column: heading, Msg: fmt.Sprintf(format, args...)})
}

// lookup is the kind's records by a field's value, read once per import.
func (pl *planner) lookup(k *data.Kind, field string) map[string][]string {
	key := k.Name + "\x00" + field
	if l, ok := pl.lookups[key]; ok {
		return l
	}
	var l map[string][]string
	var err error
	if field == foldedTitle {
		l = map[string][]string{}
		for title, ids := range pl.lookup(k, "title") {
			l[strings.ToLower(title)] = append(l[strings.ToLower(title)], ids...)
		}
	} else if l, err = pl.d.Lookup(pl.ctx, k, field); err != nil {
		// Matching nothing would add duplicates: the import stops instead.
		pl.err, l = err, map[string][]string{}
	}
	pl.lookups[key] = l
	return l
}

// cell is the text of the column going to target in rp ("" if none).
func (pl *planner) cell(rp *rowPlan, target string) (string, int) {
	if i, ok := pl.col[target]; ok {
		return rp.cells[i], i
	}
	return "", -1
}

// identify cleans a row's cells and decides which record it is: one that
// exists (matched by id, dataset id or title, each existing record taken
// by one row at most) or a new one, whose id and title it registers.
func (pl *planner) identify(row *Row) *rowPlan {
	rp := &rowPlan{row: row, cells: make([]string, len(row.Cells))}
	for i, c := range row.Cells {
		rp.cells[i] = pl.clean(c)
	}
	k := pl.m.Kind
	claim := func(ids []string) string {
		for _, id := range ids {
			if _, taken := pl.claimed[id]; !taken {
				return id
			}
		}
		return ""
	}
	if id, col := pl.cell(rp, ToID); id != "" {
		id = strings.TrimSpace(id)
		switch kind, exists := pl.kinds[id]; {
		case exists && kind != k:
			pl.problem(rp, col, "%s is the id of %s, not of %s", id, article(kind.Label), article(strings.ToLower(k.Label)))
		case pl.claimed[id] != 0:
			pl.problem(rp, col, "is the same record as %s %d", pl.t.Unit, pl.claimed[id])
		case strings.ContainsAny(id, " \t\n|") || len(id) > 64:
			pl.problem(rp, col, "%q is not a record id", id)
		default:
			rp.id = id
			if exists {
				rp.before = pl.get(rp, col, id)
			}
		}
	} else if f := k.IdentifyingField(); f != nil && pl.given(rp, f.Key) != "" {
		rp.id = claim(pl.lookup(k, f.Key)[pl.given(rp, f.Key)])
	} else if title := pl.title(rp); title != "" {
		rp.id = claim(pl.lookup(k, "title")[title])
	}
	if rp.id != "" && rp.before == nil && pl.kinds[rp.id] != nil && len(rp.problems) == 0 {
		rp.before = pl.get(rp, -1, rp.id)
	}
	if rp.id == "" && len(rp.problems) == 0 {
		id, _ := uuid.NewV7()
		rp.id = id.String()
	}
	if rp.id != "" {
		pl.claimed[rp.id] = row.Line
	}
	if rp.before == nil && rp.id != "" {
		if pl.added[k.Name] == nil {
			pl.added[k.Name] = map[string]string{}
		}
		if t := pl.title(rp); t != "" && pl.added[k.Name][t] == "" {
			pl.added[k.Name][t] = rp.id
		}
	}
	return rp
}

func (pl *planner) get(rp *rowPlan, col int, id string) *data.Record {
	r, err := pl.d.Get(id)
	if err != nil {
		pl.problem(rp, col, "the record %s cannot be read: %v", id, err)
		return nil
	}
	return r
}

// given is the text a row gives a field: its column's cell, or else the
// value set for every row.
func (pl *planner) given(rp *rowPlan, key string) string {
	if c, _ := pl.cell(rp, key); strings.TrimSpace(c) != "" {
		return strings.TrimSpace(c)
	}
	return strings.TrimSpace(pl.m.Set[key])
}

// title is the row's title: its title column, or the template filled in.
func (pl *planner) title(rp *rowPlan) string {
	if t := pl.given(rp, ToTitle); t != "" {
		return t
	}
	if pl.m.Title == "" {
		return ""
	}
	byHeading := map[string]string{}
	for i, h := range pl.t.Header {
		byHeading[h] = strings.TrimSpace(rp.cells[i])
	}
	t := placeholder.ReplaceAllStringFunc(pl.m.Title, func(p string) string { return byHeading[p[1:len(p)-1]] })
	return strings.Join(strings.Fields(t), " ")
}

// clean undoes what an export or a spreadsheet did to a cell: the
// apostrophe that defuses a formula, and the texts that mean empty.
func (pl *planner) clean(c string) string {
	if len(c) > 1 && c[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(c[1])) {
		c = c[1:]
	}
	for _, e := range pl.m.Empty {
		if strings.TrimSpace(c) == e {
			return ""
		}
	}
	return c
}

// build makes the row's record: the record it updates (or a new one) with
// the row's cells and the set values written over it, then validated.
func (pl *planner) build(rp *rowPlan) {
	if len(rp.problems) > 0 {
		return
	}
	k := pl.m.Kind
	r := data.NewRecord(k)
	if rp.before != nil {
		r = rp.before.Clone()
	}
	r.ID = rp.id
	r.Title = pl.title(rp)
	pl.setCommon(rp, r)
	for i := range k.Fields {
		f := &k.Fields[i]
		if !f.Writable() {
			continue
		}
		text, col := pl.cell(rp, f.Key)
		if col < 0 || strings.TrimSpace(text) == "" {
			if set, ok := pl.m.Set[f.Key]; ok {
				text, col = set, -2
			} else if col < 0 {
				continue // no column for it: an update keeps what it had
			}
		}
		v, err := pl.parse(rp, r, f, text)
		if err != nil {
			pl.fieldProblem(rp, col, f, err.Error())
			if rp.unread == nil {
				rp.unread = map[string]bool{}
			}
			rp.unread[f.Key] = true
			continue
		}
		if v == nil {
			delete(r.Values, f.Key)
		} else {
			r.Values[f.Key] = v
		}
	}
	pl.addContacts(rp, r)
	pl.keepRest(rp, r)
	if err := data.ValidateIn(r, pl.voc); err != nil {
		var ve *data.ValidationError
		if !errors.As(err, &ve) {
			pl.problem(rp, -1, "%v", err)
			return
		}
		for _, fe := range ve.Fields {
			if rp.unread[fe.Key] {
				continue
			}
			_, col := pl.cell(rp, fe.Key)
			if f := k.Field(fe.Key); f != nil {
				pl.fieldProblem(rp, col, f, fe.Msg)
			} else {
				pl.problem(rp, col, "%s %s", fe.Label, fe.Msg)
			}
		}
	}
	rp.rec = r
}

// fieldProblem names the field's column, or says the field was set for
// every row (col -2) or had no column (-1).
func (pl *planner) fieldProblem(rp *rowPlan, col int, f *data.Field, msg string) {
	switch col {
	case -2:
		pl.problem(rp, -1, "%s (set for every row) %s", f.Label, msg)
	case -1:
		pl.problem(rp, -1, "%s %s", f.Label, msg)
	default:
		pl.problem(rp, col, "%s (%s)", msg, f.Label)
	}
}

// setCommon writes the row's TLP label, tags and notes over r.
func (pl *planner) setCommon(rp *rowPlan, r *data.Record) {
	if s := pl.given(rp, ToTLP); s != "" {
		_, col := pl.cell(rp, ToTLP)
		if t := tlpText(s); t.Valid() {
			r.TLP = t
		} else {
			pl.problem(rp, col, "%q is not a TLP label: use one of %s", s, strings.Join(data.TLPStrings(), ", "))
		}
	}
	if _, col := pl.cell(rp, ToTags); col >= 0 || pl.m.Set[ToTags] != "" {
		r.Tags = data.SplitTags(pl.given(rp, ToTags))
	}
	if c, col := pl.cell(rp, ToNotes); col >= 0 {
		r.Notes = strings.TrimSpace(c)
	}
}

// tlpText accepts "amber", "AMBER+STRICT" or "TLP:RED".
func tlpText(s string) data.TLP {
	s = strings.ToUpper(strings.TrimSpace(s))
	if !strings.HasPrefix(s, "TLP:") {
		s = "TLP:" + s
	}
	return data.TLP(s)
}

// addContacts adds a contact point for each cell of a "contacts.<kind>"
// column, labelled as the record is, unless the record has it already.
func (pl *planner) addContacts(rp *rowPlan, r *data.Record) {
	for i, target := range pl.m.Columns {
		kind, ok := strings.CutPrefix(target, ToContact)
		value := strings.TrimSpace(rp.cells[i])
		if !ok || value == "" {
			continue
		}
		points := r.Contacts()
		held := false
		for _, c := range points {
			held = held || (c.Kind == kind && c.Value == value)
		}
		if !held {
			r.Values[data.FieldContacts] = append(points, data.ContactPoint{Kind: kind, Value: value, TLP: r.TLP})
		}
	}
}

// keepRest writes the cells of columns left out into the notes, once.
func (pl *planner) keepRest(rp *rowPlan, r *data.Record) {
	if !pl.m.Rest {
		return
	}
	var lines []string
	for i, target := range pl.m.Columns {
		if target == toNothing && strings.TrimSpace(rp.cells[i]) != "" {
			lines = append(lines, pl.t.Header[i]+": "+strings.TrimSpace(rp.cells[i]))
		}
	}
	block := strings.Join(lines, "\n")
	if block == "" || strings.Contains(r.Notes, block) {
		return
	}
	if r.Notes != "" {
		r.Notes += "\n\n"
	}
	r.Notes += block
}

func article(s string) string {
	if strings.ContainsAny(strings.ToLower(s[:1]), "aeiou") {
		return "an " + s
	}
	return "a " + s
}
