package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// dashboardSource is what the dashboard reads.
type dashboardSource interface {
	Dashboard(ctx context.Context, now time.Time, upTo data.TLP) (data.Dashboard, error)
}

// dashboardView is the app's home: where we stand, what is getting worse,
// what is due. It is read off the UI goroutine, again after each write
// while it shows, up to the label chosen; every line opens its record.
type dashboardView struct {
	wb      *Workbench
	source  dashboardSource
	upTo    *widget.Select
	heading *widget.Label
	cards   *dashboardCards
	content fyne.CanvasObject
	ask     newest
	shown   data.Dashboard
	now     func() time.Time
}

// dashboardCards are the dashboard's cards, filled from one reading; Save
// as PNG draws a set of its own, so the window's are never disturbed.
type dashboardCards struct {
	open                                              func(id string)
	upcoming, overdue, risks, reviews, phases, labels *fyne.Container
	chart                                             *indexChart
	grid                                              *fyne.Container
}

func newDashboardCards(open func(id string)) *dashboardCards {
	c := &dashboardCards{open: open, chart: newIndexChart()}
	for _, box := range []**fyne.Container{&c.upcoming, &c.overdue, &c.risks, &c.reviews, &c.phases, &c.labels} {
		*box = container.NewVBox()
	}
	help := widget.NewLabel(fmt.Sprintf("Each day: the signals of its last %d days, severity × source reliability × information credibility (A/1 count whole, E/5 a fifth, F/6 half). Above zero: escalation.", data.EscalationWindow))
	help.Wrapping = fyne.TextWrapWord
	help.SizeName = theme.SizeNameCaptionText
	c.grid = container.New(&cardGrid{},
		widget.NewCard("Engagements, next 30 days", "", c.upcoming),
		widget.NewCard("Overdue follow-up actions", "", c.overdue),
		widget.NewCard("Highest open risks", "", c.risks),
		widget.NewCard(fmt.Sprintf("Escalation index, last %d days", data.DashboardBack), "", container.NewBorder(nil, help, nil, nil, c.chart)),
		widget.NewCard("Milestones by phase", "", c.phases),
		widget.NewCard("Commitments due for review", "", c.reviews),
		widget.NewCard("Records by TLP label", "", c.labels),
	)
	return c
}

func newDashboardView(wb *Workbench) *dashboardView {
	v := &dashboardView{wb: wb, source: wb.store, now: time.Now, heading: widget.NewLabel("")}
	v.heading.TextStyle.Bold = true
	v.upTo = newUpToSelect(wb, func() { v.reload() })
	save := widget.NewButtonWithIcon("Save as PNG…", theme.DocumentSaveIcon(), func() {
		askSavePNG(wb, "dashboard "+v.now().Format("2006-01-02"), v.savePNG)
	})
	v.cards = newDashboardCards(wb.openRecord)
	bar := container.NewBorder(nil, nil, v.heading, container.NewHBox(widget.NewLabel("Show up to"), v.upTo, save))
	v.content = container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(v.cards.grid))
	return v
}

func (v *dashboardView) Title() string       { return "Dashboard" }
func (v *dashboardView) Icon() fyne.Resource { return theme.HomeIcon() }

func (v *dashboardView) Show() fyne.CanvasObject {
	syncUpTo(v.wb, v.upTo)
	v.reload()
	return v.content
}

// Changed reads the dashboard again while it shows: any write may change
// it (a signal dated today, a risk closed, a follow-up done).
func (v *dashboardView) Changed(data.Changed) {
	if v.wb.current == view(v) {
		v.reload()
	}
}

func (v *dashboardView) upToLabel() data.TLP { return data.TLP(v.upTo.Selected) }

// reload reads the dashboard off the UI goroutine; only the newest answer
// is shown.
func (v *dashboardView) reload() {
	now, upTo := v.now(), v.upToLabel()
	askNewest(v.wb.ctx, &v.ask, func(ctx context.Context) (data.Dashboard, error) {
		return v.source.Dashboard(ctx, now, upTo)
	}, func(d data.Dashboard) { v.show(d, now, upTo) }, v.wb.problem)
}

func (v *dashboardView) show(d data.Dashboard, now time.Time, upTo data.TLP) {
	v.shown = d
	v.heading.SetText(dashboardHeading(now, upTo))
	v.cards.show(d, upTo)
}

func dashboardHeading(now time.Time, upTo data.TLP) string {
	return "Where we stand, " + now.Format("Monday 2 January 2006") + " (up to " + string(upTo) + ")"
}

// show fills the cards from one reading.
func (c *dashboardCards) show(d data.Dashboard, upTo data.TLP) {
	lines := func(c *fyne.Container, none string, add func()) {
		c.RemoveAll()
		add()
		if len(c.Objects) == 0 {
			l := widget.NewLabel(none)
			l.Importance = widget.LowImportance
			c.Add(l)
		}
		c.Refresh()
	}
	lines(c.upcoming, "No engagement in the next 30 days.", func() {
		for _, u := range d.Upcoming {
			when := u.Starts.In(time.Local).Format("Mon 2 Jan 15:04")
			if loc, err := placeZone(u.Zone); err == nil && u.Zone != "" {
				when += " (" + u.Starts.In(loc).Format("15:04") + " " + shortZone(u.Zone) + ")"
			}
			text := u.Title
			if u.Venue != "" {
				text += " — " + u.Venue
			}
			c.upcoming.Add(c.line(when, text, u.TLP, u.ID, false))
		}
	})
	lines(c.overdue, "No follow-up action is overdue.", func() {
		for _, it := range d.Overdue {
			c.overdue.Add(c.line(it.Date, it.What+" — "+it.Title, it.TLP, it.ID, true))
		}
	})
	lines(c.risks, "No open risk.", func() {
		for _, r := range d.TopRisks {
			score := fmt.Sprintf("%d %s", r.Score(), data.RiskBand(r.Score()))
			c.risks.Add(c.line(score, r.Title+" — "+r.Owner, r.TLP, r.ID, r.Score() >= 16))
		}
	})
	lines(c.reviews, "No commitment is due for review.", func() {
		for _, it := range d.Reviews {
			c.reviews.Add(c.line(it.Date, it.Title, it.TLP, it.ID, it.Overdue))
		}
	})
	lines(c.phases, "No milestones.", func() {
		for _, p := range d.Phases {
			reached := p.ByStatus["reached"]
			bar := widget.NewProgressBar()
			bar.Max, bar.Value = float64(p.Total), float64(reached)
			var parts []string
			for _, st := range data.Milestone.Field("status").Choices {
				if n := p.ByStatus[st]; n > 0 {
					parts = append(parts, fmt.Sprintf("%d %s", n, st))
				}
			}
			bar.TextFormatter = func() string { return fmt.Sprintf("%d of %d reached", reached, p.Total) }
			detail := widget.NewLabel(strings.Join(parts, ", "))
			detail.SizeName = theme.SizeNameCaptionText
			detail.Wrapping = fyne.TextWrapWord
			c.phases.Add(container.NewBorder(nil, detail, widget.NewLabel(p.Phase), nil, bar))
		}
	})
	lines(c.labels, "No records.", func() {
		total := 0
		for _, n := range d.ByLabel {
			total += n
		}
		for _, l := range data.AtMost(upTo) {
			n := d.ByLabel[l]
			if n == 0 {
				continue
			}
			b := newTLPBadge()
			b.set(l)
			bar := widget.NewProgressBar()
			bar.Max, bar.Value = float64(total), float64(n)
			bar.TextFormatter = func() string { return fmt.Sprintf("%d of %d", n, total) }
			c.labels.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(150, b.MinSize().Height), b), nil, bar))
		}
	})
	c.chart.set(d.Escalation)
	c.grid.Refresh() // the cards' heights changed: lay them out again
}

// line is one clickable line of a card: what it is (opening its record)
// over a date or score, its label at the right; urgent ones in the danger
// colour.
func (c *dashboardCards) line(lead, text string, l data.TLP, id string, urgent bool) fyne.CanvasObject {
	about := widget.NewLabel(lead)
	about.SizeName = theme.SizeNameCaptionText
	if urgent {
		about.Importance = widget.DangerImportance
	}
	link := widget.NewHyperlink(showable(text), nil)
	link.Truncation = fyne.TextTruncateEllipsis
	link.OnTapped = func() {
		if c.open != nil {
			c.open(id)
		}
	}
	badge := newTLPBadge()
	badge.set(l)
	return container.NewBorder(nil, nil, nil, container.NewCenter(badge), container.New(&tight{}, link, about))
}

// tight stacks a line's link and its caption with no gap between them.
type tight struct{}

func (tight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := float32(0), float32(0)
	for _, o := range objs {
		w, h = max(w, o.MinSize().Width), h+o.MinSize().Height
	}
	return fyne.NewSize(w, h-2*theme.Padding())
}

func (tight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		y += o.MinSize().Height - 2*theme.Padding()
	}
}

// cardGrid lays the cards out in as many columns as the width gives room
// for (one to three), each row as tall as its tallest card.
type cardGrid struct{}

const cardWidth = 380

func (cardGrid) columns(width float32, n int) int {
	return max(1, min(3, n, int(width/cardWidth)))
}

func (g cardGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, g.height(objs, 1))
}

// height is how tall the grid is in cols columns.
func (cardGrid) height(objs []fyne.CanvasObject, cols int) float32 {
	h := float32(0)
	for i := 0; i < len(objs); i += cols {
		row := float32(0)
		for _, o := range objs[i:min(i+cols, len(objs))] {
			row = max(row, o.MinSize().Height)
		}
		h += row + theme.Padding()
	}
	return h
}

func (g cardGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	cols := g.columns(size.Width, len(objs))
	w := (size.Width - float32(cols-1)*theme.Padding()) / float32(cols)
	y := float32(0)
	for i := 0; i < len(objs); i += cols {
		row := objs[i:min(i+cols, len(objs))]
		h := float32(0)
		for _, o := range row {
			h = max(h, o.MinSize().Height)
		}
		for j, o := range row {
			o.Move(fyne.NewPos(float32(j)*(w+theme.Padding()), y))
			o.Resize(fyne.NewSize(w, h))
		}
		y += h + theme.Padding()
	}
}

// shortZone is the city of an IANA zone: "Asia/Karachi" → "Karachi".
func shortZone(zone string) string {
	if i := strings.LastIndexByte(zone, '/'); i >= 0 {
		zone = zone[i+1:]
	}
	return strings.ReplaceAll(zone, "_", " ")
}

// savePNG draws the dashboard as last read, 1,200 pixels wide, into a
// PNG: a set of cards of its own, on a canvas of its own.
func (v *dashboardView) savePNG(w io.Writer) error {
	cards := newDashboardCards(nil)
	upTo := v.upToLabel()
	cards.show(v.shown, upTo)
	heading := widget.NewLabelWithStyle(dashboardHeading(v.now(), upTo), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	content := container.NewVBox(heading, cards.grid)
	var g cardGrid
	height := heading.MinSize().Height + g.height(cards.grid.Objects, g.columns(1200, len(cards.grid.Objects))) + 2*theme.Padding()
	return renderPNG(w, content, fyne.NewSize(1200, height))
}
