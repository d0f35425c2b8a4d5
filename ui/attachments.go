package ui

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// attachmentsInput lists a record's files: name, type, size, who added
// them and when. A file picked is read in when the record is saved, in
// the same audited write; one taken off keeps its bytes in the workspace
// (undo brings it back). Opening one hands the system's viewer a copy.
type attachmentsInput struct {
	wb      *Workbench
	files   []data.Attachment
	rec     func() *data.Record // the record as saved: what Open reads
	rows    *fyne.Container
	add     *widget.Button
	changed func()
	view    fyne.CanvasObject
}

func newAttachmentsInput(wb *Workbench, rec func() *data.Record) *attachmentsInput {
	in := &attachmentsInput{wb: wb, rec: rec, rows: container.NewVBox(), changed: func() {}}
	in.add = widget.NewButtonWithIcon("Attach file…", theme.ContentAddIcon(), in.pick)
	hint := widget.NewLabel("Up to 25 MB each, kept inside the workspace file (sealed when it is sealed); added when you save.")
	hint.Wrapping = fyne.TextWrapWord
	hint.SizeName = theme.SizeNameCaptionText
	in.view = container.NewVBox(in.rows, container.NewHBox(in.add), hint)
	return in
}

func (in *attachmentsInput) set(files []data.Attachment) {
	in.files = append([]data.Attachment(nil), files...)
	in.redraw()
}

func (in *attachmentsInput) get() []data.Attachment {
	if len(in.files) == 0 {
		return nil
	}
	return append([]data.Attachment(nil), in.files...)
}

// pick asks for a file with Fyne's own dialog.
func (in *attachmentsInput) pick() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, in.wb.win)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		in.addPath(path)
	}, in.wb.win)
	d.Resize(in.wb.win.Canvas().Size())
	d.Show()
}

// addPath adds the file at path, to be read in on save; one that cannot
// be is refused at once, with why.
func (in *attachmentsInput) addPath(path string) {
	info, err := os.Stat(path)
	name := filepath.Base(path)
	switch {
	case err != nil:
		dialog.ShowError(fmt.Errorf("“%s” cannot be attached: %w", name, err), in.wb.win)
		return
	case !info.Mode().IsRegular():
		dialog.ShowError(fmt.Errorf("“%s” is not a file, so it cannot be attached", name), in.wb.win)
		return
	case data.TooLarge(info.Size()) != "":
		dialog.ShowError(fmt.Errorf("“%s” %s. Keep a larger file elsewhere and note where in the record", name, data.TooLarge(info.Size())), in.wb.win)
		return
	}
	in.files = append(in.files, data.Attachment{Name: name, From: path, Size: info.Size()})
	in.redraw()
	in.changed()
}

func (in *attachmentsInput) redraw() {
	in.rows.RemoveAll()
	if len(in.files) == 0 {
		none := widget.NewLabel("No files attached.")
		none.Importance = widget.LowImportance
		in.rows.Add(none)
	}
	for i := range in.files {
		i, a := i, in.files[i]
		name := widget.NewLabel("")
		name.Wrapping = fyne.TextWrapWord // the name is what tells files apart: all of it shows
		setText(name, a.Name)             // a Persian or Hebrew name reads right to left
		about := widget.NewLabel(describeFile(a))
		about.SizeName = theme.SizeNameCaptionText
		about.Truncation = fyne.TextTruncateEllipsis
		open := widget.NewButtonWithIcon("Open", theme.VisibilityIcon(), func() { in.wb.openAttachment(in.rec(), a) })
		if a.Pending() {
			open.Disable()
		}
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			in.files = append(in.files[:i:i], in.files[i+1:]...)
			in.redraw()
			in.changed()
		})
		in.rows.Add(container.NewBorder(nil, nil, widget.NewIcon(fileIcon(a.Type)), container.NewHBox(open, remove),
			container.NewVBox(name, about)))
	}
}

// describeFile says what a file is and where it came from, in a line.
func describeFile(a data.Attachment) string {
	if a.Pending() {
		return data.HumanSize(a.Size) + " · added when the record is saved"
	}
	return fmt.Sprintf("%s · %s · added %s by %s", typeName(a.Type), data.HumanSize(a.Size), a.AddedAt.Local().Format("2006-01-02 15:04"), a.AddedBy)
}

// typeName is a media type as a desk officer says it.
func typeName(t string) string {
	switch t {
	case "application/pdf":
		return "PDF"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/msword":
		return "Word document"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel":
		return "spreadsheet"
	case "message/rfc822":
		return "email"
	case "text/plain":
		return "text"
	}
	if major, minor, ok := strings.Cut(t, "/"); ok && (major == "image" || major == "audio" || major == "video") {
		return strings.ToUpper(strings.TrimPrefix(minor, "x-")) + " " + major
	}
	return t
}

func fileIcon(t string) fyne.Resource {
	switch {
	case strings.HasPrefix(t, "image/"):
		return theme.FileImageIcon()
	case strings.HasPrefix(t, "text/"):
		return theme.FileTextIcon()
	case strings.HasPrefix(t, "audio/"):
		return theme.FileAudioIcon()
	case strings.HasPrefix(t, "video/"):
		return theme.FileVideoIcon()
	case t == "application/pdf":
		return theme.DocumentIcon()
	}
	return theme.FileIcon()
}

// openAttachment hands the system's viewer a copy of one of r's files,
// written to the private folder; in a sealed workspace it first says that
// the copy is plain. Reading runs off the window's goroutine.
func (wb *Workbench) openAttachment(r *data.Record, a data.Attachment) {
	if wb.copies == nil {
		dialog.ShowError(errors.New("there is no private folder for copies of files on this machine"), wb.win)
		return
	}
	run := func() {
		go func() {
			path, err := wb.copyForViewing(r, a)
			onUI(func() {
				switch {
				case wb.ctx.Err() != nil: // closed or locked meanwhile: the copy is wiped
				case err != nil:
					dialog.ShowError(err, wb.win)
				default:
					if err := wb.viewFile(path); err != nil {
						dialog.ShowError(fmt.Errorf("the copy of “%s” is at %s, but no viewer opened it: %w", a.Name, path, err), wb.win)
					}
				}
			})
		}()
	}
	if !wb.store.Sealed() {
		run()
		return
	}
	msg := widget.NewLabel(fmt.Sprintf("Your viewer cannot read inside the sealed workspace, so Convenor writes a plain, unencrypted copy of “%s” to a private folder (%s).\n\n"+
		"The copy is overwritten and removed when the workspace is locked or closed, and when Convenor next starts. Your viewer may keep copies of its own (recent files, thumbnails).",
		a.Name, wb.copies.Path()))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Open a plain copy?", "Open copy", "Cancel", msg, func(ok bool) {
		wb.dialog = nil
		if ok {
			run()
		}
	}, wb.win)
	d.Resize(fyne.NewSize(min(560, wb.win.Canvas().Size().Width-40), 0))
	wb.showDialog(d)
}

// copyForViewing writes the copy; a copy that could not be written whole
// (a full disk, bytes changed outside Convenor) is wiped, not left.
func (wb *Workbench) copyForViewing(r *data.Record, a data.Attachment) (string, error) {
	f, err := wb.copies.Create(a.Name)
	if err != nil {
		return "", fmt.Errorf("a copy of “%s” could not be written: %w", a.Name, err)
	}
	_, err = wb.store.OpenAttachment(wb.ctx, r.ID, a.ID, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		os.Remove(filepath.Dir(f.Name()))
		return "", fmt.Errorf("“%s” was not opened: %w", a.Name, err)
	}
	return f.Name(), nil
}

// openInViewer asks the desktop to open a file with the viewer it uses
// for that type.
func (wb *Workbench) openInViewer(path string) error {
	return wb.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(path)})
}
