package interchange

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"convenor/data"
)

// Event datasets become signals through the same path as any file: each
// event is turned into a row of the signal's own columns (below), and the
// rows are matched, checked and written as a CSV's would be. How each
// dataset's columns map is in docs/EVENTS.md.

// eventHeader are the columns an event row fills: the signal's labels.
var eventHeader = []string{"Dataset event id", "Headline", "Date", "Kind", "Direction and severity", "Actors",
	"Place", "Latitude", "Longitude", "Source", "CAMEO event", "Goldstein scale", "Summary", "Tags"}

// event is one event in the signal's terms, before it is a row.
type event struct {
	ref, title, date, kind, severity string
	actors                           []string
	place, lat, long, source         string
	cameo, goldstein, summary, tag   string
}

func (e *event) cells() []string {
	return []string{e.ref, e.title, e.date, e.kind, e.severity, strings.Join(e.actors, "\n"),
		e.place, e.lat, e.long, e.source, e.cameo, e.goldstein, e.summary, e.tag}
}

// ReadEvents reads a GDELT 2.0 events export (61 tab-separated columns),
// a GDELT 1.0 daily file (57 or 58) or an ACLED CSV export (its columns in
// lower or upper case), told apart by what the file holds, into rows of
// signals and the mapping that reads them. Actors are matched to the
// workspace's by name; those it does not have are listed, not refused.
func ReadEvents(name string, r io.Reader) (*Table, *Mapping, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if len(b) > MaxImportBytes {
		return nil, nil, fmt.Errorf("%s is larger than %d MiB; split it and import the parts", filepath.Base(name), MaxImportBytes>>20)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	first, _, _ := bytes.Cut(b, []byte("\n"))
	var t *Table
	switch n := bytes.Count(first, []byte("\t")) + 1; {
	case isGDELT(first):
		t = readGDELT(name, b, n)
	default:
		csvTable, err := readDelimited(name, b)
		if err != nil {
			return nil, nil, err
		}
		if indexOfFold(csvTable.Header, "event_id_cnty") < 0 {
			return nil, nil, fmt.Errorf("%s is not an event file Convenor knows: a GDELT 2.0 events export has 61 tab-separated columns, a GDELT 1.0 daily file 57 or 58, an ACLED export a header with event_id_cnty (its first line has %d)", filepath.Base(name), n)
		}
		t = readACLED(csvTable)
	}
	m := AutoMap(data.Signal, t.Header)
	m.LooseLinks = true
	return t, m, nil
}

// IsEvents tells an event file (GDELT or ACLED) from any other table by
// its first line, as ReadEvents does.
func IsEvents(b []byte) bool {
	first, _, _ := bytes.Cut(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), []byte("\n"))
	return isGDELT(first) || bytes.Contains(bytes.ToLower(first), []byte("event_id_cnty"))
}

// isGDELT: GDELT 2.0 events have 61 tab-separated columns, 1.0's 57 or 58.
func isGDELT(first []byte) bool {
	n := bytes.Count(first, []byte("\t")) + 1
	return n == 61 || n == 57 || n == 58
}

// gdeltLayout says where GDELT's columns sit: version 1.0 lacks the three
// ADM2 codes 2.0 added, and its older files lack the source URL.
type gdeltLayout struct {
	version                            string
	actionPlace, actionLat, actionLong int
	added, url                         int
	fields                             int
}

func layoutFor(fields int) gdeltLayout {
	if fields == 61 {
		return gdeltLayout{version: "GDELT 2.0", actionPlace: 52, actionLat: 56, actionLong: 57, added: 59, url: 60, fields: 61}
	}
	l := gdeltLayout{version: "GDELT 1.0", actionPlace: 50, actionLat: 53, actionLong: 54, added: 56, url: -1, fields: fields}
	if fields == 58 {
		l.url = 57
	}
	return l
}

// The columns 1.0 and 2.0 share, by GDELT's codebook.
const (
	gEventID    = 0
	gDate       = 1
	gActor1Code = 5
	gActor1Name = 6
	gActor2Code = 15
	gActor2Name = 16
	gRoot       = 25 // IsRootEvent
	gCode       = 26
	gRootCode   = 28
	gQuad       = 29
	gGoldstein  = 30
	gMentions   = 31
	gSources    = 32
	gArticles   = 33
	gTone       = 34
)

// readGDELT reads tab-separated events, a line each, with no quoting: a
// quote mark is just a character in a GDELT line. A line with another
// number of columns, or text that is not UTF-8, is named, not guessed at.
func readGDELT(name string, b []byte, fields int) *Table {
	t := &Table{Name: filepath.Base(name), Unit: "line", Header: eventHeader}
	l := layoutFor(fields)
	for n, raw := range bytes.Split(b, []byte("\n")) {
		line := strings.TrimSuffix(string(raw), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !utf8.ValidString(line) {
			t.Problems = append(t.Problems, Problem{Unit: t.Unit, Line: n + 1, Msg: "is not UTF-8 text"})
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != l.fields {
			t.Problems = append(t.Problems, Problem{Unit: t.Unit, Line: n + 1,
				Msg: fmt.Sprintf("has %d columns; a %s event in this file has %d", len(c), l.version, l.fields)})
			continue
		}
		for i := range c {
			c[i] = strings.TrimSpace(c[i])
		}
		t.Rows = append(t.Rows, Row{Line: n + 1, Cells: gdeltEvent(c, l).cells()})
	}
	return t
}

func gdeltEvent(c []string, l gdeltLayout) *event {
	e := &event{ref: "GDELT:" + c[gEventID], tag: "gdelt", place: c[l.actionPlace], lat: c[l.actionLat], long: c[l.actionLong]}
	e.date = c[gDate]
	if len(e.date) == 8 {
		e.date = e.date[:4] + "-" + e.date[4:6] + "-" + e.date[6:]
	}
	code, known := data.CameoByCode(c[gCode])
	e.cameo, e.goldstein = c[gCode], c[gGoldstein]
	g, err := strconv.ParseFloat(c[gGoldstein], 64)
	if c[gGoldstein] == "" && known {
		g, err, e.goldstein = code.Goldstein, nil, strconv.FormatFloat(code.Goldstein, 'f', -1, 64)
	}
	if err == nil {
		e.severity = severityOfGoldstein(g)
	}
	if known {
		e.cameo = data.CameoChoice(code)
		e.kind = kindOfCameo(code.Code)
	}
	a1, a2 := names(c[gActor1Name]), names(c[gActor2Name])
	for _, a := range []string{a1, a2} {
		if a != "" {
			e.actors = append(e.actors, a)
		}
	}
	what := strings.ToLower(code.Description)
	if !known {
		what = "event " + c[gCode]
	}
	e.title = capitalized(joinNonEmpty(" — ", a1, what, a2))
	if l.url >= 0 {
		e.source = c[l.url]
	}
	if e.source == "" {
		e.source = l.version
	}
	e.summary = fmt.Sprintf("%s event %s, dated %s, added %s.\nActor 1: %s (%s). Actor 2: %s (%s).\nEvent %s: %s (root %s, quad class %s%s).\nGoldstein %s; %s mentions, %s sources, %s articles; average tone %s.",
		l.version, c[gEventID], e.date, c[l.added], orNone(c[gActor1Name]), orNone(c[gActor1Code]), orNone(c[gActor2Name]), orNone(c[gActor2Code]),
		c[gCode], orNone(code.Description), c[gRootCode], c[gQuad], rootNote(c[gRoot]), c[gGoldstein], c[gMentions], c[gSources], c[gArticles], c[gTone])
	return e
}

func rootNote(isRoot string) string {
	if isRoot == "1" {
		return ", the root event of its article"
	}
	return ""
}

// severityOfGoldstein turns Goldstein's -10 (most conflictual) … +10 (most
// cooperative) into a signal's direction and severity, -5 (strongly
// de-escalatory) … +5 (strongly escalatory): halved, sign turned, rounded
// half away from zero.
func severityOfGoldstein(g float64) string {
	s := math.Round(-g / 2)
	s = math.Max(-5, math.Min(5, s))
	if s == 0 {
		return "0" // not "-0"
	}
	return strconv.FormatFloat(s, 'f', 0, 64)
}

// kindOfCameo is the signal kind of a CAMEO code, by its root: statements,
// appeals, consultations and diplomatic cooperation are diplomatic; aid,
// material cooperation and yielding are de-escalatory moves; demands,
// disapproval, rejection, threats and protests are rhetorical; reducing
// relations is diplomatic; a show of force, assault, fighting and mass
// violence are military; a cyber attack (176) is cyber; coercion other.
func kindOfCameo(code string) string {
	if strings.HasPrefix(code, "176") {
		return "cyber"
	}
	root, _ := strconv.Atoi(code[:min(2, len(code))])
	switch {
	case root >= 1 && root <= 5, root == 16:
		return "diplomatic"
	case root >= 6 && root <= 8:
		return "de-escalatory move"
	case root >= 9 && root <= 14:
		return "rhetorical"
	case root == 15 || root >= 18:
		return "military"
	}
	return "other"
}

// names turns GDELT's capitals ("UNITED STATES") into a name as a person
// writes it ("United States").
func names(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		words[i] = capitalized(w)
	}
	return strings.Join(words, " ")
}

func capitalized(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			keep = append(keep, strings.TrimSpace(p))
		}
	}
	return strings.Join(keep, sep)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func indexOfFold(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return i
		}
	}
	return -1
}
