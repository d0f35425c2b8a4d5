package ui

import (
	"io"
	"strings"
	"time"

	"convenor/data"
	"convenor/data/briefing"
	"convenor/data/interchange"
)

// askBriefing writes the leadership briefing as a PDF, leaving out what
// is above the label chosen; from a sealed workspace it is sealed too
// unless the user says otherwise, as every export is.
func (wb *Workbench) askBriefing() {
	wb.askExportOf(exportJob{
		title: "Leadership briefing", name: "briefing-" + time.Now().Format("2006-01-02"), formats: []string{"pdf"}, format: "pdf",
		write: func(w io.Writer, _ string, max data.TLP, passphrase string) (string, error) {
			b, err := briefing.Gather(wb.ctx, wb.store, time.Now(), max)
			if err != nil {
				return "", err
			}
			if passphrase != "" {
				err = interchange.Seal(w, "pdf", passphrase, b.WritePDF)
			} else {
				err = b.WritePDF(w)
			}
			return "The briefing is labelled " + string(b.Label) + " (" + strings.TrimSuffix(data.TLPMeaning[b.Label], ".") + "); nothing above " + string(max) + " is in it.", err
		},
	})
}
