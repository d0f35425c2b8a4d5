package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// vocabEditor is Workspace → Vocabularies…: the workspace's own lists, one
// field at a time; a value can be added, renamed (with every record that
// holds it, in one audited step) or retired (records keep it; it is no
// longer offered) and brought back.
type vocabEditor struct {
	wb       *Workbench
	fields   []data.VocabField
	field    *widget.Select
	current  data.VocabField
	rows     []vocabRow
	list     *widget.List
	selected int
	rename   *widget.Button
	retire   *widget.Button
	means    *widget.Select // what the value means, for lists whose values carry meaning
	status   *widget.Label
	dialog   dialog.Dialog
}

// vocabRow is one value of the list shown.
type vocabRow struct {
	value   string
	retired bool
}

func (wb *Workbench) showVocabularies() {
	e := &vocabEditor{wb: wb, fields: data.VocabFields(), selected: -1, status: widget.NewLabel("")}
	e.status.Wrapping = fyne.TextWrapWord
	var names []string
	for _, vf := range e.fields {
		names = append(names, vf.Kind.Label+" · "+vf.Field.Label)
	}
	e.list = widget.NewList(func() int { return len(e.rows) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			r := e.rows[i]
			l.Importance = widget.MediumImportance
			text := showable(r.value)
			if e.current.Field.Tones != nil {
				text += "  · " + string(e.wb.store.Vocabulary().Tone(e.current.Kind, e.current.Field, r.value))
			}
			if r.retired {
				text += "  (retired: kept on its records, no longer offered)"
				l.Importance = widget.LowImportance
			}
			l.SetText(text)
		})
	e.list.OnSelected = func(i widget.ListItemID) { e.selected = i; e.buttons() }
	e.field = widget.NewSelect(names, func(name string) {
		for i, n := range names {
			if n == name {
				e.current = e.fields[i]
			}
		}
		e.load()
	})
	add := widget.NewButtonWithIcon("Add…", theme.ContentAddIcon(), e.askAdd)
	e.rename = widget.NewButtonWithIcon("Rename…", theme.DocumentCreateIcon(), e.askRename)
	e.retire = widget.NewButtonWithIcon("Retire", theme.ContentRemoveIcon(), e.toggleRetired)
	var tones []string
	for _, t := range data.Tones {
		tones = append(tones, string(t))
	}
	e.means = widget.NewSelect(tones, e.setTone)
	e.means.PlaceHolder = "Means…"
	top := container.NewVBox(widget.NewLabel("Each list is this workspace's own: what its forms offer, and what its records may hold."), e.field)
	bottom := container.NewVBox(e.status, container.NewHBox(add, e.rename, e.retire, e.means))
	e.dialog = dialog.NewCustom("Vocabularies", "Close", container.NewBorder(top, bottom, nil, nil, e.list), wb.win)
	e.dialog.Resize(fyne.NewSize(min(640, wb.win.Canvas().Size().Width-40), min(560, wb.win.Canvas().Size().Height-40)))
	wb.vocab = e
	e.field.SetSelectedIndex(0)
	wb.showDialog(e.dialog)
}

// load shows the current field's list: offered values, then retired ones.
func (e *vocabEditor) load() {
	voc := e.wb.store.Vocabulary()
	k, f := e.current.Kind, e.current.Field
	e.rows = e.rows[:0]
	for _, v := range voc.Offered(k, f) {
		e.rows = append(e.rows, vocabRow{value: v})
	}
	for _, v := range voc.Retired(k, f) {
		e.rows = append(e.rows, vocabRow{value: v, retired: true})
	}
	e.selected = -1
	e.list.UnselectAll()
	e.list.Refresh()
	e.buttons()
}

func (e *vocabEditor) buttons() {
	e.rename.Disable()
	e.retire.Disable()
	e.means.Disable()
	if e.current.Field == nil || e.current.Field.Tones == nil {
		e.means.Hide()
	} else {
		e.means.Show()
	}
	if e.selected < 0 || e.selected >= len(e.rows) {
		e.means.Selected = ""
		e.means.Refresh()
		return
	}
	if e.current.Field.Tones != nil {
		e.means.Enable()
		// Set without calling setTone: showing a value's meaning is no change.
		e.means.Selected = string(e.wb.store.Vocabulary().Tone(e.current.Kind, e.current.Field, e.rows[e.selected].value))
		e.means.Refresh()
	}
	e.rename.Enable()
	e.retire.Enable()
	e.retire.SetText("Retire")
	if e.rows[e.selected].retired {
		e.retire.SetText("Offer again")
	}
}

// done shows what a change did, or why it was refused, and the list anew.
func (e *vocabEditor) done(said string, err error) {
	if err != nil {
		e.status.Importance = widget.DangerImportance
		e.status.SetText("Not changed: " + err.Error())
		return
	}
	e.status.Importance = widget.MediumImportance
	e.status.SetText(said)
	e.load()
}

func (e *vocabEditor) askAdd() {
	entry := widget.NewEntry()
	label := e.current.Kind.Label + " · " + e.current.Field.Label
	dialog.ShowForm("Add to "+label, "Add", "Cancel", []*widget.FormItem{widget.NewFormItem("New value", entry)}, func(ok bool) {
		if ok {
			err := e.wb.store.AddToVocabulary(e.current.Kind, e.current.Field, entry.Text)
			e.done(fmt.Sprintf("“%s” added.", entry.Text), err)
		}
	}, e.wb.win)
	e.wb.win.Canvas().Focus(entry)
}

func (e *vocabEditor) askRename() {
	old := e.rows[e.selected].value
	entry := widget.NewEntry()
	entry.SetText(old)
	item := widget.NewFormItem("New name", entry)
	item.HintText = "Every record holding it is renamed too, each change in the audit trail."
	dialog.ShowForm("Rename “"+old+"”", "Rename", "Cancel", []*widget.FormItem{item}, func(ok bool) {
		if ok {
			n, err := e.wb.store.RenameInVocabulary(e.current.Kind, e.current.Field, old, entry.Text)
			e.done(fmt.Sprintf("“%s” renamed “%s”, and %d records with it.", old, entry.Text, n), err)
		}
	}, e.wb.win)
}

func (e *vocabEditor) toggleRetired() {
	r := e.rows[e.selected]
	if r.retired {
		e.done(fmt.Sprintf("“%s” is offered again.", r.value), e.wb.store.AddToVocabulary(e.current.Kind, e.current.Field, r.value))
		return
	}
	e.done(fmt.Sprintf("“%s” is no longer offered; records holding it keep it.", r.value), e.wb.store.RetireFromVocabulary(e.current.Kind, e.current.Field, r.value))
}

// setTone says what the selected value means: a relationship type of trust
// is drawn solid on the network map, one of mistrust dashed.
func (e *vocabEditor) setTone(t string) {
	if e.selected < 0 || e.selected >= len(e.rows) {
		return
	}
	value := e.rows[e.selected].value
	if data.Tone(t) == e.wb.store.Vocabulary().Tone(e.current.Kind, e.current.Field, value) {
		return
	}
	e.done(fmt.Sprintf("“%s” now means %s.", value, t), e.wb.store.SetToneInVocabulary(e.current.Kind, e.current.Field, value, data.Tone(t)))
}
