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
var tlpColor = map[data.TLP]color.Color{
	data.TLPRed:         color.NRGBA{0xFF, 0x2B, 0x2B, 0xFF},
	data.TLPAmberStrict: color.NRGBA{0xFF, 0xC0, 0x00, 0xFF},
	data.TLPAmber:       color.NRGBA{0xFF, 0xC0, 0x00, 0xFF},
	data.TLPGreen:       color.NRGBA{0x33, 0xFF, 0x00, 0xFF},
	data.TLPClear:       color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
}

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
