package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// filterBar narrows a list: words, the kind's status (or main choice), TLP
// label, a tag, and a date range on the kind's main date.
type filterBar struct {
	list       *recordList
	text       *widget.Entry
	choice     *widget.Select
	field      *data.Field // what choice filters on; nil hides it
	tlp        *widget.Select
	tag        *widget.SelectEntry // its list offers the tags in use
	tagsInUse  newest
	tagOptions []string // what the tag box's list offers
	from, to   *dateInput
	message    *widget.Label // why the filter cannot be applied
	view       fyne.CanvasObject
	quiet      bool // while show() resets the inputs
}

const anyValue = "any"

func newFilterBar(l *recordList) *filterBar {
	b := &filterBar{list: l}
	b.text = widget.NewEntry()
	b.text.SetPlaceHolder("Filter by words…")
	b.text.OnChanged = func(string) { b.apply() }
	b.choice = widget.NewSelect(nil, func(string) { b.apply() })
	b.tlp = widget.NewSelect(append([]string{anyValue}, data.TLPStrings()...), func(string) { b.apply() })
	b.tlp.PlaceHolder = "TLP label"
	b.tag = widget.NewSelectEntry(nil)
	b.tag.SetPlaceHolder("tag")
	b.tag.OnChanged = func(string) { b.apply() }
	b.from = newDateInput(&data.Field{Label: "From"})
	b.to = newDateInput(&data.Field{Label: "To"})
	b.from.onChange(b.apply)
	b.to.onChange(b.apply)
	b.message = widget.NewLabel("")
	b.message.Importance = widget.DangerImportance
	b.message.Hide()
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), b.clear)
	row2 := container.NewGridWithColumns(3, b.choice, b.tlp, b.tag)
	row3 := container.NewBorder(nil, nil, nil, clear, container.NewGridWithColumns(2, b.from.widget(), b.to.widget()))
	b.view = container.NewVBox(b.text, row2, row3, b.message)
	return b
}

// show resets the bar for kind k.
func (b *filterBar) show(k *data.Kind) {
	b.quiet = true
	defer func() { b.quiet = false }()
	b.field = k.Field("status")
	if b.field == nil || b.field.Type != data.Choice {
		b.field = nil
		for _, f := range k.Columns() {
			if f.Type == data.Choice && f.Listed {
				b.field = f
				break
			}
		}
	}
	if b.field != nil {
		b.offerChoices(k)
		b.choice.PlaceHolder = b.field.Label
		b.choice.Show()
	} else {
		b.choice.Hide()
	}
	b.choice.ClearSelected()
	b.tlp.ClearSelected()
	b.text.SetText("")
	b.tag.SetText("")
	b.offerTags()
	b.from.set(nil)
	b.to.set(nil)
	name := "Updated"
	if f := k.Field(k.DateField()); f != nil {
		name = f.Label
	}
	b.from.entry.SetPlaceHolder(name + " from YYYY-MM-DD")
	b.to.entry.SetPlaceHolder("to YYYY-MM-DD")
	b.message.Hide()
}

// offerChoices fills the choice box with the field's values: for a
// workspace's own list, what it offers and what it has retired.
func (b *filterBar) offerChoices(k *data.Kind) {
	if b.field == nil {
		return
	}
	voc := b.list.wb.store.Vocabulary()
	b.choice.Options = append(append([]string{anyValue}, voc.Offered(k, b.field)...), voc.Retired(k, b.field)...)
	b.choice.Refresh()
}

// offerTags fills the tag box's list with the workspace's most used tags.
func (b *filterBar) offerTags() {
	st := b.list.records
	askNewest(b.list.wb.ctx, &b.tagsInUse, func(ctx context.Context) ([]data.TagUse, error) {
		return st.Tags(ctx, "", 40)
	}, func(uses []data.TagUse) {
		names := make([]string, len(uses))
		for i, u := range uses {
			names[i] = u.Tag
		}
		b.tagOptions = names
		b.tag.SetOptions(names)
	}, func(err error) { b.problem(fmt.Errorf("reading the tags in use: %w", err)) })
}

// learnTags reads the tags in use again only when a save brought one the
// list does not offer yet.
func (b *filterBar) learnTags(tags []string) {
	for _, t := range tags {
		if !hasTag(b.tagOptions, t) {
			b.offerTags()
			return
		}
	}
}

func (b *filterBar) clear() {
	b.show(b.list.query.Kind)
	b.apply()
}

// apply turns the inputs into the list's query and reloads it.
func (b *filterBar) apply() {
	if b.quiet {
		return
	}
	q := &b.list.query
	q.Text = b.text.Text
	q.Equals = nil
	if b.field != nil && b.choice.Selected != "" && b.choice.Selected != anyValue {
		q.Equals = map[string]string{b.field.Key: b.choice.Selected}
	}
	q.TLP = nil
	if s := b.tlp.Selected; s != "" && s != anyValue {
		q.TLP = []data.TLP{data.TLP(s)}
	}
	q.Tag = strings.TrimSpace(b.tag.Text)
	q.From, q.To = b.from.entry.Text, b.to.entry.Text
	if _, err := b.from.get(); err != nil {
		q.From = ""
	}
	if _, err := b.to.get(); err != nil {
		q.To = ""
	}
	b.message.Hide()
	b.list.reload()
}

// problem shows why the list could not be read with this filter.
func (b *filterBar) problem(err error) {
	b.message.SetText(err.Error())
	b.message.Show()
}
