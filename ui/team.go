package ui

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"convenor/data/share"
	"convenor/data/store"
)

// A workspace that is part of a team workspace is kept synchronised in
// the background (data/share's Runner) while it is open; a bar along the
// bottom of the window says how things stand: online or not, changes
// waiting to be sent, conflicts waiting for a choice, when it last
// synchronised, how many members there are.

// syncInterval is how often an open desk asks for what others sent.
var syncInterval = 30 * time.Second

// teamBar is the status bar of a shared workspace and its runner.
type teamBar struct {
	wb        *Workbench
	runner    *share.Runner
	dot       *canvas.Circle
	text      *widget.Label
	conflicts *widget.Button
	bar       *fyne.Container
	last      share.Status // as last shown, for tests
}

var (
	onlineColour  = color.NRGBA{R: 0x2e, G: 0xa0, B: 0x43, A: 0xff}
	offlineColour = color.NRGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}
	troubleColour = color.NRGBA{R: 0xd0, G: 0x7a, B: 0x00, A: 0xff}
)

// startTeam starts synchronising the workspace when it is part of a team
// workspace, and shows the bar.
func (wb *Workbench) startTeam() error {
	m, err := share.Load(wb.store)
	if err != nil || m == nil {
		return err
	}
	t := &teamBar{wb: wb, dot: canvas.NewCircle(offlineColour), text: widget.NewLabel("Connecting to the hubs…")}
	t.text.Truncation = fyne.TextTruncateEllipsis
	t.conflicts = widget.NewButton("", wb.showConflicts)
	t.conflicts.Importance = widget.WarningImportance
	t.conflicts.Hide()
	now := widget.NewButton("Synchronise now", func() {
		if t.runner != nil {
			t.runner.Kick()
		}
	})
	dot := container.NewCenter(container.NewGridWrap(fyne.NewSize(12, 12), t.dot))
	t.bar = container.NewBorder(widget.NewSeparator(), nil, dot, container.NewHBox(t.conflicts, now), t.text)
	r, err := share.Run(wb.store, m, syncInterval, func(s share.Status) { onUI(func() { t.show(s) }) })
	if err != nil {
		return err
	}
	t.runner = r
	wb.team = t
	wb.statusSlot.Objects = []fyne.CanvasObject{t.bar}
	wb.win.Content().Refresh() // the slot grows: the window lays it out again
	return nil
}

// stopTeam stops synchronising (before the workspace closes).
func (wb *Workbench) stopTeam() {
	if wb.team != nil {
		wb.team.runner.Stop()
		wb.team = nil
		wb.statusSlot.Objects = nil
		if c := wb.win.Content(); c != nil {
			c.Refresh()
		}
	}
}

func (t *teamBar) show(s share.Status) {
	if t.wb.team != t {
		return // the workspace closed meanwhile
	}
	t.last = s
	t.text.SetText(statusLine(t.runner.Workspace(), s, t.runner.Administers()))
	switch {
	case s.Online && s.Err == nil:
		t.dot.FillColor = onlineColour
	case s.Online:
		t.dot.FillColor = troubleColour
	default:
		t.dot.FillColor = offlineColour
	}
	t.dot.Refresh()
	if s.Conflicts > 0 {
		t.conflicts.SetText(count(s.Conflicts, "conflict", "conflicts") + "…")
		t.conflicts.Show()
	} else {
		t.conflicts.Hide()
	}
	t.bar.Refresh() // the buttons' row may have grown or shrunk
	t.wb.refreshCounts()
	if t.wb.conflictsOpen != nil {
		t.wb.conflictsOpen.reload()
	}
}

// statusLine says in one line how a desk's synchronising stands.
func statusLine(workspace string, s share.Status, admin bool) string {
	parts := []string{"Offline"}
	if s.Online {
		parts[0] = "Online"
	}
	parts[0] += " — team workspace " + workspace
	switch s.Waiting {
	case 0:
		parts = append(parts, "nothing waiting to be sent")
	default:
		parts = append(parts, count(s.Waiting, "change", "changes")+" waiting to be sent")
	}
	if s.LastSync.IsZero() {
		parts = append(parts, "not synchronised yet")
	} else {
		parts = append(parts, "last synchronised "+s.LastSync.Format("15:04:05"))
	}
	if s.Conflicts > 0 {
		parts = append(parts, count(s.Conflicts, "record", "records")+" changed at two desks, waiting for a choice")
	}
	if admin {
		parts = append(parts, count(s.Members, "member", "members"))
	}
	if s.Withheld > 0 {
		parts = append(parts, count(s.Withheld, "record", "records")+" above this desk's clearance not sent")
	}
	if s.Refused > 0 {
		parts = append(parts, count(s.Refused, "version", "versions")+" not signed by a member refused")
	}
	if s.Err != nil {
		parts = append(parts, "last round: "+firstLine(s.Err.Error()))
	} else if !s.Online {
		parts = append(parts, "trying the hubs")
	}
	return strings.Join(parts, " · ")
}

// count is n and the noun in the number n needs.
func count(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural(n, one, many)) }

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// sharedStore says whether st can be shared (sealed, not yet shared).
func sharedStore(st *store.Store) (sealed, shared bool) {
	return st.Sealed(), st.Shared() != ""
}
