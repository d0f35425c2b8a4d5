package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/interchange"
	"convenor/data/store"
)

// askExport writes the current kind's records to a file the user picks,
// labelled with the most restrictive TLP label they contain, leaving out
// records above the label chosen.
func (wb *Workbench) askExport() {
	k := wb.kind
	format := widget.NewSelect(interchange.Formats(k), nil)
	format.SetSelected("csv")
	maxTLP := widget.NewSelect(data.TLPStrings(), nil)
	maxTLP.SetSelected(string(data.TLPAmber))
	items := []*widget.FormItem{
		{Text: "Format", Widget: format},
		{Text: "Up to", Widget: maxTLP, HintText: "Records labelled above this are left out. The file carries the most restrictive label it contains."},
	}
	// From a sealed workspace the export is sealed too, unless the user
	// says otherwise, knowingly.
	plain := widget.NewCheck("Write it unencrypted: anyone with the file can read it", nil)
	pass, passItems := passphraseItems(func() bool { return wb.store.Sealed() && !plain.Checked })
	if wb.store.Sealed() {
		items = append(items, passItems...)
		items = append(items, &widget.FormItem{Widget: plain})
	}
	var d *dialog.FormDialog
	plain.OnChanged = func(bool) { pass.Validate(); d.Refresh() }
	d = dialog.NewForm("Export "+strings.ToLower(k.Plural), "Choose file…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			defer w.Close()
			// The save dialog made the file readable by everyone; narrow it
			// before a word is written.
			if w.URI().Scheme() == "file" {
				if err := store.MakePrivate(w.URI().Path()); err != nil {
					dialog.ShowError(err, wb.win)
					return
				}
			}
			e := &interchange.Export{Kind: k, Format: format.Selected, MaxTLP: data.TLP(maxTLP.Selected)}
			var err2 error
			if wb.store.Sealed() && !plain.Checked {
				err2 = interchange.WriteSealed(wb.ctx, wb.store, w, e, pass.Text)
			} else {
				err2 = interchange.Write(wb.ctx, wb.store, w, e)
			}
			if err := err2; err != nil {
				dialog.ShowError(err, wb.win)
				return
			}
			dialog.ShowInformation("Exported", exportSummary(e, w.URI().Path()), wb.win)
		}, wb.win)
		ext := "." + format.Selected
		if wb.store.Sealed() && !plain.Checked {
			ext += ".sealed"
		}
		save.SetFileName(strings.ToLower(k.Plural) + ext)
		save.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
		save.Show()
	}, wb.win)
	d.Resize(fyne.NewSize(520, 280))
	wb.showDialog(d)
}

func exportSummary(e *interchange.Export, path string) string {
	s := fmt.Sprintf("%d %s written to\n%s\nThe file is labelled %s (%s).", e.Records, strings.ToLower(e.Kind.Plural), path, e.Label, data.TLPMeaning[e.Label])
	if e.LeftOut > 0 {
		s += fmt.Sprintf("\n%d labelled above %s were left out.", e.LeftOut, e.MaxTLP)
	}
	return s
}
