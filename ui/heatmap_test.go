package ui

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"convenor/data"
)

// cellTexts is what a cell of the heat map names.
func cellTexts(v *heatmapView, likelihood, impact int64) string {
	return cardTexts(v.cells[[2]int64{likelihood, impact}])
}

// The heat map of the demo: each risk in its cell, inherent or residual;
// a risk added meanwhile appears; a tap opens the risk; a cap hides what
// is above it; a crowded cell counts and lists the rest.
func TestTheRiskHeatMapScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		v := wb.heatmap
		wb.showView(v)
		waitFor(t, func() bool { return v.shown.Total == 7 })
		if !strings.Contains(cellTexts(v, 2, 5), "Leak of participants' names") || !strings.Contains(cellTexts(v, 4, 5), "Domestic backlash") {
			t.Errorf("cells: 2×5 %q, 4×5 %q", cellTexts(v, 2, 5), cellTexts(v, 4, 5))
		}
		name := "heatmap-1024x700"
		if size.Width > 1024 {
			name = "heatmap-1920x1080"
		}
		capture(t, sh.Win, name)

		v.residual.SetSelected("Residual")
		waitFor(t, func() bool { return strings.Contains(cellTexts(v, 2, 5), "Domestic backlash") })

		// Added elsewhere while it shows: four more in one cell crowd it.
		for _, title := range []string{"Alpha", "Bravo", "Charlie", "Delta"} {
			r := data.NewRecord(data.Risk)
			r.Title, r.TLP = "Crowded "+title, data.TLPRed
			r.Values["category"], r.Values["likelihood"], r.Values["impact"] = "leak", int64(5), int64(5)
			r.Values["residual_likelihood"], r.Values["residual_impact"] = int64(5), int64(5)
			r.Values["mitigation"], r.Values["owner"], r.Values["next_review"] = "Watch.", "Security officer", "2027-01-15"
			if err := sh.Store.Insert(r); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, func() bool { return strings.Contains(cellTexts(v, 5, 5), "and 1 more…") })
		more := cardLinks(v.cells[[2]int64{5, 5}])
		test.TapAt(more[len(more)-1], fyne.NewPos(20, more[len(more)-1].Size().Height/2))
		if !strings.Contains(topDialogText(sh.Win), "Likelihood 5 × impact 5: 4 risks") {
			t.Errorf("the crowded cell's list: %q", topDialogText(sh.Win))
		}
		wb.closeDialog()

		// Capped at TLP:AMBER the red ones go.
		v.upTo.SetSelected(string(data.TLPAmber))
		waitFor(t, func() bool { return cellTexts(v, 5, 5) == "" && v.shown.Total == 7 })
		v.upTo.SetSelected(string(data.TLPRed))
		waitFor(t, func() bool { return v.shown.Total == 11 })

		var buf bytes.Buffer
		if err := v.savePNG(&buf); err != nil {
			t.Fatal(err)
		}
		if img, err := png.Decode(&buf); err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 900 {
			t.Errorf("the PNG: %v", err)
		}

		// A tap opens the risk.
		link := cardLinks(v.cells[[2]int64{2, 5}])[0]
		test.TapAt(link, fyne.NewPos(20, link.Size().Height/2))
		if wb.form == nil || wb.form.rec.Kind != data.Risk || !strings.HasPrefix(link.Text, wb.form.rec.Title[:10]) {
			t.Errorf("tapping %q opened %v", link.Text, wb.form)
		}
	}
}
