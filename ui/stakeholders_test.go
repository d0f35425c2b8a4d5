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

// The stakeholder grid of the demo: actors by influence and interest; an
// actor's interest changed meanwhile moves it; a cap hides the red ones; a
// tap opens the actor.
func TestTheStakeholderGridScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		v := wb.stakeholders
		wb.showView(v)
		waitFor(t, func() bool { return v.shown.Total == 17 })
		at := func(interest, influence int64) string { return cardTexts(v.grid.cells[[2]int64{interest, influence}]) }
		if !strings.Contains(at(2, 4), "Israeli naval command") {
			t.Errorf("interest 2 × influence 4: %q", at(2, 4))
		}
		name := "stakeholders-1024x700"
		if size.Width > 1024 {
			name = "stakeholders-1920x1080"
		}
		capture(t, sh.Win, name)

		navy := demoRecord(t, sh, data.Actor, "Israeli naval command")
		navy.Values["interest"] = int64(5)
		if err := sh.Store.Update(navy); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return strings.Contains(at(5, 4), "Israeli naval command") })

		v.upTo.SetSelected(string(data.TLPAmber))
		waitFor(t, func() bool { return v.shown.Total == 11 }) // five red, one amber+strict
		if strings.Contains(at(3, 3), "(demo person)") && strings.Contains(at(3, 3), "cleric") {
			t.Errorf("a red actor shows under TLP:AMBER: %q", at(3, 3))
		}
		v.upTo.SetSelected(string(data.TLPRed))
		waitFor(t, func() bool { return v.shown.Total == 17 })

		var buf bytes.Buffer
		if err := v.savePNG(&buf); err != nil {
			t.Fatal(err)
		}
		if img, err := png.Decode(&buf); err != nil || img.Bounds().Dx() != 1200 {
			t.Errorf("the PNG: %v", err)
		}

		link := cardLinks(v.grid.cells[[2]int64{5, 4}])[0]
		test.TapAt(link, fyne.NewPos(20, link.Size().Height/2))
		if wb.form == nil || wb.form.rec.Kind != data.Actor {
			t.Errorf("tapping %q opened %v", link.Text, wb.form)
		}
	}
}
