package ui

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// cardLinks lists the records a card's lines open, by their text.
func cardLinks(c *fyne.Container) []*widget.Hyperlink {
	var out []*widget.Hyperlink
	for _, o := range test.LaidOutObjects(c) {
		if h, ok := o.(*widget.Hyperlink); ok {
			out = append(out, h)
		}
	}
	return out
}

func cardTexts(c *fyne.Container) string {
	var texts []string
	for _, h := range cardLinks(c) {
		texts = append(texts, h.Text)
	}
	return strings.Join(texts, "\n")
}

// The dashboard is home on a first start: it shows the demo, follows a
// write made while it shows, opens the record behind a line, hides what
// is above the label chosen, and saves itself as a PNG.
func TestTheDashboardScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		v := wb.dashboard
		if wb.current != view(v) {
			t.Fatalf("a first start shows %T, not the dashboard", wb.current)
		}
		waitFor(t, func() bool { return len(cardLinks(v.cards.risks)) == data.DashboardRisks })
		for _, c := range []*fyne.Container{v.cards.upcoming, v.cards.overdue, v.cards.phases, v.cards.labels} {
			if len(c.Objects) == 0 {
				t.Error("an empty card")
			}
		}
		if len(v.shown.Escalation) != data.DashboardBack || len(v.cards.chart.points) != data.DashboardBack {
			t.Errorf("the chart has %d days", len(v.cards.chart.points))
		}
		name := "dashboard-1024x700"
		if size.Width > 1024 {
			name = "dashboard-1920x1080"
		}
		capture(t, sh.Win, name)

		// A write made elsewhere while it shows.
		r := data.NewRecord(data.Risk)
		r.Title, r.TLP = "Venue leaked to a spoiler group", data.TLPRed
		r.Values["category"], r.Values["likelihood"], r.Values["impact"] = "leak", int64(5), int64(5)
		r.Values["mitigation"], r.Values["owner"], r.Values["next_review"] = "Move the venue at a day's notice.", "Security officer", "2027-01-15"
		if err := sh.Store.Insert(r); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return strings.Contains(cardTexts(v.cards.risks), "Venue leaked to a spoiler group") })

		// Capped at TLP:GREEN: nothing above it is listed or counted.
		v.upTo.SetSelected(string(data.TLPGreen))
		waitFor(t, func() bool { return !strings.Contains(cardTexts(v.cards.risks), "Venue leaked") })
		for _, c := range []*fyne.Container{v.cards.upcoming, v.cards.overdue, v.cards.risks, v.cards.reviews, v.cards.labels} {
			for _, o := range test.LaidOutObjects(c) {
				if b, ok := o.(*tlpBadge); ok && data.TLP(b.text.Text).Rank() > data.TLPGreen.Rank() {
					t.Errorf("%s shows under a TLP:GREEN cap", b.text.Text)
				}
			}
		}
		v.upTo.SetSelected(string(data.TLPRed))
		waitFor(t, func() bool { return strings.Contains(cardTexts(v.cards.risks), "Venue leaked") })

		var buf bytes.Buffer
		if err := v.savePNG(&buf); err != nil {
			t.Fatal(err)
		}
		saved := buf.Bytes()
		if img, err := png.Decode(&buf); err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() < 400 {
			t.Errorf("the PNG: %v %v", img.Bounds(), err)
		}
		os.WriteFile(filepath.Join("..", "docs", "screenshots", "dashboard-saved.png"), saved, 0o644)

		// A line opens its record.
		link := cardLinks(v.cards.risks)[0]
		test.TapAt(link, fyne.NewPos(20, link.Size().Height/2)) // on its text, as a hyperlink asks
		if wb.form == nil || wb.form.rec.ID != r.ID || wb.kind != data.Risk {
			t.Errorf("tapping %q opened %+v", link.Text, wb.form)
		}
	}
}
