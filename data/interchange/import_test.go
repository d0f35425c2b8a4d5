package interchange

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

// sharedData is where the real published files are (see its SOURCES.md).
const sharedData = "../../../shared/data/"

// readShared reads one of the real files, or skips when the checkout has
// none beside it.
func readShared(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(sharedData + name)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is not beside this checkout", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// planFile reads a file and plans its import with the mapping adjust
// gives, the mapping matched from its headings first.
func planFile(t testing.TB, s *store.Store, k *data.Kind, name string, b []byte, adjust func(*Table, *Mapping)) *Plan {
	t.Helper()
	tab, err := ReadTable(name, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	m := AutoMap(k, tab.Header)
	if adjust != nil {
		adjust(tab, m)
	}
	p, err := Prepare(context.Background(), s, tab, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mapColumn(t testing.TB, tab *Table, m *Mapping, heading, target string) {
	t.Helper()
	for i, h := range tab.Header {
		if h == heading {
			m.Columns[i] = target
			return
		}
	}
	t.Fatalf("no column %q in %v", heading, tab.Header)
}

func count(t testing.TB, s *store.Store, k *data.Kind) int {
	t.Helper()
	n, err := s.Count(context.Background(), data.Query{Kind: k})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustApply(t testing.TB, s *store.Store, p *Plan) {
	t.Helper()
	if err := p.Apply(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
}

// TestImportingMaritimeIncidentsAsSignals: 7,511 real rows, "NA" as
// missing, multi-line cells, kind and severity set for every row, titles
// from a template; imported again, every row is unchanged.
func TestImportingMaritimeIncidentsAsSignals(t *testing.T) {
	b := readShared(t, "maritime_pirate_attacks.csv")
	s := newStore(t)
	mapping := func(tab *Table, m *Mapping) {
		mapColumn(t, tab, m, "location_description", "place")
		mapColumn(t, tab, m, "attack_description", "summary")
		mapColumn(t, tab, m, "data_source", "source")
		m.Set["signal_type"], m.Set["severity"] = "maritime", "2"
		m.Title, m.Empty, m.Rest = "{vessel_name} at {location_description}", []string{"NA"}, true
	}
	p := planFile(t, s, data.Signal, "maritime_pirate_attacks.csv", b, mapping)
	if len(p.Problems) != 0 || len(p.Adds) != 7511 || p.Rows != 7511 {
		t.Fatalf("plan: %s; %v", p.Summary(), p.Err())
	}
	mustApply(t, s, p)
	if n := count(t, s, data.Signal); n != 7511 {
		t.Fatalf("%d signals, want 7511", n)
	}
	// Line 2: 1993-01-02, vessel "Mv Cosmic Leader", time and attack type NA.
	first := p.Adds[0]
	got, err := s.Get(first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Mv Cosmic Leader at Hong Kong - Luzon - Hainan" || got.Text("occurred_on") != "1993-01-02" ||
		got.Text("signal_type") != "maritime" || got.Text("severity") != "+2" || got.Text("latitude") != "19.7" || got.Text("summary") != "" {
		t.Fatalf("first row became %q %v", got.Title, got.Values)
	}
	if strings.Contains(got.Notes, "NA") || !strings.Contains(got.Notes, "nearest_country: CHN") {
		t.Errorf("notes of the columns left out: %q", got.Notes)
	}
	multi := 0
	for _, r := range p.Adds {
		if strings.Contains(r.Text("summary"), "\n") {
			multi++
		}
	}
	if multi == 0 {
		t.Error("no summary kept its line breaks")
	}
	hist, err := s.History(first.ID)
	if err != nil || len(hist) != 1 || hist[0].Action != "import" || hist[0].Changes[0].Label != "Imported from" || hist[0].Changes[0].After != "maritime_pirate_attacks.csv" {
		t.Fatalf("history %+v, %v", hist, err)
	}
	if rep, err := s.Verify(context.Background()); err != nil || !rep.Intact {
		t.Fatalf("after the import: %s %v", rep, err)
	}
	again := planFile(t, s, data.Signal, "maritime_pirate_attacks.csv", b, mapping)
	if again.Unchanged != 7511 || len(again.Adds)+len(again.Updates)+len(again.Problems) != 0 {
		t.Fatalf("imported again: %s", again.Summary())
	}
}

// TestImportingEmbassiesAsActors: 9,852 real rows separated by ";", a
// header with one more (empty) name than the rows have cells, quote marks
// inside unquoted cells (ד"ר), phone and email as contact points.
func TestImportingEmbassiesAsActors(t *testing.T) {
	b := readShared(t, "database_of_embassies.csv")
	s := newStore(t)
	p := planFile(t, s, data.Actor, "database_of_embassies.csv", b, func(tab *Table, m *Mapping) {
		if len(tab.Header) != 25 || tab.Header[24] != "QID" {
			t.Fatalf("header %d names, last %q", len(tab.Header), tab.Header[len(tab.Header)-1])
		}
		mapColumn(t, tab, m, "country", "")
		mapColumn(t, tab, m, "operator", "country")
		m.Set["actor_type"], m.Set["sector"] = "organisation", "ministry"
		m.Title, m.Rest = "{operator} {type} in {city}", true
	})
	if len(p.Problems) != 0 || len(p.Adds) != 9852 {
		t.Fatalf("plan: %s; %v", p.Summary(), p.Err())
	}
	mustApply(t, s, p)
	if n := count(t, s, data.Actor); n != 9852 {
		t.Fatalf("%d actors, want 9852", n)
	}
	var quoted *data.Record
	for _, a := range p.Adds {
		if p.Lines[a] == 1926 {
			quoted = a
		}
	}
	if quoted == nil || !strings.Contains(quoted.Notes, `pictureAuthor: ד"ר אבישי טייכר`) || quoted.Title != "Denmark embassy in Tel Aviv" {
		t.Errorf("line 1926: %+v", quoted)
	}
	phones := 0
	for _, a := range p.Adds {
		for _, c := range a.Contacts() {
			if c.Kind == "phone" && c.TLP == a.TLP {
				phones++
			}
		}
	}
	if phones == 0 {
		t.Error("no phone became a contact point")
	}
}

// TestOneBadRowImportsNothing: the refusal names the line, the column and
// why; a dry run names every bad row, not just the first; the workspace
// is as it was.
func TestOneBadRowImportsNothing(t *testing.T) {
	s := newStore(t)
	file := "Headline,Date,Kind,Direction and severity,Place\n" +
		"Tanker boarded,2026-03-01,maritime,2,Strait of Hormuz\n" +
		"Drone shot down,2026-31-03,military,3,Gulf of Oman\n" +
		"\"Statement,\nof two lines\",2026-03-04,rhetorical,+1,\"Tehran\"\n" +
		"Ferry stopped,2026-03-05,pirates,9,Aden\n"
	p := planFile(t, s, data.Signal, "incidents.csv", []byte(file), nil)
	err := p.Apply(context.Background(), s, nil)
	var pe *ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("applied a plan with problems: %v", err)
	}
	want := []string{
		"line 3, column “Date”: must be a date written YYYY-MM-DD, such as 2026-03-14 (Date)",
		"line 6, column “Kind”: \"pirates\" is not in this workspace's list",
		"line 6, column “Direction and severity”: must be from -5 to 5 (Direction and severity)",
	}
	if len(pe.Problems) != len(want) {
		t.Fatalf("problems: %v", pe)
	}
	for i, w := range want {
		if !strings.HasPrefix(pe.Problems[i].String(), w) {
			t.Errorf("problem %d: %q, want %q…", i, pe.Problems[i].String(), w)
		}
	}
	if n := count(t, s, data.Signal); n != 0 {
		t.Fatalf("%d signals written", n)
	}
	if len(p.Adds) != 2 || !strings.Contains(p.Adds[1].Title, "\n") {
		t.Errorf("the good rows: %d, %q", len(p.Adds), p.Adds[1].Title)
	}
}

// TestImportMatchesByIDThenTitle: a row naming an existing record's id or
// title updates it (each record taken by one row), the preview counts
// added, updated and unchanged, leading zeros stay, the formula-defusing
// apostrophe is removed, links are given by title and an unknown one is
// named.
func TestImportMatchesByIDThenTitle(t *testing.T) {
	s := newStore(t)
	iran := minimal(t, s, data.Actor, "Iran")
	minimal(t, s, data.Actor, "Pakistan")
	file := "id,Name,Kind,Languages,Country,Contact notes\n" +
		iran.ID + ",Iran,state,004,IR,\n" + // updated: languages and country
		",Pakistan,person,,,\n" + // unchanged: person is its kind already
		",Oman,state,,OM,'=HYPERLINK(\"x\")\n" // added
	p := planFile(t, s, data.Actor, "actors.csv", []byte(file), nil)
	if p.Err() != nil || len(p.Adds) != 1 || len(p.Updates) != 1 || p.Unchanged != 1 {
		t.Fatalf("%s: %v", p.Summary(), p.Err())
	}
	mustApply(t, s, p)
	got, _ := s.Get(iran.ID)
	if got.Text("languages") != "004" || got.Text("country") != "IR" {
		t.Errorf("Iran after the import: %v", got.Values)
	}
	if n := count(t, s, data.Actor); n != 3 {
		t.Errorf("%d actors", n)
	}
	if notes := p.Adds[0].Text("contact_notes"); notes != `=HYPERLINK("x")` {
		t.Errorf("defused cell read back as %q", notes)
	}
	ties := "Summary,From actor,To actor,Type\nOld rivals,Iran,Oman,rivalry\nNew friends,Iran,Atlantis,alliance\n"
	p = planFile(t, s, data.Relationship, "ties.csv", []byte(ties), nil)
	if len(p.Problems) != 1 || p.Problems[0].String() != "line 3, column “To actor”: no actor is called “Atlantis” (To actor)" {
		t.Fatalf("problems %v", p.Problems)
	}
}

// TestCancelledImportLeavesTheWorkspaceAsItWas: cancelled while writing,
// nothing is kept.
func TestCancelledImportLeavesTheWorkspaceAsItWas(t *testing.T) {
	s := newStore(t)
	var b strings.Builder
	b.WriteString("Headline,Date,Kind,Direction and severity\n")
	for i := 0; i < 2000; i++ {
		b.WriteString("Event " + strings.Repeat("x", i%7) + ",2026-01-01,cyber,1\n")
	}
	p := planFile(t, s, data.Signal, "many.csv", []byte(b.String()), nil)
	ctx, cancel := context.WithCancel(context.Background())
	err := p.Apply(ctx, s, func(done int) {
		if done >= 1000 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if n := count(t, s, data.Signal); n != 0 {
		t.Fatalf("%d signals kept", n)
	}
}

// TestExportThenImportGivesTheSameRecords: every kind of the demo, as CSV
// and as XLSX, imported into an empty workspace in the kinds' order: the
// same records, ids, links, participants, parties and follow-ups.
func TestExportThenImportGivesTheSameRecords(t *testing.T) {
	src := newStore(t)
	if err := demo.Fill(src, testNow); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dst := newStore(t)
			// A desk's own words come with the workspace, not with a file.
			if err := dst.SetVocabulary(src.Vocabulary()); err != nil {
				t.Fatal(err)
			}
			for _, k := range data.Kinds {
				var b bytes.Buffer
				if err := Write(context.Background(), src, &b, &Export{Kind: k, Format: format}); err != nil {
					t.Fatal(err)
				}
				p := planFile(t, dst, k, k.Plural+"."+format, b.Bytes(), nil)
				if p.Err() != nil {
					t.Fatalf("%s: %v", k.Plural, p.Err())
				}
				mustApply(t, dst, p)
			}
			for _, k := range data.Kinds {
				want, err := src.ListWithLinks(context.Background(), data.Query{Kind: k})
				if err != nil {
					t.Fatal(err)
				}
				if n := count(t, dst, k); n != len(want) || n == 0 {
					t.Fatalf("%s: %d imported, %d exported", k.Plural, n, len(want))
				}
				for _, w := range want {
					got, err := dst.Get(w.ID)
					if err != nil {
						t.Fatalf("%s %q: %v", k.Label, w.Title, err)
					}
					if !same(w, got) || strings.Join(w.Tags, ",") != strings.Join(got.Tags, ",") {
						t.Errorf("%s %q changed on the way:\n%v\n%v", k.Label, w.Title, w.Values, got.Values)
					}
				}
			}
		})
	}
}
