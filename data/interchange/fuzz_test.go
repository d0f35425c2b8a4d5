package interchange

import (
	"bytes"
	"context"
	"testing"

	"convenor/data"
	"convenor/data/store"
)

// Each importer's fuzz target feeds it arbitrary bytes: it never panics,
// and when it refuses the file the workspace holds exactly what it held.
// The seeds (run by every `go test`) are the test files; `go test -fuzz`
// explores from them.

// importOrRefuse runs one import of b and checks that a refusal leaves the
// workspace as it was: the same records, the same audit trail.
func importOrRefuse(t *testing.T, s *store.Store, read func() (*Table, *Mapping, error)) {
	ctx := context.Background()
	refusedChangesNothing(t, s, func() error {
		tab, m, err := read()
		if err != nil {
			return nil // refused before reading a row: nothing could change
		}
		p, err := Prepare(ctx, s, tab, m, nil)
		if err != nil {
			t.Fatalf("preparing: %v", err) // a file's faults are problems, not errors
		}
		return p.Apply(ctx, s, nil)
	})
}

// refusedChangesNothing runs try; when it fails, the workspace must hold
// exactly what it held.
func refusedChangesNothing(t *testing.T, s *store.Store, try func() error) {
	ctx := context.Background()
	counts := func() (map[string]int, int) {
		c, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.AuditCount()
		if err != nil {
			t.Fatal(err)
		}
		return c, n
	}
	before, trail := counts()
	if try() == nil {
		return
	}
	after, trailAfter := counts()
	for _, k := range data.Kinds {
		if after[k.Name] != before[k.Name] {
			t.Fatalf("a refused import changed the %s: %d → %d", k.Plural, before[k.Name], after[k.Name])
		}
	}
	if trailAfter != trail {
		t.Fatalf("a refused import added %d audit entries", trailAfter-trail)
	}
}

// fuzzStore is a workspace with an actor to link to.
func fuzzStore(f *testing.F) *store.Store {
	s := newStore(f)
	minimal(f, s, data.Actor, "Iran")
	return s
}

func FuzzImportCSV(f *testing.F) {
	f.Add(uint8(7), []byte("Headline,Date,Kind,Direction and severity,Actors\nTanker boarded,2026-03-01,maritime,2,Iran\n"))
	f.Add(uint8(0), []byte("id;Name;Kind;Languages\n;Oman;state;004\n;\"Two\nlines\";person;\"a\"\"b\"\n"))
	f.Add(uint8(1), []byte("Summary,From actor,To actor,Type\nx,Iran,Iran,rivalry\n\"unclosed,Iran\n"))
	f.Add(uint8(3), []byte("\xef\xbb\xbfTitle\tKind\tStarts\tFollow-up actions\nTalks\tcall\t2026-01-01 09:00\tCall back | Desk | 2026-01-02 | open\n"))
	s := fuzzStore(f)
	f.Fuzz(func(t *testing.T, kind uint8, b []byte) {
		k := data.Kinds[int(kind)%len(data.Kinds)]
		importOrRefuse(t, s, func() (*Table, *Mapping, error) {
			tab, err := ReadTable("fuzz.csv", bytes.NewReader(b))
			if err != nil {
				return nil, nil, err
			}
			return tab, AutoMap(k, tab.Header), nil
		})
	})
}

func FuzzImportXLSX(f *testing.F) {
	src := newStore(f)
	minimal(f, src, data.Actor, "Iran")
	minimal(f, src, data.Signal, "Tanker boarded")
	for _, k := range []*data.Kind{data.Actor, data.Signal} {
		var b bytes.Buffer
		if err := Write(context.Background(), src, &b, &Export{Kind: k, Format: "xlsx"}); err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(0), b.Bytes())
		f.Add(uint8(7), b.Bytes())
	}
	s := fuzzStore(f)
	f.Fuzz(func(t *testing.T, kind uint8, b []byte) {
		k := data.Kinds[int(kind)%len(data.Kinds)]
		importOrRefuse(t, s, func() (*Table, *Mapping, error) {
			tab, err := readWorkbook("fuzz.xlsx", b)
			if err != nil {
				return nil, nil, err
			}
			return tab, AutoMap(k, tab.Header), nil
		})
	})
}

func fuzzEvents(f *testing.F, seeds ...string) {
	for _, name := range seeds {
		f.Add(testFile(f, name))
	}
	s := fuzzStore(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		importOrRefuse(t, s, func() (*Table, *Mapping, error) { return ReadEvents("fuzz.events", bytes.NewReader(b)) })
	})
}

func FuzzImportGDELT(f *testing.F) {
	fuzzEvents(f, "gdelt1-daily.export.csv", "gdelt1-backfile.export.csv")
}

func FuzzImportACLED(f *testing.F) {
	fuzzEvents(f, "acled-2024.csv", "acled-2019.csv")
}

func FuzzRestoreArchive(f *testing.F) {
	src := newStore(f)
	minimal(f, src, data.Actor, "Iran")
	minimal(f, src, data.Signal, "Tanker boarded")
	var b bytes.Buffer
	if _, err := WriteArchive(context.Background(), src, &b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add(bytes.Replace(b.Bytes(), []byte(`"tlp":"TLP:AMBER"`), []byte(`"tlp":"TLP:PURPLE"`), 1))
	f.Add([]byte(`{"header":{"format":"convenor-archive","version":1}}` + "\n" + `{"end":{"records":0}}`))
	s := fuzzStore(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		refusedChangesNothing(t, s, func() error {
			a, err := ReadArchive(bytes.NewReader(b), "")
			if err != nil {
				return nil
			}
			_, err = RestoreArchive(context.Background(), s, a, "fuzz.convenor-archive")
			return err
		})
	})
}
