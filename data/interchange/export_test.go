package interchange

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

func TestExportCarriesTheMostRestrictiveLabelAndLeavesOutWhatIsAbove(t *testing.T) {
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	all, _ := s.Count(context.Background(), data.Query{Kind: data.Actor})
	red, _ := s.Count(context.Background(), data.Query{Kind: data.Actor, TLP: []data.TLP{data.TLPRed}})
	if red == 0 {
		t.Fatal("demo has no TLP:RED actors")
	}

	var b bytes.Buffer
	e := &Export{Kind: data.Actor, Format: "json"}
	if err := Write(context.Background(), s, &b, e); err != nil {
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
	e = &Export{Kind: data.Actor, Format: "csv", MaxTLP: data.TLPAmber}
	if err := Write(context.Background(), s, &b, e); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&b)
	cr.FieldsPerRecord = -1 // the label row is shorter than the rest
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	upToAmber, _ := s.Count(context.Background(), data.Query{Kind: data.Actor, TLP: []data.TLP{data.TLPAmber, data.TLPGreen, data.TLPClear}})
	if rows[0][0] != "TLP:AMBER" || !strings.Contains(rows[0][1], "left out") || len(rows)-2 != upToAmber || upToAmber > all-red {
		t.Fatalf("export up to AMBER: label %q, %d rows, notice %q", rows[0][0], len(rows)-2, rows[0][1])
	}
	for _, r := range rows[2:] {
		if r[2] == "TLP:RED" || r[2] == "TLP:AMBER+STRICT" {
			t.Errorf("%s (%s) exported above TLP:AMBER", r[1], r[2])
		}
	}
	if err := Write(context.Background(), s, &b, &Export{Kind: data.Actor, MaxTLP: "TLP:PURPLE"}); err == nil {
		t.Error("an unknown label accepted")
	}
}

func TestExportFromASealedWorkspaceIsSealed(t *testing.T) {
	s, err := store.CreateSealed(t.TempDir()+"/s.convenor", "s", "workspace passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	demo.Fill(s, testNow)
	var b bytes.Buffer
	if err := WriteSealed(context.Background(), s, &b, &Export{Kind: data.Actor, Format: "csv"}, "export passphrase"); err != nil {
		t.Fatal(err)
	}
	for _, secret := range secrets {
		if bytes.Contains(b.Bytes(), []byte(secret)) {
			t.Errorf("sealed export reveals %q", secret)
		}
	}
	sealed := b.Bytes()
	if _, err := OpenSealed(bytes.NewReader(sealed), "not the passphrase"); err == nil {
		t.Error("opened with a wrong passphrase")
	}
	plain, err := OpenSealed(bytes.NewReader(sealed), "export passphrase")
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
		OpenSealed(bytes.NewReader(file), "a passphrase")
	})
}
