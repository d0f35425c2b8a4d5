package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// findButton finds a visible button by its text, topmost overlay first.
func findButton(c fyne.Canvas, text string) *widget.Button {
	layers := append([]fyne.CanvasObject(nil), c.Overlays().List()...)
	for i, j := 0, len(layers)-1; i < j; i, j = i+1, j-1 {
		layers[i], layers[j] = layers[j], layers[i]
	}
	for _, layer := range append(layers, c.Content()) {
		for _, o := range test.LaidOutObjects(layer) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
				return b
			}
		}
	}
	return nil
}

type fyneButton = widget.Button

// allButtons lists the visible buttons of the window's content.
func allButtons(c fyne.Canvas) []*widget.Button {
	var out []*widget.Button
	for _, o := range test.LaidOutObjects(c.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Visible() {
			out = append(out, b)
		}
	}
	return out
}

// topFormEntries lists the entries of the topmost overlay (a dialog), in order.
func topFormEntries(c fyne.Canvas) []*widget.Entry {
	top := c.Overlays().Top()
	if top == nil {
		return nil
	}
	var out []*widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			out = append(out, e)
		}
	}
	return out
}

// buttonIn finds a button by its text among what o lays out.
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// topDialogText is the text of every label of the topmost overlay.
func topDialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		switch l := o.(type) {
		case *widget.Label:
			texts = append(texts, l.Text)
		case *widget.RichText:
			texts = append(texts, l.String())
		}
	}
	return strings.Join(texts, "\n")
}
