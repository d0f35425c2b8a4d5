package store

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"convenor/data"
)

// FuzzValidateAndInsert: a record built from arbitrary text is either
// refused by Validate, naming a field, or stored and read back whole. A
// refused write leaves nothing behind.
func FuzzValidateAndInsert(f *testing.F) {
	f.Add(uint8(0), "Pakistan", "state", "5", "TLP:AMBER", "a, b")
	f.Add(uint8(6), "Leak", "leak", "9", "TLP:RED", "")
	f.Add(uint8(7), "", "", "", "", ",,,")
	f.Add(uint8(3), "Call", "call", "2026-12-26 09:00", "TLP:PURPLE", "x")
	s := newStore(f)
	f.Fuzz(func(t *testing.T, kind uint8, title, v1, v2, tlp, tags string) {
		k := data.Kinds[int(kind)%len(data.Kinds)]
		r := data.NewRecord(k)
		r.Title, r.TLP, r.Tags = title, data.TLP(tlp), data.SplitTags(tags)
		for i := range k.Fields {
			fd := &k.Fields[i]
			text := v1
			if i%2 == 1 {
				text = v2
			}
			if v, err := data.ParseValue(fd, text); err == nil && v != nil {
				r.Values[fd.Key] = v
			}
		}
		before, _ := s.Count(context.Background(), data.Query{Kind: k})
		err := s.Insert(r)
		after, _ := s.Count(context.Background(), data.Query{Kind: k})
		if err != nil {
			if after != before {
				t.Fatalf("refused insert changed the count: %v", err)
			}
			if v, ok := data.AsValidation(err); ok && len(v.Fields) == 0 {
				t.Fatal("validation error names no field")
			}
			return
		}
		got, err := s.Get(r.ID)
		if err != nil || got.Title == "" {
			t.Fatalf("stored record not read back: %v", err)
		}
	})
}

// FuzzSearch: nothing typed into a search or filter box can break the query.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"", `"`, "*", "AND OR NOT", "NEAR(a b)", "title:x", "'; DROP TABLE records; --", "ایران", "ישראל", "\u0000", "a\"b*c(d)e^f"} {
		f.Add(s)
	}
	s := newStore(f)
	minimal(f, s, data.Actor, "Pakistan Ministry of Foreign Affairs")
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := s.Search(context.Background(), text, 10); err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		if _, err := s.List(context.Background(), data.Query{Kind: data.Actor, Text: text}); err != nil {
			t.Fatalf("filter %q: %v", text, err)
		}
	})
}

// parseTags reads what the store writes exactly as encoding/json would.
func FuzzParseTags(f *testing.F) {
	for _, seed := range [][2]string{{"track-two", "Islamabad"}, {`a","b`, ""}, {`quote"d`, `back\slash`}, {"<&>", "ایران"}, {"", ","}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, tags := range [][]string{nil, {a}, {a, b}, {b, a, b}} {
			raw, err := json.Marshal(tags)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			json.Unmarshal(raw, &want)
			if got := parseTags(string(raw)); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Fatalf("%s: got %q, want %q", raw, got, want)
			}
		}
	})
}
