// Package ui is Convenor's desktop window, built with Fyne. It reads and
// writes records only through the data package's Store, and builds every
// list and form from the record kinds' descriptions.
package ui

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/store"
	"convenor/data/viewing"
)

// Workbench is the main window's content: the kinds in a sidebar, the
// chosen kind's list, and the open record's form.
type Workbench struct {
	app     fyne.App
	win     fyne.Window
	store   *store.Store
	kind    *data.Kind // the kind whose list shows
	current view
	counts  map[string]int
	views   []view
	split   *container.Split // the list beside the form
	wide    bool             // the form folded away, the list full width
	// autoSplit gives the list the share its columns need, until someone
	// moves the divider (Offset is then not the lastAuto set).
	autoSplit    bool
	lastAuto     float64
	side         *container.Split // the sidebar beside the rest
	layout       *splitLayout     // fits the dividers to the window
	sideAuto     float64          // the sidebar's share as last fitted
	dashboard    *dashboardView
	heatmap      *heatmapView
	stakeholders *stakeholdersView
	calendar     *calendarView
	roadmap      *roadmapView
	timeline     *timelineView
	network      *networkView
	due          *dueView
	sidebar      *widget.List
	records      fyne.CanvasObject // a kind's list beside the form
	main         *fyne.Container   // the current view
	list         *recordList
	form         *recordForm
	detail       *fyne.Container
	picker       *pickerState
	search       *globalSearch
	trail        *auditTrail   // the audit trail dialog, for tests
	vocab        *vocabEditor  // the vocabularies dialog, for tests
	dialog       dialog.Dialog // the one Escape closes
	undo         [][]*data.Edit
	undoBtn      *widget.Button
	undoMsg      *widget.Label // what Undo would undo
	edits        int64         // changes since the last automatic backup (atomic)
	active       int64         // when the user last did something, unix ns (atomic)
	// ctx lasts while the workspace is shown: closing it cancels what
	// still reads it.
	ctx   context.Context
	close func()
	// copies is the private folder for plain copies of files opened for
	// viewing (wiped on lock, on close, at the next start); viewFile hands
	// one to the system's viewer.
	copies   *viewing.Folder
	viewFile func(path string) error
	working  atomic.Int32 // saves under way off the UI goroutine, for tests
	// team synchronises a shared workspace; its bar goes in statusSlot.
	team          *teamBar
	statusSlot    *fyne.Container
	conflictsOpen *conflictsView // the Conflicts dialog, while shown
	membersOpen   *membersDialog // the Members dialog, while shown
	shareOpen     *shareForm     // the Share dialog, for tests
	inviteOpen    *inviteForm    // the last invitation dialog, for tests
}

// touch notes that the user is at work, for the idle lock.
func (wb *Workbench) touch() { atomic.StoreInt64(&wb.active, time.Now().UnixNano()) }

// NewWorkbench fills win with the workbench for an open workspace, showing
// the kind and record last viewed.
func NewWorkbench(a fyne.App, win fyne.Window, s *store.Store) *Workbench {
	wb := &Workbench{app: a, win: win, store: s, counts: map[string]int{}}
	wb.viewFile = wb.openInViewer
	var cancel context.CancelFunc
	wb.ctx, cancel = context.WithCancel(context.Background())
	stopNotes := s.Subscribe(func(c data.Changed) { onUI(func() { wb.changed(c) }) })
	wb.touch()
	wb.dashboard = newDashboardView(wb)
	wb.due = newDueView(wb)
	wb.heatmap = newHeatmapView(wb)
	wb.stakeholders = newStakeholdersView(wb)
	wb.network = newNetworkView(wb)
	wb.calendar = newCalendarView(wb)
	wb.roadmap = newRoadmapView(wb)
	wb.timeline = newTimelineView(wb)
	wb.views = append(wb.views, wb.dashboard, wb.due, wb.calendar, wb.timeline, wb.roadmap, wb.heatmap, wb.stakeholders, wb.network)
	for _, k := range data.Kinds {
		wb.views = append(wb.views, kindView{wb, k})
	}
	wb.sidebar = newSidebar(&wb.views)
	wb.sidebar.OnSelected = func(i widget.ListItemID) {
		if v := wb.views[i]; v != wb.current {
			wb.leave(func() { wb.showView(v) }, func() { wb.selectInSidebar(wb.current) })
		}
	}
	wb.list = newRecordList(wb)
	wb.detail = container.NewStack()
	name := widget.NewLabelWithStyle(workspaceName(s), fyne.TextAlignLeading, fyne.TextStyle{})
	name.Truncation = fyne.TextTruncateEllipsis
	wb.undoBtn = widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), wb.undoLast)
	wb.undoBtn.Disable()
	wb.undoMsg = widget.NewLabel("")
	wb.undoMsg.Wrapping = fyne.TextWrapWord
	wb.undoMsg.SizeName = theme.SizeNameCaptionText
	side := container.NewBorder(container.NewVBox(name, widget.NewSeparator()), container.NewVBox(wb.undoMsg, wb.undoBtn), nil, nil, wb.sidebar)
	right := container.NewHSplit(wb.list.view, wb.detail)
	wb.records, wb.split = right, right
	wb.main = container.NewStack()
	split := container.NewHSplit(side, wb.main)
	wb.restoreSplits(split, right)
	wb.close = func() { wb.stopTeam(); wb.saveSplits(split, right); stopNotes(); cancel() }
	wb.layout = &splitLayout{wb: wb}
	wb.statusSlot = container.NewStack()
	win.SetContent(container.NewBorder(nil, wb.statusSlot, nil, nil, container.New(wb.layout, split)))
	win.SetTitle("Convenor — " + workspaceName(s))
	win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		wb.touch()
		if k.Name == fyne.KeyEscape {
			wb.closeDialog()
		}
	})
	win.Canvas().AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { wb.undoLast() })
	wb.refreshCounts()
	wb.restoreView()
	return wb
}

// Menu is the Record menu; its shortcuts work even while typing in a field.
func (wb *Workbench) Menu() *fyne.Menu {
	ctrl := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	item := func(label string, key fyne.KeyName, fn func()) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, fn)
		if key != "" {
			m.Shortcut = ctrl(key)
		}
		return m
	}
	return fyne.NewMenu("Record",
		item("New record", fyne.KeyN, func() { wb.leave(wb.newRecord, nil) }),
		item("Save", fyne.KeyS, wb.saveForm),
		item("Search everything…", fyne.KeyK, wb.showSearch),
		fyne.NewMenuItemSeparator(),
		item("Undo last change (Ctrl+Z outside a text box)", "", wb.undoLast),
		item("Export this kind…", "", wb.askExport),
		item("History of this record…", "", func() {
			if wb.form != nil && wb.form.rec.ID != "" {
				wb.showHistory(wb.form.rec)
			}
		}),
	)
}

func workspaceName(s *store.Store) string {
	if n := s.Meta("name"); n != "" {
		return n
	}
	return s.Path()
}

func (wb *Workbench) refreshCounts() {
	c, err := wb.store.Counts(wb.ctx)
	if err != nil {
		wb.problem(err)
		return
	}
	wb.counts = c
	wb.due.reload()
	wb.sidebar.Refresh()
}

func (wb *Workbench) selectInSidebar(v view) {
	for i, x := range wb.views {
		if x == v {
			wb.sidebar.Select(i)
		}
	}
}

// showView makes v the current view.
func (wb *Workbench) showView(v view) {
	wb.touch()
	wb.current = v
	wb.selectInSidebar(v)
	if _, kind := v.(kindView); !kind {
		wb.app.Preferences().SetString(prefKind, viewPref(v))
	}
	wb.main.Objects = []fyne.CanvasObject{v.Show()}
	wb.main.Refresh()
}

// showKind shows kind k's list (switching to its view if another shows).
func (wb *Workbench) showKind(k *data.Kind) {
	wb.touch()
	if kv, ok := wb.current.(kindView); !ok || kv.kind != k {
		wb.showView(kindView{wb, k})
		return
	}
	if wb.kind == k {
		return
	}
	wb.kind = k
	wb.list.show(k)
	wb.setForm(nil)
	wb.app.Preferences().SetString(prefKind, k.Name)
}

// openRecord shows a record in the form, switching kind if needed, after
// asking about unsaved changes in the form it replaces.
func (wb *Workbench) openRecord(id string) {
	if wb.form != nil && wb.form.rec.ID == id {
		return
	}
	wb.leave(func() { wb.showRecord(id) }, func() { wb.list.reselect() })
}

func (wb *Workbench) showRecord(id string) {
	wb.touch()
	wb.setWide(false) // a record opened is a record to see
	r, err := wb.store.Get(id)
	if err != nil {
		wb.problem(err)
		return
	}
	if r.Kind != wb.kind {
		wb.showKind(r.Kind)
	}
	wb.list.selected = id
	wb.setForm(newRecordForm(wb, r))
	wb.app.Preferences().SetString(prefRecord, id)
}

func (wb *Workbench) newRecord() {
	wb.showKind(wb.kind) // from the dashboard or the due list: the kind's own view
	wb.setWide(false)
	wb.list.selected = ""
	wb.list.table.UnselectAll()
	wb.setForm(newRecordForm(wb, data.NewRecord(wb.kind)))
	wb.win.Canvas().Focus(wb.form.title)
}

func (wb *Workbench) saveForm() {
	if wb.form != nil {
		wb.form.doSave()
	}
}

func (wb *Workbench) setForm(f *recordForm) {
	wb.touch()
	wb.form = f
	if f == nil {
		hint := widget.NewLabel(wb.kind.Help + "\n\nChoose a record on the left, or press New (Ctrl+N).\nCtrl+K searches every record.")
		hint.Wrapping = fyne.TextWrapWord
		wb.detail.Objects = []fyne.CanvasObject{container.NewPadded(hint)}
	} else {
		wb.detail.Objects = []fyne.CanvasObject{f.view}
	}
	wb.detail.Refresh()
}

func (wb *Workbench) recordSaved(r *data.Record, e *data.Edit) {
	wb.pushUndo(e)
	wb.list.filters.learnTags(r.Tags)
	wb.list.selected = r.ID
	wb.list.reselect()
	wb.setForm(newRecordForm(wb, r))
	wb.form.status.SetText("Saved.")
}

// done records edits that were written (deletes), for Undo. The lists and
// form follow from the store's notice (view.go).
func (wb *Workbench) done(edits ...*data.Edit) { wb.pushUndo(edits...) }

func (wb *Workbench) pushUndo(edits ...*data.Edit) {
	atomic.AddInt64(&wb.edits, 1)
	wb.undo = append(wb.undo, edits)
	if len(wb.undo) > 50 {
		wb.undo = wb.undo[1:]
	}
	wb.showUndo()
}

// showUndo says what Undo would reverse, or disables it.
func (wb *Workbench) showUndo() {
	n := len(wb.undo)
	if n == 0 {
		wb.undoMsg.SetText("")
		wb.undoBtn.Disable()
		return
	}
	edits := wb.undo[n-1]
	msg := edits[len(edits)-1].Describe()
	if len(edits) > 1 {
		msg = fmt.Sprintf("Undo delete of %d records", len(edits))
	}
	wb.undoMsg.SetText(msg)
	wb.undoBtn.Enable()
}

// undoLast reverses the last create, edit or delete made in this window,
// once unsaved changes in the form are saved or discarded.
func (wb *Workbench) undoLast() {
	if len(wb.undo) > 0 {
		wb.leave(wb.undoNow, nil)
	}
}

func (wb *Workbench) undoNow() {
	atomic.AddInt64(&wb.edits, 1)
	edits := wb.undo[len(wb.undo)-1]
	if err := wb.store.Undo(edits...); err != nil {
		dialog.ShowError(fmt.Errorf("Could not undo: %w", err), wb.win)
		return
	}
	wb.undo = wb.undo[:len(wb.undo)-1]
	wb.showUndo()
	last := edits[len(edits)-1]
	switch {
	case last.After == nil: // a delete undone: show what came back
		wb.showRecord(last.Before.ID)
	case last.Before == nil:
		wb.setForm(nil)
	default:
		wb.showRecord(last.After.ID)
	}
}

// leave runs next once the open form has no unsaved changes: at once, or
// after the user chose to save or discard them; stay runs on Cancel.
func (wb *Workbench) leave(next, stay func()) {
	f := wb.form
	if f == nil || !f.dirty {
		next()
		return
	}
	title := f.title.Text
	if title == "" {
		title = "the new " + f.kind.Label
	}
	var d dialog.Dialog
	msg := widget.NewLabel("“" + title + "” has unsaved changes.")
	msg.Wrapping = fyne.TextWrapWord
	save := widget.NewButton("Save", func() {
		d.Hide()
		f.saveThen(func(saved bool) {
			if saved {
				next()
			} else if stay != nil {
				stay()
			}
		})
	})
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Discard changes", func() { d.Hide(); f.dirty = false; next() })
	cancel := widget.NewButton("Cancel", func() {
		d.Hide()
		if stay != nil {
			stay()
		}
	})
	d = dialog.NewCustomWithoutButtons("Unsaved changes", container.NewVBox(msg, container.NewHBox(cancel, discard, save)), wb.win)
	// A wrapping label has no width of its own: the dialog gives it one, so
	// a long title wraps inside the window instead of widening the dialog.
	d.Resize(fyne.NewSize(min(520, wb.win.Canvas().Size().Width-40), d.MinSize().Height+3*theme.TextSize()))
	wb.showDialog(d)
}

// showDialog shows d as the one Escape closes. Focus leaves the form so
// the key reaches the window rather than a text box behind the dialog.
func (wb *Workbench) showDialog(d dialog.Dialog) {
	wb.win.Canvas().Unfocus()
	wb.dialog = d
	d.SetOnClosed(func() {
		if wb.dialog == d {
			wb.dialog = nil
		}
	})
	d.Show()
}

func (wb *Workbench) closeDialog() {
	if wb.dialog != nil {
		wb.dialog.Hide()
	}
}

// problem tells the user about an error the workbench cannot recover from
// by itself, without closing anything.
func (wb *Workbench) problem(err error) {
	dialog.ShowError(err, wb.win)
}

// setWide folds the form away so the list has the whole width, or brings
// it back.
func (wb *Workbench) setWide(wide bool) {
	if wide == wb.wide {
		return
	}
	wb.wide = wide
	if wide {
		wb.detail.Hide()
		wb.list.wide.SetIcon(theme.ViewRestoreIcon())
	} else {
		wb.detail.Show()
		wb.list.wide.SetIcon(theme.ViewFullScreenIcon())
	}
	wb.split.Refresh()
}
