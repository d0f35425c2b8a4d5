package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func TestRightToLeftTextKeepsItsSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"ירושלים peace":        "ירושלים\u200e peace",
		"ایران Persian":        "ایران\u200e Persian",
		"Iran ایران":           "Iran ایران",
		"peace ירושלים talks":  "peace ירושלים\u200e talks",
		"وزارت امور خارجه":     "وزارت امور خارجه",
		"Tehran":               "Tehran",
		"ירושלים, תל אביב and": "ירושלים, תל אביב\u200e and",
	} {
		if got := showable(in); got != want {
			t.Errorf("showable(%q) = %q, want %q", in, got, want)
		}
	}
	if !startsRTL("«ایران» Iran") || startsRTL("Iran ایران") || startsRTL("2026") {
		t.Error("startsRTL")
	}
}

// What the list and the form's read-only text show, drawn: Persian and
// Hebrew right-aligned, mixed-direction names with their spaces.
func TestRightToLeftTextScreenshot(t *testing.T) {
	a := newTestApp(t)
	w := a.NewWindow("rtl")
	var rows []fyne.CanvasObject
	for _, s := range []string{"ירושלים peace talks", "ایران Persian", "Iran ایران", "وزارت امور خارجه", "پاکستانی سفیر", "Islamabad track-two dialogue"} {
		l := widget.NewLabel("")
		setText(l, s)
		rows = append(rows, l)
	}
	w.SetContent(container.NewVBox(rows...))
	w.Resize(fyne.NewSize(420, 330))
	capture(t, w, "right-to-left-text")
	if rows[0].(*widget.Label).Alignment != fyne.TextAlignTrailing || rows[2].(*widget.Label).Alignment != fyne.TextAlignLeading {
		t.Error("not aligned to where each begins")
	}
}
