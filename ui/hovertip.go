package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// hoverTip says what a mark is, beside the pointer, while the pointer is
// over it: the roadmap's milestones, the timeline's signals, the network
// map's actors.
type hoverTip struct{ popup *widget.PopUp }

// show puts content beside at (an absolute position) at its own size, or
// at size when given.
func (h *hoverTip) show(win fyne.Window, content fyne.CanvasObject, size fyne.Size, at fyne.Position) {
	h.hide()
	if size.IsZero() {
		size = content.MinSize()
	}
	h.popup = widget.NewPopUp(content, win.Canvas())
	h.popup.Resize(size)
	h.popup.ShowAtPosition(at.Add(fyne.NewPos(14, 14)))
}

// showText is show for a few lines of text.
func (h *hoverTip) showText(win fyne.Window, text string, at fyne.Position) {
	h.show(win, widget.NewLabel(showable(text)), fyne.Size{}, at)
}

func (h *hoverTip) hide() {
	if h.popup != nil {
		h.popup.Hide()
		h.popup = nil
	}
}

// shown reports whether the tip is up, for tests.
func (h *hoverTip) shown() bool { return h.popup != nil }
