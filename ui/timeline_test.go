package ui

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
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

// The timeline narrowed to one actor's signals; a dot names its signal on
// hover; the axis is marked by month over 90 days; a drag across the
// chart pans the span by as far as it went.
func TestTheTimelineByActorHoverTicksAndDrag(t *testing.T) {
	sh := newTestShell(t, true)
	sh.Win.Resize(fyne.NewSize(1280, 800))
	wb := sh.Bench
	v := wb.timeline
	wb.showView(v)
	waitFor(t, func() bool { return len(v.marks) == 5 })

	iran := demoRecord(t, sh, data.Actor, "Iran")
	v.setActor(iran.ID, iran.Title)
	waitFor(t, func() bool { return len(v.marks) == 1 })
	if v.shown.Signals[0].Title != "Demo: maritime incident near the Strait of Hormuz" || v.actor.Text != "Iran" {
		t.Errorf("Iran's signals: %+v, the button says %q", v.shown.Signals, v.actor.Text)
	}
	v.setActor("", "")
	waitFor(t, func() bool { return len(v.marks) == 5 })

	var mk *timelineMark
	for _, m := range v.marks {
		mk = m
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(mk)
	mk.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at}})
	if !mk.tip.shown() || !strings.Contains(topDialogText(sh.Win), mk.signal.Title) {
		t.Errorf("hovering a dot shows %q", topDialogText(sh.Win))
	}
	capture(t, sh.Win, "timeline-hover")
	mk.MouseOut()

	months := 0
	for _, tk := range v.ticks {
		if tk.at.Day() == 1 && strings.HasSuffix(tk.text.Text, tk.at.Format("2006")) {
			months++
		}
	}
	if months < 2 || months != len(v.ticks) {
		t.Errorf("ticks over 90 days: %d of %d on the first of a month", months, len(v.ticks))
	}

	// Half the chart's width to the right: 45 days earlier.
	from := v.from
	pad := v.chart.Objects[0].(*panPad)
	pad.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: pad.Size().Width / 4}})
	pad.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: pad.Size().Width / 4}})
	pad.DragEnd()
	if days := from.Sub(v.from).Hours() / 24; days != 45 {
		t.Errorf("a drag of half the width moved the span %v days", days)
	}
	waitFor(t, func() bool { return strings.Contains(v.heading.Text, v.from.Format("2 Jan 2006")) })
}

// The timeline over a desk's ten years of 100,000 signals: columns SQLite
// sums, never 100,000 widgets.
func TestTheTimelineAtScale(t *testing.T) {
	if raceDetector {
		t.Skip("100,000 signals take minutes under the race detector; scripts/test runs this without it")
	}
	sh := newTestShell(t, false)
	sh.Win.Resize(fyne.NewSize(1600, 900))
	recs := make([]*data.Record, 100_000)
	for i := range recs {
		recs[i] = demo.SyntheticSignal(i)
	}
	if err := sh.Store.InsertAll(recs); err != nil {
		t.Fatal(err)
	}
	v := sh.Bench.timeline
	v.to = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	v.from = v.to.AddDate(0, 0, -3649)
	sh.Bench.showView(v)
	waitFor(t, func() bool { return v.shown.Count == 100_000 })
	if len(v.marks) != 0 || len(v.columns) == 0 || len(v.columns) > 200 {
		t.Errorf("%d dots, %d columns", len(v.marks), len(v.columns))
	}
	capture(t, sh.Win, "timeline-100k")
}
