package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// backlinks shows what points to a record ("appears in 4 engagements,
// 2 relationships"), each a button that opens the other record.
type backlinks struct {
	wb      *Workbench
	summary *widget.Label
	rows    *fyne.Container
	view    fyne.CanvasObject
}

func newBacklinks(wb *Workbench) *backlinks {
	b := &backlinks{wb: wb, summary: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{}), rows: container.NewVBox()}
	b.summary.Wrapping = fyne.TextWrapWord
	b.view = container.NewVBox(widget.NewSeparator(), b.summary, b.rows)
	return b
}

func (b *backlinks) show(r *data.Record) {
	b.rows.RemoveAll()
	if r.ID == "" {
		b.view.Hide()
		return
	}
	b.view.Show()
	links, err := b.wb.store.Backlinks(r.ID)
	if err != nil {
		b.summary.SetText("Could not read what links here: " + err.Error())
		return
	}
	b.summary.SetText(appearsIn(links))
	for i, l := range links {
		if i == 50 {
			b.rows.Add(widget.NewLabel(fmt.Sprintf("… and %d more", len(links)-50)))
			break
		}
		text := l.Kind.Label + " · " + l.Title + " — " + strings.ToLower(l.Field.Label)
		if l.Role != "" {
			text += " (" + l.Role + ")"
		}
		id := l.ID
		// A link, not a button: a button is as wide as its text and would
		// widen the form; a link is cut short with an ellipsis.
		link := widget.NewHyperlink(text, nil)
		link.Truncation = fyne.TextTruncateEllipsis
		link.OnTapped = func() { b.wb.openRecord(id) }
		b.rows.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.NavigateNextIcon()), nil, link))
	}
}

// appearsIn counts backlinks by kind, in sidebar order.
func appearsIn(links []data.Backlink) string {
	if len(links) == 0 {
		return "Nothing links to this record yet."
	}
	n := map[*data.Kind]int{}
	for _, l := range links {
		n[l.Kind]++
	}
	var parts []string
	for _, k := range data.Kinds {
		switch c := n[k]; {
		case c == 1:
			parts = append(parts, "1 "+strings.ToLower(k.Label))
		case c > 1:
			parts = append(parts, fmt.Sprintf("%d %s", c, strings.ToLower(k.Plural)))
		}
	}
	return "Appears in " + strings.Join(parts, ", ") + "."
}
