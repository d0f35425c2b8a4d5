package ui

import (
	"fmt"
	"image/png"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// prefUpTo is the label the views show records up to: one choice for
// every view, kept in the app's preferences.
const prefUpTo = "views.up_to"

// newUpToSelect is a view's "show up to" choice; changing it is kept and
// calls reload.
func newUpToSelect(wb *Workbench, reload func()) *widget.Select {
	s := widget.NewSelect(data.TLPStrings(), func(l string) {
		wb.app.Preferences().SetString(prefUpTo, l)
		reload()
	})
	s.Selected = wb.app.Preferences().StringWithFallback(prefUpTo, string(data.TLPRed))
	return s
}

// syncUpTo shows in s the choice made in another view meanwhile.
func syncUpTo(wb *Workbench, s *widget.Select) {
	s.Selected = wb.app.Preferences().StringWithFallback(prefUpTo, string(data.TLPRed))
	s.Refresh()
}

// askSavePNG asks where to save a view as a PNG, with Fyne's own dialog,
// and has draw write it.
func askSavePNG(wb *Workbench, name string, draw func(io.Writer) error) {
	askSaveAs(wb, name, ".png", draw)
}

// askSaveAs asks where to save a view as a file of type ext (".svg").
func askSaveAs(wb *Workbench, name, ext string, draw func(io.Writer) error) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			if err != nil {
				dialog.ShowError(err, wb.win)
			}
			return
		}
		defer w.Close()
		if err := draw(w); err != nil {
			dialog.ShowError(fmt.Errorf("the %s was not saved: %w", name, err), wb.win)
		}
	}, wb.win)
	d.SetFileName(name + ext)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Resize(wb.win.Canvas().Size())
	d.Show()
}

// renderPNG draws obj at size on a software canvas of its own (never the
// window's objects, whose layout it would disturb) into a PNG.
func renderPNG(w io.Writer, obj fyne.CanvasObject, size fyne.Size) error {
	c := software.NewCanvas()
	c.SetContent(obj)
	c.Resize(size)
	return png.Encode(w, c.Capture())
}
