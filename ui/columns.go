package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// A list's columns are as wide as what they hold, and the title takes
// what the window leaves: fixed widths showed one and a half columns at
// 1024 pixels and hid a risk's status and next review at 1920.

// naturalWidth is what column c needs to show its heading and its values
// whole, or for free text a useful share.
func naturalWidth(c column) float32 {
	measure := func(s string, bold bool) float32 {
		return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: bold}).Width
	}
	pad := 4 * theme.Padding()
	w := measure(c.label, false) + theme.IconInlineSize() + pad // the heading and its sort arrow
	switch {
	case c.key == "tlp":
		w = max(w, newTLPBadge().MinSize().Width+pad)
	case c.key == "updated_at":
		w = max(w, measure("2026-12-31 23:59", false)+pad+theme.Padding())
	case c.field == nil:
	case c.field.Type == data.Choice:
		for _, ch := range c.field.Choices {
			w = max(w, measure(ch, false)+pad)
		}
	case c.field.Type == data.Date:
		w = max(w, measure("2026-12-31", false)+pad)
	case c.field.Type == data.DateTime:
		w = max(w, measure("2026-12-31 23:59", false)+pad)
	case c.field.Type == data.Int, c.field.Type == data.Computed, c.field.Type == data.Bool:
		w = max(w, measure("100 (critical)", false)+pad)
	case c.field.Type == data.Float:
		w = max(w, measure("-180.000000", false)+pad)
	default: // names and free text: enough to tell rows apart
		w = max(w, 140)
	}
	return min(w, 260)
}

// minTitleWidth is the least the title column gets before the list
// scrolls sideways.
const minTitleWidth = 180

// fitColumns sets the table's column widths for a table width: every
// column its natural width, the title the rest (at least minTitleWidth,
// at most twice its natural share); beyond that the table scrolls.
func fitColumns(t *widget.Table, cols []column, width float32) {
	t.SetColumnWidth(0, checkWidth)
	rest := width - checkWidth - theme.ScrollBarSize()
	for i, c := range cols {
		if i > 0 {
			w := naturalWidth(c)
			t.SetColumnWidth(i+1, w)
			rest -= w + theme.Padding()
		}
	}
	if len(cols) > 0 {
		t.SetColumnWidth(1, max(minTitleWidth, min(rest, 520)))
	}
}

const (
	checkWidth = 36
	formWidth  = 520 // what a form is comfortable in
)

// neededWidth is what the columns take at their natural widths.
func neededWidth(cols []column) float32 {
	w := checkWidth + theme.ScrollBarSize() + minTitleWidth + 2*theme.Padding()
	for _, c := range cols[1:] {
		w += naturalWidth(c) + theme.Padding()
	}
	return w
}

// fitted lays out a list's table and fits its columns to each new width.
type fitted struct {
	list  *recordList
	width float32
}

func (f *fitted) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != f.width && len(f.list.columns) > 0 {
		f.width = size.Width
		fitColumns(f.list.table, f.list.columns, size.Width)
	}
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (f *fitted) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(minTitleWidth+36, objs[0].MinSize().Height)
}

// splitLayout lays out the workbench at the window's size, first fitting
// its dividers to that size: the sidebar as wide as its names, the list as
// wide as its columns need while the form keeps formWidth, until someone
// moves a divider by hand. It runs before the splits lay themselves out,
// so they never move under a layout already under way.
type splitLayout struct {
	wb   *Workbench
	size fyne.Size
}

func (s *splitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	s.size = size
	s.wb.fitSplits(size.Width)
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (s *splitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

// fitSplits sets the dividers for a window width, where nobody has moved
// them (Offset is still what was last fitted).
func (wb *Workbench) fitSplits(width float32) {
	if width <= 0 {
		return
	}
	if s := wb.side; s.Offset == wb.sideAuto {
		if want := float64((s.Leading.MinSize().Width + 2*theme.Padding()) / width); want < 0.3 {
			s.Offset, wb.sideAuto = want, want
		}
	}
	if !wb.autoSplit || len(wb.list.columns) == 0 {
		return
	}
	if wb.split.Offset != wb.lastAuto {
		wb.autoSplit = false // moved by hand: that is where it stays
		return
	}
	total := width*float32(1-wb.side.Offset) - 2*theme.Padding()
	want := max(0.35, min(float64((total-formWidth)/total), float64((neededWidth(wb.list.columns)+4*theme.Padding())/total)))
	wb.split.Offset, wb.lastAuto = want, want
}
