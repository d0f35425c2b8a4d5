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
