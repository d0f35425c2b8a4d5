package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/interchange"
)

// askImport asks for a CSV, XLSX or event file, reads it off the UI
// goroutine, then shows the mapping step.
func (wb *Workbench) askImport() {
	open := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		name, kind := r.URI().Name(), wb.kind
		var st *importStep
		// Reading and parsing a large file takes a moment: not on the UI
		// goroutine.
		busy(wb.win, "Reading "+name+"…", &wb.working, func() error {
			defer r.Close()
			b, err := io.ReadAll(io.LimitReader(r, interchange.MaxImportBytes+1))
			if err != nil {
				return err
			}
			st, err = wb.readImport(name, b, kind)
			return err
		}, func(err error) {
			if err != nil {
				dialog.ShowError(err, wb.win)
				return
			}
			st.show()
		})
	}, wb.win)
	open.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".tsv", ".txt", ".xlsx", ".CSV", ".XLSX"}))
	open.Show()
}

// importStep is the mapping step of one file: what each column fills,
// the values for every row, and a preview of what importing would do,
// worked out again whenever the mapping changes.
type importStep struct {
	wb      *Workbench
	name    string
	table   *interchange.Table
	events  bool // an event dataset: its mapping is fixed
	kind    *data.Kind
	mapping *interchange.Mapping
	targets []*widget.Select
	title   *widget.Entry
	empty   *widget.Entry
	sets    *widget.Entry
	rest    *widget.Check
	summary *widget.Label
	details *widget.Label
	run     *widget.Button
	plan    *interchange.Plan
	preview newest
	d       dialog.Dialog
}

// showImport reads the file's rows and shows its mapping step (nil, and
// the reason said, when the file cannot be read).
func (wb *Workbench) showImport(name string, b []byte) *importStep {
	st, err := wb.readImport(name, b, wb.kind)
	if err != nil {
		dialog.ShowError(err, wb.win)
		return nil
	}
	st.show()
	return st
}

// readImport reads a file's rows into a mapping step, not yet shown.
// It touches no widget, so it may run off the UI goroutine.
func (wb *Workbench) readImport(name string, b []byte, kind *data.Kind) (*importStep, error) {
	st := &importStep{wb: wb, name: name, kind: kind}
	var err error
	if interchange.IsEvents(b) {
		st.events, st.kind = true, data.Signal
		st.table, st.mapping, err = interchange.ReadEvents(name, bytes.NewReader(b))
	} else {
		st.table, err = interchange.ReadTable(name, bytes.NewReader(b))
	}
	return st, err
}

func (st *importStep) show() {
	kinds := make([]string, len(data.Kinds))
	for i, k := range data.Kinds {
		kinds[i] = k.Plural
	}
	kind := widget.NewSelect(kinds, nil)
	kind.SetSelected(st.kind.Plural)
	st.title = widget.NewEntry()
	st.title.SetPlaceHolder("for files with no title column: {vessel_name} at {location}")
	st.empty = widget.NewEntry()
	st.empty.SetPlaceHolder("cell texts that mean nothing, such as NA, n/a")
	st.sets = widget.NewEntry()
	st.sets.SetPlaceHolder("fields no column gives: signal_type=maritime; severity=2")
	st.rest = widget.NewCheck("Keep the cells of columns left out in each record's notes", func(bool) { st.refresh() })
	st.summary = widget.NewLabel("Reading the rows…")
	st.summary.TextStyle.Bold = true
	st.details = widget.NewLabel("")
	st.details.Wrapping = fyne.TextWrapWord
	st.run = widget.NewButton("Import", st.start)
	st.run.Importance = widget.HighImportance
	st.run.Disable()
	columns := container.NewVBox()
	kind.OnChanged = func(string) {
		st.kind = data.KindByName(kind.Selected)
		st.mapping = interchange.AutoMap(st.kind, st.table.Header)
		st.fillColumns(columns)
		st.refresh()
	}
	if st.events {
		kind.Disable()
	} else {
		st.mapping = interchange.AutoMap(st.kind, st.table.Header)
	}
	st.fillColumns(columns)
	for _, e := range []*widget.Entry{st.title, st.empty, st.sets} {
		e.OnChanged = func(string) { st.refresh() }
	}
	settings := widget.NewForm(
		widget.NewFormItem("Record kind", kind),
		// Placeholders, not hints, say what each wants: the form must fit a
		// small window unscrolled (an entry scrolled half out of sight is
		// drawn past its scroller's edge).
		widget.NewFormItem("Title from", st.title),
		widget.NewFormItem("Empty cells", st.empty),
		widget.NewFormItem("Every row", st.sets),
		widget.NewFormItem("", st.rest),
	)
	if st.events {
		settings = widget.NewForm(widget.NewFormItem("Record kind", kind))
	}
	head := widget.NewLabel(fmt.Sprintf("%s · %d rows · %d columns", st.name, len(st.table.Rows)+len(st.table.Problems), len(st.table.Header)))
	head.TextStyle.Bold = true
	// The columns beside the settings, the preview under both: a file of
	// 25 columns still shows a screenful of them.
	sides := container.NewHSplit(container.NewVScroll(columns), container.NewVBox(settings))
	sides.Offset = 0.55
	if st.events {
		sides.Offset = 0.8 // nothing to set but what is fixed
	}
	detailScroll := container.NewVScroll(st.details)
	detailScroll.SetMinSize(fyne.NewSize(0, 110))
	cancel := widget.NewButton("Cancel", func() { st.d.Hide() })
	bottom := container.NewVBox(widget.NewSeparator(), st.summary, detailScroll, container.NewHBox(layout.NewSpacer(), cancel, st.run))
	content := container.NewBorder(head, bottom, nil, nil, sides)
	st.d = dialog.NewCustomWithoutButtons("Import "+st.name, content, st.wb.win)
	st.d.Resize(fyne.NewSize(1180, 740))
	st.wb.showDialog(st.d)
	st.refresh()
}

// fillColumns lists the file's columns: heading, first value, and what
// it fills (a choice of the kind's fields, or left out).
func (st *importStep) fillColumns(box *fyne.Container) {
	box.RemoveAll()
	targets := interchange.Targets(st.kind)
	labels := []string{interchange.TargetLabel(st.kind, "")}
	byLabel := map[string]string{labels[0]: ""}
	for _, t := range targets {
		labels = append(labels, t[1])
		byLabel[t[1]] = t[0]
	}
	st.targets = make([]*widget.Select, len(st.table.Header))
	grid := container.NewGridWithColumns(3, boldLabel("Column"), boldLabel("First row"), boldLabel("Goes to"))
	for i, h := range st.table.Header {
		sample := ""
		if len(st.table.Rows) > 0 {
			sample = ellipsis(strings.ReplaceAll(st.table.Rows[0].Cells[i], "\n", " ⏎ "), 40)
		}
		sel := widget.NewSelect(labels, nil)
		sel.SetSelected(interchange.TargetLabel(st.kind, st.mapping.Columns[i]))
		i := i
		sel.OnChanged = func(label string) {
			st.mapping.Columns[i] = byLabel[label]
			st.refresh()
		}
		if st.events {
			sel.Disable()
		}
		st.targets[i] = sel
		grid.Add(widget.NewLabel(h))
		grid.Add(widget.NewLabel(sample))
		grid.Add(sel)
	}
	box.Add(grid)
}

func boldLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	return l
}

// readSettings copies the entries into the mapping; a line of "Every
// row" that is not field=value, or names no field, is said.
func (st *importStep) readSettings() error {
	if st.events {
		return nil
	}
	st.mapping.Title = strings.TrimSpace(st.title.Text)
	st.mapping.Empty = nil
	for _, e := range strings.Split(st.empty.Text, ",") {
		if e = strings.TrimSpace(e); e != "" {
			st.mapping.Empty = append(st.mapping.Empty, e)
		}
	}
	st.mapping.Rest = st.rest.Checked
	st.mapping.Set = map[string]string{}
	for _, pair := range strings.Split(st.sets.Text, ";") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		if !ok {
			return fmt.Errorf("Every row: write “%s” as field=value", strings.TrimSpace(pair))
		}
		target, err := interchange.Resolve(st.kind, k)
		if err != nil {
			return fmt.Errorf("Every row: %v", err)
		}
		st.mapping.Set[target] = strings.TrimSpace(v)
	}
	return nil
}

// refresh works out the plan again in the background; the newest answer
// is shown, and Import is offered only for a plan without problems.
func (st *importStep) refresh() {
	st.run.Disable()
	st.plan = nil
	if err := st.readSettings(); err != nil {
		// Said through the same queue as a preview, so one still under
		// way for an earlier setting cannot replace it.
		askNewest(st.wb.ctx, &st.preview, func(context.Context) (*interchange.Plan, error) { return nil, err }, st.showPlan,
			func(err error) { st.summary.SetText(err.Error()); st.details.SetText("") })
		return
	}
	st.summary.SetText("Checking every row…")
	m := *st.mapping
	m.Columns = append([]string(nil), st.mapping.Columns...)
	askNewest(st.wb.ctx, &st.preview, func(ctx context.Context) (*interchange.Plan, error) {
		return interchange.Prepare(ctx, st.wb.store, st.table, &m, nil)
	}, st.showPlan, func(err error) { st.summary.SetText(err.Error()) })
}

func (st *importStep) showPlan(p *interchange.Plan) {
	st.plan = p
	st.summary.SetText(p.Summary())
	var lines []string
	const shown = 12
	for i, pr := range p.Problems {
		if i == shown {
			lines = append(lines, fmt.Sprintf("… and %d more", len(p.Problems)-shown))
			break
		}
		lines = append(lines, "• "+pr.String())
	}
	if len(p.Unknown) > 0 {
		lines = append(lines, "Actors not in the workspace, left unlinked (create them and import again to link): "+p.UnknownTitles(15))
	}
	if len(p.LeftOut) > 0 && !st.mapping.Rest {
		lines = append(lines, "Columns left out: "+strings.Join(p.LeftOut, ", "))
	}
	for i, r := range append(append([]*data.Record(nil), p.Adds...), p.Updates...) {
		if i == 5 {
			break
		}
		verb := "adds"
		if i >= len(p.Adds) {
			verb = "updates"
		}
		lines = append(lines, fmt.Sprintf("%s %d %s “%s”", st.table.Unit, p.Lines[r], verb, ellipsis(strings.ReplaceAll(r.Title, "\n", " "), 80)))
	}
	st.details.SetText(strings.Join(lines, "\n"))
	if len(p.Problems) == 0 && len(p.Adds)+len(p.Updates) > 0 {
		st.run.Enable()
	}
}

// start writes the plan behind a progress bar that can cancel it: a
// cancel, like any failure, leaves the workspace as it was.
func (st *importStep) start() {
	p := st.plan
	if p == nil {
		return
	}
	st.d.Hide()
	total := len(p.Adds) + len(p.Updates)
	bar := widget.NewProgressBar()
	bar.Max = float64(total)
	ctx, cancel := context.WithCancel(st.wb.ctx)
	progress := dialog.NewCustom(fmt.Sprintf("Importing %d records from %s…", total, st.name), "Cancel", bar, st.wb.win)
	progress.SetOnClosed(cancel)
	progress.Show()
	st.wb.working.Add(1)
	go func() {
		err := p.Apply(ctx, st.wb.store, func(done int) { onUI(func() { bar.SetValue(float64(done)) }) })
		onUI(func() {
			defer st.wb.working.Add(-1)
			progress.Hide()
			switch {
			case ctx.Err() != nil && err != nil:
				dialog.ShowInformation("Import cancelled", "Nothing was imported from "+st.name+"; the workspace is as it was.", st.wb.win)
			case err != nil:
				dialog.ShowError(err, st.wb.win)
			default:
				dialog.ShowInformation("Imported", fmt.Sprintf("%s: %d %s added, %d updated, %d unchanged.\nEach is in its history as imported from %s.",
					st.name, len(p.Adds), strings.ToLower(p.Kind.Plural), len(p.Updates), p.Unchanged, filepath.Base(st.name)), st.wb.win)
				st.wb.showKind(p.Kind)
			}
		})
	}()
}
