package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"convenor/data"
)

// longReadout is n characters of a readout in English, Persian and Hebrew,
// every sentence numbered so that no two pages are alike.
func longReadout(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < 3*n; i++ {
		b.WriteString("Point " + thousands(i) + ": the envoy met the deputy minister in Islamabad. دیپلمات بازنشسته گفت که ایران آماده است. השגריר אמר שירושלים מוכנה.\n")
	}
	return string([]rune(b.String())[:n])
}

// A contact's notes holding 100,000 characters open a page at a time;
// typing and pasting go where they were made, and what is saved is the
// whole text with them.
func TestLongNotesAreEditedAPageAtATimeScreenshot(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Win.Resize(fyne.NewSize(1024, 700))
	wb := sh.Bench
	r := demoRecord(t, sh, data.Actor, "retired diplomat")
	long := longReadout(100_000)
	r.Notes = long
	if err := sh.Store.Update(r); err != nil {
		t.Fatal(err)
	}
	wb.openRecord(r.ID)
	n := wb.form.notes
	pages := len(n.starts)
	if len([]rune(n.entry.Text)) > pageRunes || pages < 100000/pageRunes || !strings.Contains(n.info.Text, "Page 1 of") {
		t.Fatalf("opened: %d characters in the entry, %d pages, %q", len([]rune(n.entry.Text)), pages, n.info.Text)
	}
	wb.form.scroll.ScrollToBottom()
	capture(t, sh.Win, "long-notes-1024x700")

	// Type at the end of page 3.
	test.Tap(n.next)
	test.Tap(n.next)
	page3 := n.entry.Text
	n.entry.CursorRow, n.entry.CursorColumn = n.entry.Entry.CursorRow, 0
	sh.Win.Canvas().Focus(n.entry)
	n.entry.SetText(page3 + "[checked]")
	// Paste a second readout at the start of page 3.
	paste := longReadout(20_000)
	n.entry.CursorRow, n.entry.CursorColumn = 0, 0
	sh.App.Clipboard().SetContent(paste)
	n.entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: sh.App.Clipboard()})
	if len([]rune(n.entry.Text)) > pageRunes {
		t.Fatalf("the paste went into the entry whole: %d characters", len([]rune(n.entry.Text)))
	}
	test.Tap(wb.form.save)
	got, err := sh.Store.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(long)
	start3 := len([]rune(longPage(long, 0))) + len([]rune(longPage(long, 1)))
	want := string(runes[:start3]) + paste + page3 + "[checked]" + string(runes[start3+len([]rune(page3)):])
	if got.Notes != want {
		t.Errorf("saved notes differ: %d characters, want %d", len([]rune(got.Notes)), len([]rune(want)))
	}
}

// longPage is page i of s as a long text cuts it.
func longPage(s string, i int) string {
	t := newLongText()
	t.set(s)
	t.show(i)
	return t.entry.Text
}

// BenchmarkLongNotes opens a record whose notes hold 100,000 characters
// and types one character at their end, the way the window does, on the
// goroutine that draws it; each is reported in ms (target: under 50 ms).
func BenchmarkLongNotes(b *testing.B) {
	sh := newTestShell(b, false)
	r := data.NewRecord(data.Actor)
	r.Title = "Retired diplomat"
	r.Values["actor_type"] = "person"
	r.Notes = longReadout(100_000)
	if err := sh.Store.Insert(r); err != nil {
		b.Fatal(err)
	}
	wb := sh.Bench
	var open, typing time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		wb.setForm(nil)
		t0 := time.Now()
		wb.showRecord(r.ID)
		sh.Win.Canvas().Refresh(wb.form.notes.entry)
		open += time.Since(t0)
		n := wb.form.notes
		n.show(len(n.starts) - 1)
		sh.Win.Canvas().Focus(n.entry)
		n.entry.CursorRow = strings.Count(n.entry.Text, "\n")
		t1 := time.Now()
		test.Type(n.entry, "x")
		typing += time.Since(t1)
		if got := n.text(); len(got) != len(r.Notes)+1 {
			b.Fatalf("typed: %d characters", len(got))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(open.Microseconds())/1000/float64(b.N), "open-ms/op")
	b.ReportMetric(float64(typing.Microseconds())/1000/float64(b.N), "type-ms/op")
}
