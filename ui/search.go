package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// keyEntry is an entry that also hears Escape, Up and Down, so a search
// box can close its dialog and move through its results.
type keyEntry struct {
	widget.Entry
	onKey func(fyne.KeyName) bool // true when handled
}

func newKeyEntry() *keyEntry {
	e := &keyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(k.Name) {
		return
	}
	e.Entry.TypedKey(k)
}

// searchRow is one line of the results: a kind heading or a record.
type searchRow struct {
	heading string
	hit     data.Hit
}

// globalSearch is the Ctrl+K box over every kind.
type globalSearch struct {
	wb      *Workbench
	entry   *keyEntry
	list    *widget.List
	rows    []searchRow
	upTo    *widget.Select // leave out records labelled above this
	empty   *widget.Label  // "No results for …", where the results would be
	status  *widget.Label  // that only the best are shown
	current int            // row Enter opens
	moving  bool           // while the arrow keys move the highlight
	dialog  dialog.Dialog
	answers newest
}

// showSearch opens the global search box. Searching runs off the UI
// goroutine; only the newest answer is shown, so typing never waits.
func (wb *Workbench) showSearch() {
	g := &globalSearch{wb: wb, entry: newKeyEntry(), current: -1}
	g.entry.SetPlaceHolder("Search every record: names, places, notes…")
	g.list = widget.NewList(func() int { return len(g.rows) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			row := g.rows[i]
			if row.heading != "" {
				l.TextStyle.Bold = true
				l.SetText(row.heading)
				return
			}
			l.TextStyle.Bold = false
			text := "    " + row.hit.Title
			snippet := strings.Join(strings.Fields(row.hit.Snippet), " ")
			if plain := strings.NewReplacer("[", "", "]", "").Replace(snippet); snippet != "" && plain != row.hit.Title {
				text += "  —  " + snippet
			}
			l.SetText(showable(text))
		})
	g.list.OnSelected = func(i widget.ListItemID) {
		if !g.moving {
			g.current = i
			g.open()
		}
	}
	g.entry.OnChanged = g.ask
	g.entry.OnSubmitted = func(string) { g.open() }
	g.entry.onKey = g.key
	g.upTo = widget.NewSelect(data.TLPStrings(), func(string) { g.ask(g.entry.Text) })
	g.upTo.SetSelected(string(data.TLPRed))
	g.status, g.empty = widget.NewLabel(""), widget.NewLabel("")
	g.empty.Wrapping = fyne.TextWrapWord
	top := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("up to"), g.upTo), g.entry)
	results := container.NewStack(g.list, container.NewVBox(g.empty))
	g.dialog = dialog.NewCustom("Search (Ctrl+K)", "Close", container.NewBorder(top, g.status, nil, nil, results), wb.win)
	g.dialog.Resize(fyne.NewSize(760, 520))
	wb.search = g
	wb.showDialog(g.dialog)
	wb.win.Canvas().Focus(g.entry)
}

func (g *globalSearch) ask(text string) {
	g.wb.touch()
	max := data.TLP(g.upTo.Selected)
	askNewest(g.wb.ctx, &g.answers, func(ctx context.Context) ([]data.Hit, error) {
		return g.wb.store.SearchUpTo(ctx, text, max, searchLimit)
	}, func(hits []data.Hit) { g.show(text, max, hits) }, func(err error) { g.wb.problem(fmt.Errorf("searching: %w", err)) })
}

const searchLimit = 60

// show groups hits by kind, in sidebar order, best first within each kind,
// and says when there are none.
func (g *globalSearch) show(text string, max data.TLP, hits []data.Hit) {
	g.empty.SetText("")
	g.status.SetText("")
	switch text = strings.TrimSpace(text); {
	case text == "":
	case len(hits) == 0 && max != data.TLPRed:
		g.empty.SetText(fmt.Sprintf("No results for “%s” among records labelled up to %s.", text, max))
	case len(hits) == 0:
		g.empty.SetText(fmt.Sprintf("No results for “%s”.", text))
	case len(hits) == searchLimit:
		g.status.SetText(fmt.Sprintf("The best %d matches; type more words to narrow them.", searchLimit))
	}
	byKind := map[*data.Kind][]data.Hit{}
	for _, h := range hits {
		byKind[h.Kind] = append(byKind[h.Kind], h)
	}
	g.rows = g.rows[:0]
	g.current = -1
	for _, k := range data.Kinds {
		if len(byKind[k]) == 0 {
			continue
		}
		g.rows = append(g.rows, searchRow{heading: k.Plural})
		for _, h := range byKind[k] {
			if g.current < 0 {
				g.current = len(g.rows)
			}
			g.rows = append(g.rows, searchRow{hit: h})
		}
	}
	g.list.UnselectAll()
	g.list.Refresh()
}

// key moves the current result with the arrows and closes on Escape.
func (g *globalSearch) key(k fyne.KeyName) bool {
	step := 0
	switch k {
	case fyne.KeyEscape:
		g.dialog.Hide()
		return true
	case fyne.KeyDown:
		step = 1
	case fyne.KeyUp:
		step = -1
	default:
		return false
	}
	for i := g.current + step; i >= 0 && i < len(g.rows); i += step {
		if g.rows[i].heading == "" {
			g.current = i
			g.moving = true
			g.list.Select(i)
			g.moving = false
			break
		}
	}
	return true
}

func (g *globalSearch) open() {
	if g.current < 0 || g.current >= len(g.rows) || g.rows[g.current].heading != "" {
		return
	}
	id := g.rows[g.current].hit.ID
	g.dialog.Hide()
	g.wb.openRecord(id)
}
