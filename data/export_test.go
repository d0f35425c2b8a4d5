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

func TestExportFromASealedWorkspaceIsSealed(t *testing.T) {
	s, err := CreateSealed(t.TempDir()+"/s.convenor", "s", "workspace passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	FillDemo(s, testNow)
	var b bytes.Buffer
	if err := s.WriteSealedExport(&b, &Export{Kind: Actor, Format: "csv"}, "export passphrase"); err != nil {
		t.Fatal(err)
	}
	for _, secret := range secrets {
		if bytes.Contains(b.Bytes(), []byte(secret)) {
			t.Errorf("sealed export reveals %q", secret)
		}
	}
	sealed := b.Bytes()
	if _, err := OpenSealedExport(bytes.NewReader(sealed), "not the passphrase"); err == nil {
		t.Error("opened with a wrong passphrase")
	}
	plain, err := OpenSealedExport(bytes.NewReader(sealed), "export passphrase")
	if err != nil || !strings.HasPrefix(string(plain), "TLP:RED,") || !strings.Contains(string(plain), "Pakistan") {
		t.Fatalf("opened: %v %.60q", err, plain)
	}
}

// FuzzOpenSealedExport: whatever file is given, it is refused with a reason
// or opened, never a panic.
func FuzzOpenSealedExport(f *testing.F) {
	f.Add([]byte(sealedExportMagic + "\n{}\n"))
	f.Add([]byte(sealedExportMagic + "\n{\"kdf\":{\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"time\":1,\"memory_kib\":8,\"threads\":1}}\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"))
	f.Add([]byte("TLP:RED,plain csv\n"))
	f.Fuzz(func(t *testing.T, file []byte) {
		OpenSealedExport(bytes.NewReader(file), "a passphrase")
	})
}

// FuzzUnsealRecord: a vault blob changed outside Convenor is refused.
func FuzzUnsealRecord(f *testing.F) {
	key := make([]byte, 32)
	good, _ := seal(key, []byte(`{"id":"x","kind":"actor","title":"Iran","values":{"actor_type":"state"}}`), "x")
	f.Add(good)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, blob []byte) {
		plain, err := unseal(key, blob, "x")
		if err != nil {
			return
		}
		var sr sealedRecord
		if json.Unmarshal(plain, &sr) == nil {
			fromSealed(sr)
		}
	})
}

func TestSearchLeavesOutWhatIsAboveTheLabel(t *testing.T) {
	s := newStore(t)
	FillDemo(s, testNow)
	all, _ := s.SearchUpTo("demo person", TLPRed, 100)
	some, _ := s.SearchUpTo("demo person", TLPAmber, 100)
	if len(some) == 0 || len(some) >= len(all) {
		t.Fatalf("up to AMBER: %d of %d", len(some), len(all))
	}
	for _, h := range some {
		if h.TLP.Rank() < TLPAmber.Rank() {
			t.Errorf("%s (%s) found up to TLP:AMBER", h.Title, h.TLP)
		}
	}
}
