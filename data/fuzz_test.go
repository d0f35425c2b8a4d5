package data

import (
	"fmt"
	"testing"
	"time"
)

// allFields lists every field of every kind, for fuzzers to pick from.
func allFields() []*Field {
	var out []*Field
	for _, k := range Kinds {
		for i := range k.Fields {
			out = append(out, &k.Fields[i])
		}
	}
	return out
}

// FuzzParseValue: any text typed into any field is either refused with an
// error or read as a value that writes back as text that reads the same.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"", "3", "-5", "+5", "12.5", "1e309", "NaN", "2026-02-30", "2026-12-26", "2026-12-26 09:30", "Asia/Tehran", "../../etc/passwd", "yes", "نه", "\x00", "9223372036854775808"} {
		f.Add(uint16(0), s)
		f.Add(uint16(7), s)
		f.Add(uint16(31), s)
	}
	fields := allFields()
	f.Fuzz(func(t *testing.T, which uint16, text string) {
		fd := fields[int(which)%len(fields)]
		v, err := ParseValue(fd, text)
		CheckText(fd, text)
		if err != nil || v == nil {
			return
		}
		again, err := ParseValue(fd, FormatValue(fd, v))
		if err != nil {
			t.Fatalf("%s: %q read as %v, written as %q, which is refused: %v", fd.Label, text, v, FormatValue(fd, v), err)
		}
		if fmt.Sprint(again) != fmt.Sprint(v) {
			t.Fatalf("%s: %q → %v → %q → %v", fd.Label, text, v, FormatValue(fd, v), again)
		}
	})
}

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
		k := Kinds[int(kind)%len(Kinds)]
		r := NewRecord(k)
		r.Title, r.TLP, r.Tags = title, TLP(tlp), SplitTags(tags)
		for i := range k.Fields {
			fd := &k.Fields[i]
			text := v1
			if i%2 == 1 {
				text = v2
			}
			if v, err := ParseValue(fd, text); err == nil && v != nil {
				r.Values[fd.Key] = v
			}
		}
		before, _ := s.Count(Query{Kind: k})
		err := s.Insert(r)
		after, _ := s.Count(Query{Kind: k})
		if err != nil {
			if after != before {
				t.Fatalf("refused insert changed the count: %v", err)
			}
			if v, ok := AsValidation(err); ok && len(v.Fields) == 0 {
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
	minimal(f, s, Actor, "Pakistan Ministry of Foreign Affairs")
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := s.Search(text, 10); err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		if _, err := s.List(Query{Kind: Actor, Text: text}); err != nil {
			t.Fatalf("filter %q: %v", text, err)
		}
	})
}

// FuzzParseLocal: date-times typed in any zone are read or refused cleanly.
func FuzzParseLocal(f *testing.F) {
	for _, s := range []string{"2026-12-26 09:30", "2026-12-26", "26/12/2026", "2026-03-29 02:30", "", "9999-99-99 99:99"} {
		f.Add(s, "Asia/Tehran")
		f.Add(s, "Europe/London")
	}
	f.Fuzz(func(t *testing.T, text, zone string) {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return
		}
		ParseLocal(text, loc)
	})
}
