package ui

import (
	"fmt"
	"io"
	"slices"
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
	// A calendar names its attendees; their addresses only when asked.
	addresses := widget.NewCheck("Give attendees their email address (calendar only)", nil)
	var extra []*widget.FormItem
	if slices.Contains(interchange.Formats(k), "ics") {
		extra = append(extra, &widget.FormItem{Widget: addresses})
	}
	wb.askExportOf(exportJob{
		title: "Export " + strings.ToLower(k.Plural), name: strings.ToLower(k.Plural), formats: interchange.Formats(k), format: "csv", extra: extra,
		write: func(w io.Writer, format string, max data.TLP, passphrase string) (string, error) {
			e := &interchange.Export{Kind: k, Format: format, MaxTLP: max, AttendeeAddresses: format == "ics" && addresses.Checked}
			var err error
			if passphrase != "" {
				err = interchange.WriteSealed(wb.ctx, wb.store, w, e, passphrase)
			} else {
				err = interchange.Write(wb.ctx, wb.store, w, e)
			}
			return exportSummary(e), err
		},
	})
}

// exportJob is what an export dialog writes: its title and file name,
// the formats offered, and how to write one (sealed when a passphrase is
// given), saying what it wrote.
type exportJob struct {
	title, name, format string
	formats             []string
	upTo                data.TLP           // the cap offered first; TLP:AMBER if unset
	whole               bool               // everything goes: no cap is offered
	extra               []*widget.FormItem // choices of this export's own
	write               func(w io.Writer, format string, max data.TLP, passphrase string) (said string, err error)
}

// askExportOf asks for a format, a cap and (from a sealed workspace) the
// export's passphrase, then for a new file, and writes the job there.
func (wb *Workbench) askExportOf(job exportJob) {
	format := widget.NewSelect(job.formats, nil)
	format.SetSelected(job.format)
	maxTLP := widget.NewSelect(data.TLPStrings(), nil)
	if job.upTo == "" {
		job.upTo = data.TLPAmber
	}
	maxTLP.SetSelected(string(job.upTo))
	items := []*widget.FormItem{
		{Text: "Format", Widget: format},
		{Text: "Up to", Widget: maxTLP, HintText: "What is labelled above this is left out. The file carries the most restrictive label it contains."},
	}
	if job.whole {
		items = items[:1]
	}
	items = append(items, job.extra...)
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
	d = dialog.NewForm(job.title, "Choose file…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		sealed := wb.store.Sealed() && !plain.Checked
		save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			// The save dialog made the file readable by everyone; narrow it
			// before a word is written.
			if w.URI().Scheme() == "file" {
				if err := store.MakePrivate(w.URI().Path()); err != nil {
					w.Close()
					dialog.ShowError(err, wb.win)
					return
				}
			}
			passphrase := ""
			if sealed {
				passphrase = pass.Text
			}
			chosen, max := format.Selected, data.TLP(maxTLP.Selected)
			var said string
			// A whole workspace or 100,000 records take a while: written
			// off the UI goroutine, the window drawing meanwhile.
			busy(wb.win, "Writing "+w.URI().Name()+"…", &wb.working, func() error {
				defer w.Close()
				var err error
				said, err = job.write(w, chosen, max, passphrase)
				return err
			}, func(err error) {
				if err != nil {
					dialog.ShowError(err, wb.win)
					return
				}
				dialog.ShowInformation("Exported", said+"\nWritten to "+w.URI().Path(), wb.win)
			})
		}, wb.win)
		ext := "." + format.Selected
		if sealed {
			ext += ".sealed"
		}
		save.SetFileName(job.name + ext)
		save.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
		save.Show()
	}, wb.win)
	d.Resize(fyne.NewSize(520, 280))
	wb.showDialog(d)
}

func exportSummary(e *interchange.Export) string {
	s := fmt.Sprintf("%d %s. The file is labelled %s (%s).", e.Records, strings.ToLower(e.Kind.Plural), e.Label, data.TLPMeaning[e.Label])
	if e.LeftOut > 0 {
		s += fmt.Sprintf("\n%d labelled above %s were left out.", e.LeftOut, e.MaxTLP)
	}
	return s
}
