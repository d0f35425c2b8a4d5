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
)

// The calendar of the demo's invitation-only conference: on its day at the
// user's time with the time at its place; an engagement added that day
// appears; a week shows it too; a cap hides it; a tap opens it.
func TestTheCalendarScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		v := wb.calendar
		conf := demoRecord(t, sh, data.Engagement, "Invitation-only conference")
		starts := conf.Values[data.FieldStarts].(time.Time)
		v.zone = time.UTC
		v.anchor = midnight(starts.In(v.zone))
		day := starts.In(v.zone).Format(data.DateLayout)
		wb.showView(v)
		waitFor(t, func() bool { return strings.Contains(dayText(v, day), "Invitation-only conference") })
		if text := dayText(v, day); !strings.Contains(text, starts.Format("15:04")+" Invitation-only") || !strings.Contains(text, "Karachi)") {
			t.Errorf("the day shows %q", text)
		}
		name := "calendar-1024x700"
		if size.Width > 1024 {
			name = "calendar-1920x1080"
		}
		capture(t, sh.Win, name)

		r := data.NewRecord(data.Engagement)
		r.Title, r.TLP = "Side meeting with Omani intermediaries", data.TLPRed
		r.Values["eng_type"], r.Values[data.FieldStarts] = "meeting", starts.Add(3*time.Hour)
		if err := sh.Store.Insert(r); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return strings.Contains(dayText(v, day), "Side meeting") })

		v.mode.SetSelected("Week")
		waitFor(t, func() bool { return len(v.days.Objects) == 7 && strings.Contains(dayText(v, day), "Side meeting") })
		v.upTo.SetSelected(string(data.TLPAmber))
		waitFor(t, func() bool { return !strings.Contains(dayText(v, day), "Side meeting") })
		v.upTo.SetSelected(string(data.TLPRed))
		v.mode.SetSelected("Month")
		waitFor(t, func() bool { return len(v.days.Objects) == 42 && strings.Contains(dayText(v, day), "Side meeting") })

		var buf bytes.Buffer
		if err := v.savePNG(&buf); err != nil {
			t.Fatal(err)
		}
		if img, err := png.Decode(&buf); err != nil || img.Bounds().Dx() != 1400 {
			t.Errorf("the PNG: %v", err)
		}

		link := cardLinks(v.cells[day])[0]
		test.TapAt(link, fyne.NewPos(20, link.Size().Height/2))
		if wb.form == nil || wb.form.rec.Kind != data.Engagement {
			t.Errorf("tapping %q opened %v", link.Text, wb.form)
		}
	}
}

// dayText is what a day of the calendar lists ("" before it is drawn).
func dayText(v *calendarView, day string) string {
	if c := v.cells[day]; c != nil {
		return cardTexts(c)
	}
	return ""
}
