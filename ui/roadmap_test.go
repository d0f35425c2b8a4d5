package ui

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"convenor/data"
)

// The demo's roadmap: the article's path in order along the time axis,
// each joined to the one before; hovering shows gate conditions; a status
// changed meanwhile recolours; a cap hides it all; a tap opens one.
func TestTheRoadmapScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		v := wb.roadmap
		wb.showView(v)
		waitFor(t, func() bool { return len(v.marks) == 5 })
		conf := demoRecord(t, sh, data.Milestone, "First invitation-only conference")
		consensus := demoRecord(t, sh, data.Milestone, "internal consensus")
		track := demoRecord(t, sh, data.Milestone, "Formalised peace track")
		if a, b, c := v.marks[consensus.ID].Position().X, v.marks[conf.ID].Position().X, v.marks[track.ID].Position().X; !(a < b && b < c) {
			t.Errorf("not in date order along the axis: %v %v %v", a, b, c)
		}
		name := "roadmap-1024x700"
		if size.Width > 1024 {
			name = "roadmap-1920x1080"
		}
		capture(t, sh.Win, name)

		mk := v.marks[track.ID]
		mk.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{AbsolutePosition: fyne.NewPos(300, 300)}})
		if !strings.Contains(topDialogText(sh.Win), "Gate conditions: Both sides accept the venue") {
			t.Errorf("hovering shows %q", topDialogText(sh.Win))
		}
		if size.Width > 1024 {
			capture(t, sh.Win, "roadmap-gates")
		}
		mk.MouseOut()

		conf.Values["status"] = "in progress"
		if err := sh.Store.Update(conf); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return v.marks[conf.ID] != nil && v.marks[conf.ID].m.Status == "in progress" })

		v.upTo.SetSelected(string(data.TLPGreen))
		waitFor(t, func() bool { return len(v.marks) == 0 })
		v.upTo.SetSelected(string(data.TLPRed))
		waitFor(t, func() bool { return len(v.marks) == 5 })

		var buf bytes.Buffer
		if err := v.savePNG(&buf); err != nil {
			t.Fatal(err)
		}
		if img, err := png.Decode(&buf); err != nil || img.Bounds().Dx() != 1600 {
			t.Errorf("the PNG: %v", err)
		}

		test.Tap(v.marks[track.ID])
		if wb.form == nil || wb.form.rec.ID != track.ID {
			t.Errorf("tapping the formal track opened %v", wb.form)
		}
	}
}
