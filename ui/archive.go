package ui

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/interchange"
)

// askArchive writes the whole workspace to one file the user picks,
// sealed (under a passphrase asked for it) when the workspace is.
func (wb *Workbench) askArchive() {
	wb.askExportOf(exportJob{
		title: "Archive the whole workspace", name: strings.ToLower(strings.ReplaceAll(workspaceName(wb.store), " ", "-")),
		formats: []string{"convenor-archive"}, format: "convenor-archive", whole: true,
		write: func(w io.Writer, _ string, _ data.TLP, passphrase string) (string, error) {
			var end *interchange.ArchiveEnd
			var err error
			if passphrase != "" {
				end, err = interchange.WriteArchiveSealed(wb.ctx, wb.store, w, passphrase)
			} else {
				end, err = interchange.WriteArchive(wb.ctx, wb.store, w)
			}
			if err != nil {
				return "", err
			}
			return end.String() + ".", nil
		},
	})
}

// askRestoreArchive asks for an archive, and for its passphrase when it
// is sealed, then brings it in.
func (wb *Workbench) askRestoreArchive() {
	open := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		name := r.URI().Name()
		var b []byte
		// An archive holds the whole workspace: read it off the UI goroutine.
		busy(wb.win, "Reading "+name+"…", &wb.working, func() error {
			defer r.Close()
			b, err = io.ReadAll(r)
			return err
		}, func(err error) {
			if err != nil {
				dialog.ShowError(err, wb.win)
				return
			}
			if !interchange.IsSealedFile(b) {
				wb.restoreArchive(name, b, "")
				return
			}
			pass := passphraseField("the archive's passphrase")
			wb.showDialog(dialog.NewForm("Open the sealed archive "+name, "Restore", "Cancel",
				[]*widget.FormItem{{Text: "Passphrase", Widget: pass}}, func(ok bool) {
					if ok {
						wb.restoreArchive(name, b, pass.Text)
					}
				}, wb.win))
		})
	}, wb.win)
	open.SetFilter(storage.NewExtensionFileFilter([]string{".convenor-archive", ".sealed", ".jsonl"}))
	open.Show()
}

// restoreArchive reads and restores an archive off the UI goroutine, then
// says what it did: how many records came, and each conflict.
func (wb *Workbench) restoreArchive(name string, b []byte, passphrase string) {
	var rep *interchange.RestoreReport
	busy(wb.win, "Restoring "+name+"…", &wb.working, func() error {
		a, err := interchange.ReadArchive(bytes.NewReader(b), passphrase)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rep, err = interchange.RestoreArchive(wb.ctx, wb.store, a, name)
		return err
	}, func(err error) {
		if err != nil {
			dialog.ShowError(err, wb.win)
			return
		}
		wb.refreshCounts()
		text := fmt.Sprintf("%s: %d records added, %d updated, %d unchanged, %d older than this workspace's (kept).", name, rep.Added, rep.Updated, rep.Unchanged, rep.Older)
		if rep.History > 0 {
			text += fmt.Sprintf("\nThe archive's %d audit entries are kept as history, after an entry naming the archive.", rep.History)
		}
		if len(rep.Conflicts) > 0 {
			text += fmt.Sprintf("\n\n%d records were changed on both sides. Each is kept as it was here; the archive's version is beside it, tagged “%s”:", len(rep.Conflicts), interchange.ConflictTag)
			for _, c := range rep.Conflicts {
				text += fmt.Sprintf("\n• %s “%s”", c.Kind.Label, c.Title)
			}
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustom("Restored from "+name, "Close", l, wb.win)
		d.Resize(fyne.NewSize(640, 320))
		wb.showDialog(d)
	})
}
