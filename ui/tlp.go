package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// tlpColor is the text colour FIRST's TLP 2.0 standard gives each label,
// always drawn on black.
var tlpColor = func() map[data.TLP]color.Color {
	m := map[data.TLP]color.Color{}
	for l, c := range data.TLPColour {
		m[l] = color.NRGBA{c[0], c[1], c[2], 0xFF}
	}
	return m
}()

// tlpBadge shows a record's TLP label the way the standard draws it.
type tlpBadge struct {
	widget.BaseWidget
	text *canvas.Text
	bg   *canvas.Rectangle
}

func newTLPBadge() *tlpBadge {
	b := &tlpBadge{text: canvas.NewText("", color.White), bg: canvas.NewRectangle(color.Black)}
	b.text.TextStyle = fyne.TextStyle{Bold: true}
	b.text.TextSize = theme.CaptionTextSize()
	b.text.Alignment = fyne.TextAlignCenter
	b.ExtendBaseWidget(b)
	return b
}

func (b *tlpBadge) set(t data.TLP) {
	b.text.Text = string(t)
	if c, ok := tlpColor[t]; ok {
		b.text.Color = c
	}
	b.Refresh()
}

// MinSize fits the longest label, so badges line up in lists.
func (b *tlpBadge) MinSize() fyne.Size {
	s := fyne.MeasureText(string(data.TLPAmberStrict), b.text.TextSize, b.text.TextStyle)
	return fyne.NewSize(s.Width+2*theme.Padding(), s.Height+2*theme.Padding())
}

func (b *tlpBadge) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(b.bg, container.NewCenter(b.text)))
}
