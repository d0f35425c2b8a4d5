package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// auditVerbs says what an audit action did to a record.
var auditVerbs = map[string]string{"create": "created", "update": "changed", "delete": "deleted", "restore": "restored (undo of a delete)", "baseline": "bound to the audit trail as it stood (upgrade)", "view": "opened a file attached to", "import": "imported", "provenance": "brought in from an archive", "sync": "took in from another desk", "resolve": "chose between two desks' versions of"}

// historyText renders a record's audit entries, newest first, as
// "when — who action: field: before → after" lines.
func historyText(entries []data.AuditEntry) string {
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteString("\n")
		}
		what := auditVerbs[e.Action]
		if e.Action == "view" {
			what = "opened a file for viewing"
		}
		if e.Kind == nil { // the workspace itself: the entry says what
			what = "· " + e.Title
		}
		fmt.Fprintf(&b, "%s — %s %s\n", e.At.Local().Format("2006-01-02 15:04:05"), e.User, what)
		for _, c := range e.Changes {
			switch {
			case e.Action == "update" || c.Before != "" && c.After != "":
				fmt.Fprintf(&b, "    %s: %s → %s\n", c.Label, shorten(c.Before), shorten(c.After))
			case c.After != "": // created or restored: what it was given
				fmt.Fprintf(&b, "    %s: %s\n", c.Label, shorten(c.After))
			default: // deleted: what it held
				fmt.Fprintf(&b, "    %s: %s\n", c.Label, shorten(c.Before))
			}
		}
	}
	return b.String()
}

func shorten(s string) string {
	s = strings.ReplaceAll(s, "\n", " ⏎ ")
	if s == "" {
		return "(empty)"
	}
	return ellipsis(s, 120)
}

// ellipsis cuts s to at most n characters, the last of them "…".
func ellipsis(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// showHistory shows one record's audit entries in a dialog.
func (wb *Workbench) showHistory(r *data.Record) {
	entries, err := wb.store.History(r.ID)
	if err != nil {
		dialog.ShowError(err, wb.win)
		return
	}
	text := widget.NewLabel(historyText(entries))
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	// The history is as confidential as the record: it carries its label.
	d := dialog.NewCustom(string(r.TLP)+" · History of “"+r.Title+"”", "Close", container.NewVScroll(text), wb.win)
	d.Resize(fyne.NewSize(720, 520))
	wb.showDialog(d)
}
