package ui

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"convenor/data"
	"convenor/data/demo"
)

// The timeline of the demo's last 90 days: each signal a dot, its
// engagements laid over it; a signal logged meanwhile appears; a tap opens
// one; a cap hides some; a span too full is drawn in columns, and tapping
// one zooms into it.
func TestTheTimelineScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		v := wb.timeline
		wb.showView(v)
		waitFor(t, func() bool { return len(v.marks) > 0 })
		if len(v.meetings) == 0 || len(v.shown.Index) != 90 {
			t.Errorf("%d engagements laid over, %d days of index", len(v.meetings), len(v.shown.Index))
		}
		name := "timeline-1024x700"
		if size.Width > 1024 {
			name = "timeline-1920x1080"
		}
		capture(t, sh.Win, name)
		before := len(v.marks)

		r := data.NewRecord(data.Signal)
		r.Title, r.TLP = "Drone sighted over the Strait of Hormuz", data.TLPRed
		r.Values["occurred_on"], r.Values["signal_type"], r.Values["severity"] = time.Now().UTC().AddDate(0, 0, -3).Format(data.DateLayout), "maritime", int64(4)
		if err := sh.Store.Insert(r); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return v.marks[r.ID] != nil })
		test.Tap(v.marks[r.ID])
		if wb.form == nil || wb.form.rec.ID != r.ID {
			t.Fatalf("tapping the dot opened %v", wb.form)
		}
		wb.showView(v)
		v.upTo.SetSelected(string(data.TLPAmber))
		waitFor(t, func() bool { return v.marks[r.ID] == nil && len(v.marks) <= before })
		v.upTo.SetSelected(string(data.TLPRed))

		// Ten years with 2,000 more: columns; tapping one zooms in.
		more := make([]*data.Record, 2000)
		for i := range more {
			more[i] = demo.SyntheticSignal(i)
		}
		if err := sh.Store.InsertAll(more); err != nil { // one transaction
			t.Fatal(err)
		}
		v.from = v.to.AddDate(0, 0, -3649)
		v.reload()
		waitFor(t, func() bool { return len(v.columns) > 0 })
		if size.Width > 1024 {
			capture(t, sh.Win, "timeline-ten-years")
		}
		col := v.columns[len(v.columns)/2]
		test.Tap(col)
		span := v.to.Sub(v.from)
		waitFor(t, func() bool { return len(v.columns) == 0 || v.to.Sub(v.from) < span })
		if v.to.Sub(v.from) > 30*24*time.Hour {
			t.Errorf("tapping a column left a span of %v", v.to.Sub(v.from))
		}

		var buf bytes.Buffer
		if err := v.savePNG(&buf); err != nil {
			t.Fatal(err)
		}
		if img, err := png.Decode(&buf); err != nil || img.Bounds().Dx() != 1600 {
			t.Errorf("the PNG: %v", err)
		}
		if !strings.Contains(v.heading.Text, "signals from") {
			t.Errorf("heading %q", v.heading.Text)
		}
	}
}
