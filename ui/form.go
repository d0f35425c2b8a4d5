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
// description; saving goes through the store, which validates again.
type recordForm struct {
	wb     *Workbench
	kind   *data.Kind
	rec    *data.Record // as last read or saved; ID "" while new
	title  *widget.Entry
	tlp    *widget.Select
	tags   *widget.Entry
	notes  *widget.Entry
	inputs map[string]fieldInput
	form   *widget.Form
	status *widget.Label // what is wrong, or what was saved
	save   *widget.Button
	delete *widget.Button
	badge  *tlpBadge
	dirty  bool
	view   fyne.CanvasObject
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
	f.tags = widget.NewEntry()
	f.tags.SetPlaceHolder("comma, separated, tags")
	f.notes = widget.NewMultiLineEntry()
	f.notes.Wrapping = fyne.TextWrapWord
	f.notes.SetMinRowsVisible(3)

	f.form = widget.NewForm()
	f.form.Append(r.Kind.TitleLabel+" *", f.title)
	tlpItem := widget.NewFormItem("TLP label", f.tlp)
	tlpItem.HintText = "Who may see this record."
	f.form.AppendItem(tlpItem)
	for i := range r.Kind.Fields {
		fd := &r.Kind.Fields[i]
		in := f.newInput(fd)
		f.inputs[fd.Key] = in
		label := fd.Label
		if fd.Required {
			label += " *"
		}
		item := widget.NewFormItem(label, in.widget())
		item.HintText = fd.Help
		f.form.AppendItem(item)
	}
	f.form.Append("Tags", f.tags)
	f.form.Append("Notes", f.notes)

	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	f.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), f.doSave)
	f.save.Importance = widget.HighImportance
	f.delete = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), f.confirmDelete)
	heading := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.load(r)
	if r.ID == "" {
		heading.SetText("New " + r.Kind.Label)
		f.delete.Disable()
	} else {
		heading.SetText(r.Kind.Label)
	}
	f.watch()
	bar := container.NewHBox(f.save, f.delete)
	top := container.NewBorder(nil, nil, heading, f.badge)
	f.view = container.NewBorder(top, container.NewVBox(f.status, bar), nil, nil, container.NewVScroll(f.form))
	return f
}

// zone is the time zone date-times are typed in: the record's own, else UTC.
func (f *recordForm) zone() *time.Location {
	if in, ok := f.inputs["timezone"]; ok {
		if v, err := in.get(); err == nil && v != nil {
			if loc, err := time.LoadLocation(v.(string)); err == nil {
				return loc
			}
		}
	}
	return time.UTC
}

// load shows r in the form and marks it unchanged.
func (f *recordForm) load(r *data.Record) {
	f.rec = r
	f.title.SetText(r.Title)
	f.tlp.SetSelected(string(r.TLP))
	f.badge.set(r.TLP)
	f.tags.SetText(strings.Join(r.Tags, ", "))
	f.notes.SetText(r.Notes)
	// The time zone first, so date-times are shown at the record's place.
	if in, ok := f.inputs["timezone"]; ok {
		in.set(r.Values["timezone"])
	}
	for key, in := range f.inputs {
		if key != "timezone" {
			in.set(r.Values[key])
		}
	}
	f.dirty = false
	f.status.SetText("")
}

func (f *recordForm) watch() {
	mark := func() { f.dirty = true }
	f.title.OnChanged = func(string) { mark() }
	f.tlp.OnChanged = func(s string) { mark(); f.badge.set(data.TLP(s)) }
	f.tags.OnChanged = func(string) { mark() }
	f.notes.OnChanged = func(string) { mark() }
	for _, in := range f.inputs {
		in.onChange(mark)
	}
}

// collect reads the form into a copy of the record; problems are listed by
// field label.
func (f *recordForm) collect() (*data.Record, error) {
	r := f.rec.Clone()
	r.Title = f.title.Text
	r.TLP = data.TLP(f.tlp.Selected)
	r.Tags = data.SplitTags(f.tags.Text)
	r.Notes = f.notes.Text
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
		return nil, verr
	}
	return r, nil
}

func (f *recordForm) doSave() {
	r, err := f.collect()
	if err == nil {
		if r.ID == "" {
			err = f.wb.store.Insert(r)
		} else {
			err = f.wb.store.Update(r)
		}
	}
	if err != nil {
		f.showError(err)
		return
	}
	saved, err := f.wb.store.Get(r.ID)
	if err != nil {
		f.showError(err)
		return
	}
	f.wb.recordSaved(saved)
}

func (f *recordForm) showError(err error) {
	if v, ok := data.AsValidation(err); ok {
		lines := make([]string, len(v.Fields))
		for i, fe := range v.Fields {
			lines[i] = "• " + fe.Error()
		}
		f.status.SetText("Not saved. Please correct:\n" + strings.Join(lines, "\n"))
		f.status.Importance = widget.DangerImportance
		f.status.Refresh()
		return
	}
	dialog.ShowError(fmt.Errorf("Not saved: %w", err), f.wb.win)
}

func (f *recordForm) confirmDelete() {
	r := f.rec
	dialog.ShowConfirm("Delete "+strings.ToLower(r.Kind.Label)+"?",
		fmt.Sprintf("“%s” will be deleted.\nRecords that point to it lose that link.\nThe audit log keeps a full copy.", r.Title),
		func(ok bool) {
			if !ok {
				return
			}
			if _, err := f.wb.store.Delete(r.ID); err != nil {
				dialog.ShowError(err, f.wb.win)
				return
			}
			f.wb.recordDeleted(r)
		}, f.wb.win)
}
