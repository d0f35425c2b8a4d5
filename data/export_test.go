package data

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

func TestExportCarriesTheMostRestrictiveLabelAndLeavesOutWhatIsAbove(t *testing.T) {
	s := newStore(t)
	if err := FillDemo(s, testNow); err != nil {
		t.Fatal(err)
	}
	all, _ := s.Count(Query{Kind: Actor})
	red, _ := s.Count(Query{Kind: Actor, TLP: []TLP{TLPRed}})
	if red == 0 {
		t.Fatal("demo has no TLP:RED actors")
	}

	var b bytes.Buffer
	e := &Export{Kind: Actor, Format: "json"}
	if err := s.WriteExport(&b, e); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		TLP     string
		Notice  string
		Records []map[string]any
	}
	json.Unmarshal(b.Bytes(), &doc)
	if doc.TLP != "TLP:RED" || len(doc.Records) != all || !strings.HasPrefix(doc.Notice, "TLP:RED") {
		t.Fatalf("full export: %s, %d records, %q", doc.TLP, len(doc.Records), doc.Notice)
	}

	b.Reset()
	e = &Export{Kind: Actor, Format: "csv", MaxTLP: TLPAmber}
	if err := s.WriteExport(&b, e); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&b)
	cr.FieldsPerRecord = -1 // the label row is shorter than the rest
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	upToAmber, _ := s.Count(Query{Kind: Actor, TLP: []TLP{TLPAmber, TLPGreen, TLPClear}})
	if rows[0][0] != "TLP:AMBER" || !strings.Contains(rows[0][1], "left out") || len(rows)-2 != upToAmber || upToAmber > all-red {
		t.Fatalf("export up to AMBER: label %q, %d rows, notice %q", rows[0][0], len(rows)-2, rows[0][1])
	}
	for _, r := range rows[2:] {
		if r[2] == "TLP:RED" || r[2] == "TLP:AMBER+STRICT" {
			t.Errorf("%s (%s) exported above TLP:AMBER", r[1], r[2])
		}
	}
	if err := s.WriteExport(&b, &Export{Kind: Actor, MaxTLP: "TLP:PURPLE"}); err == nil {
		t.Error("an unknown label accepted")
	}
}
