package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// maxTagHints is how many tags in use are offered at once.
const maxTagHints = 6

// tagInput is a form's tags box: tags separated by commas, with the tags
// already in use in the workspace that begin with the word being typed
// offered underneath, most used first. A tap completes the word, so a desk
// keeps to one spelling ("hormuz", not "Hormuz strait" and "str. hormuz").
type tagInput struct {
	entry    *widget.Entry
	hints    *fyne.Container
	view     fyne.CanvasObject
	store    tagSource
	ctx      context.Context
	answers  newest
	onChange func()
	quiet    bool // while the form loads a record: no hints
}

// tagSource is what the tag box reads: the tags in use, most used first.
type tagSource interface {
	Tags(ctx context.Context, prefix string, limit int) ([]data.TagUse, error)
}

func newTagInput(ctx context.Context, st tagSource) *tagInput {
	t := &tagInput{entry: widget.NewEntry(), hints: container.NewHBox(), store: st, ctx: ctx}
	t.entry.SetPlaceHolder("comma, separated, tags")
	t.entry.OnChanged = func(text string) {
		if t.onChange != nil {
			t.onChange()
		}
		if !t.quiet {
			t.suggest(text)
		}
	}
	t.hints.Hide()
	t.view = container.NewVBox(t.entry, t.hints)
	return t
}

// set shows a record's tags without offering hints.
func (t *tagInput) set(tags []string) {
	t.quiet = true
	t.entry.SetText(strings.Join(tags, ", "))
	t.quiet = false
	t.showHints(nil)
}

// typing splits the text into the tags already finished and the word
// being typed (after the last comma).
func typing(text string) (done []string, word string) {
	i := strings.LastIndex(text, ",")
	return data.SplitTags(text[:max(i, 0)]), strings.TrimSpace(text[i+1:])
}

func (t *tagInput) suggest(text string) {
	done, word := typing(text)
	askNewest(t.ctx, &t.answers, func(ctx context.Context) ([]data.TagUse, error) {
		return t.store.Tags(ctx, word, maxTagHints+len(done)+1)
	}, func(uses []data.TagUse) {
		var offer []data.TagUse
		for _, u := range uses {
			if !hasTag(done, u.Tag) && !strings.EqualFold(u.Tag, word) && len(offer) < maxTagHints {
				offer = append(offer, u)
			}
		}
		t.showHints(offer)
	}, func(err error) {
		t.hints.Objects = []fyne.CanvasObject{widget.NewLabel("The tags in use could not be read: " + err.Error())}
		t.hints.Refresh()
	})
}

func hasTag(tags []string, tag string) bool {
	for _, x := range tags {
		if strings.EqualFold(x, tag) {
			return true
		}
	}
	return false
}

func (t *tagInput) showHints(uses []data.TagUse) {
	if len(uses) == 0 {
		t.hints.Hide()
		t.hints.RemoveAll()
		return
	}
	// The row is built aside and swapped in whole, so nothing ever sees
	// half of the old hints and half of the new.
	row := []fyne.CanvasObject{widget.NewLabel("In use:")}
	for _, u := range uses {
		tag := u.Tag
		b := widget.NewButton(fmt.Sprintf("%s (%d)", tag, u.Records), func() { t.complete(tag) })
		b.Importance = widget.LowImportance
		row = append(row, b)
	}
	t.hints.Objects = row
	t.hints.Refresh()
	t.hints.Show()
}

// complete replaces the word being typed with tag and starts the next.
func (t *tagInput) complete(tag string) {
	done, _ := typing(t.entry.Text)
	t.showHints(nil) // the next word's hints come once it is asked for
	t.entry.SetText(strings.Join(append(done, tag), ", ") + ", ")
	t.entry.CursorColumn = len([]rune(t.entry.Text))
	t.entry.Refresh()
	if c := fyne.CurrentApp().Driver().CanvasForObject(t.entry); c != nil {
		c.Focus(t.entry)
	}
}
