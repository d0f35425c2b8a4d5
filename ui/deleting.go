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

// confirmDelete asks before deleting ids (what was named: "“Israel”",
// "2 signals"), saying what depends on them and what will happen to each:
// records that require one of them are deleted too when the user says so,
// records that only link to them lose the link. Nothing is left failing its
// own rules, and Undo brings all of it back. deleted, if set, runs once
// they are gone.
func (wb *Workbench) confirmDelete(ids []string, what string, deleted func()) {
	deps, err := wb.store.Dependants(ids)
	if err != nil {
		wb.problem(err)
		return
	}
	var required, losers []data.Dependant
	for _, d := range deps {
		if d.Required {
			required = append(required, d)
		} else {
			losers = append(losers, d)
		}
	}
	lines := []string{what + " will be deleted."}
	if len(required) > 0 {
		lines = append(lines, "", fmt.Sprintf("%d %s cannot do without it and will be deleted too:", len(required), plural(len(required), "record", "records")))
		lines = append(lines, dependantLines(required)...)
	}
	if len(losers) > 0 {
		lines = append(lines, "", fmt.Sprintf("%d %s will lose a link to it:", len(losers), plural(len(losers), "record", "records")))
		lines = append(lines, dependantLines(losers)...)
	}
	lines = append(lines, "", "The audit log keeps a full copy; Undo (Ctrl+Z) brings it all back.")
	msg := widget.NewLabel(strings.Join(lines, "\n"))
	msg.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(msg)
	scroll.SetMinSize(fyne.NewSize(460, min(float32(len(lines))*22+10, 320)))

	confirm := "Delete"
	if len(required) > 0 {
		confirm = fmt.Sprintf("Delete all %d", len(ids)+len(required))
	}
	d := dialog.NewCustomConfirm("Delete?", confirm, "Cancel", scroll, func(ok bool) {
		if !ok {
			return
		}
		edits, err := wb.store.DeleteWithDependants(ids)
		if err != nil {
			wb.problem(err)
			return
		}
		if deleted != nil {
			deleted()
		}
		wb.done(edits...)
	}, wb.win)
	wb.showDialog(d)
}

// dependantLines names each dependant, at most a dozen.
func dependantLines(deps []data.Dependant) []string {
	var out []string
	for i, d := range deps {
		if i == 12 {
			out = append(out, fmt.Sprintf("  … and %d more", len(deps)-i))
			break
		}
		out = append(out, fmt.Sprintf("  • %s “%s” (%s)", d.Kind.Label, d.Title, d.Field.Label))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
