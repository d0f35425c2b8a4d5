package interchange

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/store"
)

// planEvents reads an event file and plans its import.
func planEvents(t testing.TB, s *store.Store, name string, b []byte) *Plan {
	t.Helper()
	tab, m, err := ReadEvents(name, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Prepare(context.Background(), s, tab, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// signalByRef finds the plan's new signal for a dataset id.
func signalByRef(t testing.TB, p *Plan, ref string) *data.Record {
	t.Helper()
	for _, r := range p.Adds {
		if r.Text("event_ref") == ref {
			return r
		}
	}
	t.Fatalf("no signal for %s", ref)
	return nil
}

// TestImportingTheGDELT2Sample: the 100 real events become 100 signals,
// CAMEO code and Goldstein value kept, direction and severity from
// Goldstein, actors matched by name in any case and the others listed;
// imported again, the dataset's ids keep them 100.
func TestImportingTheGDELT2Sample(t *testing.T) {
	b := readShared(t, "gdelt/gdelt2-sample.export.tsv")
	s := newStore(t)
	minimal(t, s, data.Actor, "Zimbabwe")
	p := planEvents(t, s, "gdelt2-sample.export.tsv", b)
	if p.Err() != nil || len(p.Adds) != 100 {
		t.Fatalf("%s: %v", p.Summary(), p.Err())
	}
	mustApply(t, s, p)
	if n := count(t, s, data.Signal); n != 100 {
		t.Fatalf("%d signals", n)
	}
	// 410412347: 2014-02-18, a visit hosted (043) with PRESIDENT the second actor, Goldstein 2.8.
	r := signalByRef(t, p, "GDELT:410412347")
	if r.Text("occurred_on") != "2014-02-18" || r.Text("cameo") != "043 host a visit" || r.Text("goldstein") != "2.8" ||
		r.Text("severity") != "-1" || r.Text("signal_type") != "diplomatic" || r.Text("place") != "Waterkloof, Free State, South Africa" ||
		r.Text("latitude") != "-30.3098" || !strings.HasPrefix(r.Text("source"), "http://www.dailymaverick.co.za/") || r.Title != "Host a visit — President" {
		t.Errorf("%q %v", r.Title, r.Values)
	}
	linked := 0
	for _, a := range p.Adds {
		linked += len(a.Links("actors"))
	}
	if linked != 10 || p.Unknown["Zimbabwe"] != 0 || p.Unknown["Yemen"] != 8 {
		t.Errorf("%d links to Zimbabwe; unknown %v", linked, p.Unknown)
	}
	again := planEvents(t, s, "gdelt2-sample.export.tsv", b)
	if again.Unchanged != 100 || len(again.Adds) != 0 {
		t.Fatalf("imported again: %s", again.Summary())
	}
}

// TestImportingGDELT1Files: a daily file's 58 columns and the backfile's
// 57 (no source URL), CRLF, a code with a leading space; a line cut short
// is named by its number and stops the import.
func TestImportingGDELT1Files(t *testing.T) {
	s := newStore(t)
	p := planEvents(t, s, "gdelt1-daily.export.csv", testFile(t, "gdelt1-daily.export.csv"))
	if len(p.Problems) != 1 || p.Problems[0].String() != "line 3: has 50 columns; a GDELT 1.0 event in this file has 58" {
		t.Fatalf("problems %v", p.Problems)
	}
	if len(p.Adds) != 3 || signalByRef(t, p, "GDELT:410412348").Text("cameo") != "042 make a visit" {
		t.Fatalf("%s", p.Summary())
	}
	if err := p.Apply(context.Background(), s, nil); err == nil || count(t, s, data.Signal) != 0 {
		t.Fatal("a file with a bad line was imported")
	}
	p = planEvents(t, s, "gdelt1-backfile.export.csv", testFile(t, "gdelt1-backfile.export.csv"))
	if p.Err() != nil || len(p.Adds) != 3 || p.Adds[0].Text("source") != "GDELT 1.0" {
		t.Fatalf("%s %v", p.Summary(), p.Err())
	}
}

// TestImportingACLEDExports: the current lower-case columns and the older
// capitals; notes of two lines kept, dates in ACLED's written forms, the
// event type to kind and severity; a row with a cell too many is named.
func TestImportingACLEDExports(t *testing.T) {
	s := newStore(t)
	minimal(t, s, data.Actor, "Houthis")
	p := planEvents(t, s, "acled-2024.csv", testFile(t, "acled-2024.csv"))
	if len(p.Problems) != 1 || p.Problems[0].String() != "line 7: has 32 cells but the header names 31 columns" {
		t.Fatalf("problems %v", p.Problems)
	}
	strike := signalByRef(t, p, "ACLED:IRN9001")
	if strike.Text("signal_type") != "military" || strike.Text("severity") != "+3" || !strings.Contains(strike.Text("summary"), "near Esfahan.\nNo casualties") {
		t.Errorf("%v", strike.Values)
	}
	clash := signalByRef(t, p, "ACLED:PAK8001")
	if clash.Text("occurred_on") != "2024-01-16" || clash.Text("severity") != "+4" || !strings.Contains(clash.Text("summary"), "Fatalities: 12") {
		t.Errorf("%v", clash.Values)
	}
	if deal := signalByRef(t, p, "ACLED:OMN6001"); deal.Text("signal_type") != "de-escalatory move" || deal.Text("severity") != "-2" {
		t.Errorf("%v", deal.Values)
	}
	p = planEvents(t, s, "acled-2019.csv", testFile(t, "acled-2019.csv"))
	if p.Err() != nil || len(p.Adds) != 2 {
		t.Fatalf("%s %v", p.Summary(), p.Err())
	}
	yemen := signalByRef(t, p, "ACLED:YEM1001")
	if yemen.Text("occurred_on") != "2019-01-15" || yemen.Text("signal_type") != "military" || len(yemen.Links("actors")) != 1 || p.Unknown["Military Forces of Saudi Arabia"] != 1 {
		t.Errorf("%v %v", yemen.Values, p.Unknown)
	}
}

// TestAnUnknownFileIsNotAnEventFile: said in a sentence, nothing read.
func TestAnUnknownFileIsNotAnEventFile(t *testing.T) {
	_, _, err := ReadEvents("contacts.csv", strings.NewReader("name,email\nA,a@example.org\n"))
	if err == nil || !strings.Contains(err.Error(), "is not an event file Convenor knows") {
		t.Fatal(err)
	}
}
