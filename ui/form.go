package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// recordForm edits one record. Its fields are built from the kind's
// description; every change is checked against that description at once,
// and saving goes through the store, which checks again.
type recordForm struct {
	wb      *Workbench
	kind    *data.Kind
	rec     *data.Record // as last read or saved; ID "" while new
	title   *widget.Entry
	tlp     *widget.Select
	tags    *tagInput
	scroll  *container.Scroll
	notes   *longText
	inputs  map[string]fieldInput
	form    *widget.Form
	status  *widget.Label // what is wrong, what is unsaved, or what was saved
	save    *widget.Button
	revert  *widget.Button
	delete  *widget.Button
	badge   *tlpBadge
	links   *backlinks
	files   *attachmentsInput
	dirty   bool
	saving  bool // files are being read in by a save
	loading bool // while load() fills the inputs
	view    fyne.CanvasObject
}

func newRecordForm(wb *Workbench, r *data.Record) *recordForm {
	f := &recordForm{wb: wb, kind: r.Kind, inputs: map[string]fieldInput{}}
	f.title = widget.NewEntry()
	f.title.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("is required")
		}
		return nil
	}
	f.tlp = widget.NewSelect(data.TLPStrings(), nil)
	f.badge = newTLPBadge()
	f.tags = newTagInput(wb.ctx, wb.store)
	f.notes = newLongText()

	f.form = widget.NewForm()
	f.form.Append(r.Kind.TitleLabel+" *", f.title)
	f.form.Append("TLP label", withHelp(f.tlp, "Who may see this record."))
	for i := range r.Kind.Fields {
		fd := &r.Kind.Fields[i]
		in := f.newInput(fd)
		f.inputs[fd.Key] = in
		label := fd.Label
		if fd.Required {
			label += " *"
		}
		help := fd.Help
		if fd.Type == data.DateTime && help == "" {
			help = "Date and 24-hour time at the place, in the record's time zone."
		}
		f.form.Append(label, withHelp(in.widget(), help))
	}
	f.form.Append("Tags", f.tags.view)
	f.form.Append("Notes", f.notes.obj)
	f.files = newAttachmentsInput(wb, func() *data.Record { return f.rec })
	f.form.Append("Attachments", f.files.view)

	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	f.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), f.doSave)
	f.save.Importance = widget.HighImportance
	f.revert = widget.NewButtonWithIcon("Revert", theme.ContentUndoIcon(), func() { f.load(f.rec) })
	f.delete = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), f.confirmDelete)
	history := widget.NewButtonWithIcon("History", theme.HistoryIcon(), func() { wb.showHistory(f.rec) })
	heading := widget.NewLabelWithStyle(r.Kind.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.links = newBacklinks(wb)
	f.load(r)
	if r.ID == "" {
		heading.SetText("New " + r.Kind.Label)
		f.delete.Disable()
		history.Disable()
	}
	f.watch()
	bar := container.NewHBox(f.save, f.revert, f.delete, history)
	top := container.NewBorder(nil, nil, heading, f.badge)
	body := container.NewVBox(f.form, f.links.view)
	f.scroll = container.NewVScroll(body)
	f.view = container.NewBorder(top, container.NewVBox(widget.NewSeparator(), f.status, bar), nil, nil, f.scroll)
	return f
}

// zone is the time zone date-times are typed in: the record's own, else UTC.
func (f *recordForm) zone() *time.Location {
	if in, ok := f.inputs[data.FieldTimeZone]; ok {
		if v, err := in.get(); err == nil && v != nil {
			if loc, err := placeZone(v.(string)); err == nil {
				return loc
			}
		}
	}
	return time.UTC
}

// load shows r in the form and marks it unchanged.
func (f *recordForm) load(r *data.Record) {
	f.loading = true
	f.rec = r
	f.title.SetText(r.Title)
	f.tlp.SetSelected(string(r.TLP))
	f.badge.set(r.TLP)
	f.tags.set(r.Tags)
	f.notes.set(r.Notes)
	f.files.set(r.Attachments)
	// The time zone first, so date-times are shown at the record's place.
	if in, ok := f.inputs[data.FieldTimeZone]; ok {
		in.set(r.Values[data.FieldTimeZone])
	}
	for key, in := range f.inputs {
		if key != data.FieldTimeZone {
			in.set(r.Values[key])
		}
	}
	f.loading = false
	f.links.show(r)
	f.setDirty(false)
}

func (f *recordForm) watch() {
	changed := func() {
		f.wb.touch()
		if !f.loading {
			f.setDirty(true)
		}
	}
	f.title.OnChanged = func(string) { changed() }
	f.tlp.OnChanged = func(s string) { changed(); f.badge.set(data.TLP(s)) }
	f.tags.onChange = changed
	f.notes.onChanged = changed
	f.files.changed = changed
	for _, in := range f.inputs {
		in.onChange(changed)
	}
}

// setDirty marks whether the form holds unsaved changes, and checks them.
func (f *recordForm) setDirty(d bool) {
	f.dirty = d
	if d {
		f.revert.Enable()
	} else {
		f.revert.Disable()
	}
	f.check()
}

// check validates what the form holds, as the store will, naming every
// field that is wrong; Save is enabled only when there is something valid
// to save.
func (f *recordForm) check() bool {
	if f.rec.ID == "" && !f.dirty {
		// Nothing typed yet is not a mistake: say what to do, not what is wrong.
		f.status.Importance = widget.MediumImportance
		f.status.SetText("New " + strings.ToLower(f.kind.Label) + ": fill in the fields marked * and press Save (Ctrl+S).")
		f.save.Disable()
		return false
	}
	if err := f.problems(); err != nil {
		f.showError(err)
		f.save.Disable()
		return false
	}
	f.status.Importance = widget.MediumImportance
	switch {
	case f.rec.ID == "":
		f.status.SetText("New record, not saved yet.")
	case f.dirty:
		f.status.Importance = widget.WarningImportance
		f.status.SetText("Unsaved changes.")
	default:
		f.status.SetText("")
	}
	f.status.Refresh()
	if f.dirty {
		f.save.Enable()
	} else {
		f.save.Disable()
	}
	return true
}

// problems lists everything wrong with the form in one go: values that
// cannot be read, then what the kind's description rejects.
func (f *recordForm) problems() error {
	r, err := f.collect()
	if err == nil {
		return data.ValidateIn(r, f.wb.store.Vocabulary())
	}
	verr, _ := data.AsValidation(err)
	if more, ok := data.AsValidation(data.ValidateIn(r, f.wb.store.Vocabulary())); ok {
		for _, fe := range more.Fields {
			if verr.For(fe.Key) == "" {
				verr.Fields = append(verr.Fields, fe)
			}
		}
	}
	return verr
}

// collect reads the form into a copy of the record; fields that cannot be
// read are left out of it and listed in the error, by label.
func (f *recordForm) collect() (*data.Record, error) {
	r := f.rec.Clone()
	r.Title = f.title.Text
	r.TLP = data.TLP(f.tlp.Selected)
	r.Tags = data.SplitTags(f.tags.entry.Text)
	r.Notes = f.notes.text()
	r.Attachments = f.files.get()
	verr := &data.ValidationError{}
	for i := range f.kind.Fields {
		fd := &f.kind.Fields[i]
		if !fd.Writable() {
			continue
		}
		v, err := f.inputs[fd.Key].get()
		if err != nil {
			verr.Fields = append(verr.Fields, data.FieldError{Key: fd.Key, Label: fd.Label, Msg: err.Error()})
			continue
		}
		if v == nil {
			delete(r.Values, fd.Key)
		} else {
			r.Values[fd.Key] = v
		}
	}
	if len(verr.Fields) > 0 {
		return r, verr
	}
	return r, nil
}

func (f *recordForm) doSave() { f.saveThen(nil) }

// saveThen writes what the form holds, then tells then (if set) whether
// it was saved. A record carrying files to read in (up to 25 MB each,
// half a second) is written off the window's goroutine behind a progress
// dialog; any other at once.
func (f *recordForm) saveThen(then func(saved bool)) {
	if then == nil {
		then = func(bool) {}
	}
	if f.saving { // a save reading files in is under way: it is the one
		return
	}
	if !f.dirty {
		then(true)
		return
	}
	r, err := f.collect()
	if err != nil {
		f.showError(f.problems())
		then(false)
		return
	}
	edit := &data.Edit{Before: f.rec}
	if r.ID == "" {
		edit.Before = nil
	}
	write := func() (*data.Record, error) {
		var err error
		if r.ID == "" {
			err = f.wb.store.Insert(r)
		} else {
			err = f.wb.store.Update(r)
		}
		if err != nil {
			return nil, err
		}
		return f.wb.store.Get(r.ID)
	}
	finish := func(saved *data.Record, err error) {
		if err != nil {
			f.showError(err)
			then(false)
			return
		}
		edit.After = saved
		f.wb.recordSaved(saved, edit)
		then(true)
	}
	pending := 0
	for _, a := range r.Attachments {
		if a.Pending() {
			pending++
		}
	}
	if pending == 0 {
		finish(write())
		return
	}
	title := "Saving, with the file read into the workspace…"
	if pending > 1 {
		title = fmt.Sprintf("Saving, with %d files read into the workspace…", pending)
	}
	var saved *data.Record
	f.saving = true
	busy(f.wb.win, title, &f.wb.working, func() (err error) {
		saved, err = write()
		return err
	}, func(err error) {
		f.saving = false
		finish(saved, err)
	})
}

func (f *recordForm) showError(err error) {
	if v, ok := data.AsValidation(err); ok {
		lines := make([]string, len(v.Fields))
		for i, fe := range v.Fields {
			lines[i] = "• " + fe.Error()
		}
		f.status.SetText("Cannot be saved yet. Please correct:\n" + strings.Join(lines, "\n"))
		f.status.Importance = widget.DangerImportance
		f.status.Refresh()
		return
	}
	dialog.ShowError(fmt.Errorf("Not saved: %w", err), f.wb.win)
}

func (f *recordForm) confirmDelete() {
	f.wb.confirmDelete([]string{f.rec.ID}, "“"+f.rec.Title+"”", nil)
}

// withHelp puts a field's help under it, wrapped: a form's own hint text
// never wraps, so one long sentence made the whole form wider than a
// 1024-pixel window.
func withHelp(input fyne.CanvasObject, help string) fyne.CanvasObject {
	if help == "" {
		return input
	}
	l := widget.NewLabel(help)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return container.NewVBox(input, l)
}
