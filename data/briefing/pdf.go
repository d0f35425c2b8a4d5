package briefing

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"convenor/assets/fonts"
	"convenor/data"
)

// A4 portrait, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 15.0
	textW        = pageW - 2*margin
	bodyTop      = 30.0
	bodyBottom   = pageH - 20.0
)

// WritePDF draws the briefing on A4 pages.
func (b *Briefing) WritePDF(w io.Writer) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreator("Convenor", true)
	pdf.SetTitle("Briefing: "+b.Name, true)
	pdf.SetCreationDate(b.Now)
	pdf.SetModificationDate(b.Now)
	pdf.AddUTF8FontFromBytes("Noto", "", fonts.Regular)
	pdf.AddUTF8FontFromBytes("Noto", "B", fonts.Bold)
	pdf.SetMargins(margin, bodyTop, margin)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFunc(func() { b.header(pdf) })
	pdf.SetFooterFunc(func() { b.footer(pdf) })
	pdf.AddPage()
	p := &pen{pdf: pdf, y: bodyTop}
	b.milestones(p)
	b.risks(p)
	b.escalation(p)
	b.engagements(p)
	b.commitmentsSection(p)
	b.overdue(p)
	if err := pdf.Error(); err != nil {
		return err
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return err
	}
	_, err := w.Write(out.Bytes())
	return err
}

// pen is where the next line goes; it turns the page when one is full.
type pen struct {
	pdf *fpdf.Fpdf
	y   float64
}

// room makes sure h millimetres fit below, turning the page if not.
func (p *pen) room(h float64) {
	if p.y+h > bodyBottom {
		p.pdf.AddPage()
		p.y = bodyTop
	}
}

func (p *pen) heading(s string) {
	p.room(16)
	p.y += 4
	p.pdf.SetTextColor(20, 40, 80)
	write(p.pdf, s, margin, p.y+5, 12, true, textW)
	p.pdf.SetDrawColor(20, 40, 80)
	p.pdf.SetLineWidth(0.3)
	p.pdf.Line(margin, p.y+7, pageW-margin, p.y+7)
	p.y += 10
}

// line writes one line of text; label, when given, is drawn as a TLP
// badge at the right.
func (p *pen) line(s string, size float64, bold bool, indent float64, label data.TLP) {
	p.room(size*0.5 + 1.5)
	maxW := textW - indent
	if label != "" {
		maxW -= 30
		badge(p.pdf, label, pageW-margin-26, p.y, 26, 4.2, 6.5)
	}
	p.pdf.SetTextColor(30, 30, 30)
	write(p.pdf, s, margin+indent, p.y+size*pt, size, bold, maxW)
	p.y += size*0.5 + 1.5
}

func (p *pen) more(n int, what string) {
	if n > 0 {
		p.line(fmt.Sprintf("… and %d more %s (in the workspace).", n, what), 8.5, false, 4, "")
	}
}

// badge draws a TLP label the way the standard draws it: its colour on
// black.
func badge(pdf *fpdf.Fpdf, label data.TLP, x, y, w, h, size float64) {
	c := data.TLPColour[label]
	pdf.SetFillColor(0, 0, 0)
	pdf.Rect(x, y, w, h, "F")
	pdf.SetTextColor(int(c[0]), int(c[1]), int(c[2]))
	setFont(pdf, size, true)
	tw := pdf.GetStringWidth(string(label))
	pdf.Text(x+(w-tw)/2, y+h/2+size*pt*0.35, string(label))
}

func (b *Briefing) header(pdf *fpdf.Fpdf) {
	pdf.SetTextColor(20, 40, 80)
	write(pdf, "Briefing · "+b.Name, margin, 14, 13, true, textW-45)
	pdf.SetTextColor(90, 90, 90)
	write(pdf, b.Now.Format("Monday 2 January 2006, 15:04 MST"), margin, 20, 8.5, false, textW-45)
	badge(pdf, b.Label, pageW-margin-40, 9, 40, 8, 10)
	pdf.SetDrawColor(180, 180, 180)
	pdf.SetLineWidth(0.2)
	pdf.Line(margin, 24, pageW-margin, 24)
}

func (b *Briefing) footer(pdf *fpdf.Fpdf) {
	y := pageH - 13
	pdf.SetDrawColor(180, 180, 180)
	pdf.Line(margin, y-2, pageW-margin, y-2)
	badge(pdf, b.Label, margin, y, 32, 6, 8)
	pdf.SetTextColor(90, 90, 90)
	note := fmt.Sprintf("For %s. Nothing labelled above %s is in it.", data.TLPMeaning[b.Label], b.UpTo)
	write(pdf, note, margin+35, y+4.2, 7.5, false, textW-60)
	page := fmt.Sprintf("Page %d of {nb}", pdf.PageNo())
	setFont(pdf, 7.5, false)
	pdf.Text(pageW-margin-pdf.GetStringWidth(page), y+4.2, page)
}

func (b *Briefing) milestones(p *pen) {
	p.heading("Where the process stands")
	byPhase := map[string][]data.RoadmapMilestone{}
	for _, m := range b.Roadmap {
		byPhase[m.Phase] = append(byPhase[m.Phase], m)
	}
	for _, ph := range b.Phases {
		if ph.Total == 0 {
			continue
		}
		p.line(fmt.Sprintf("%s — %d of %d reached", capital(ph.Phase), ph.ByStatus["reached"], ph.Total), 9.5, true, 0, "")
		for _, m := range byPhase[ph.Phase] {
			when := ""
			if m.Target != "" {
				when = ", target " + m.Target
			}
			p.line(fmt.Sprintf("%s (%s%s)", m.Title, m.Status, when), 9, false, 4, m.TLP)
		}
	}
	if len(b.Roadmap) == 0 {
		p.line("No milestones up to "+string(b.UpTo)+".", 9, false, 0, "")
	}
}

func (b *Briefing) risks(p *pen) {
	p.heading("What could derail it")
	const gridW = 62.0
	p.room(gridW + 6)
	top := p.y
	heatGrid(p.pdf, b.Heat, pageW-margin-gridW, top+1, gridW)
	saved := p
	for _, r := range b.Risks {
		saved.room(10)
		saved.pdf.SetTextColor(30, 30, 30)
		write(p.pdf, fmt.Sprintf("%d %s", r.Score(), data.RiskBand(r.Score())), margin, p.y+9*pt, 9, true, 24)
		write(p.pdf, r.Title, margin+24, p.y+9*pt, 9, false, textW-gridW-30)
		p.pdf.SetTextColor(90, 90, 90)
		write(p.pdf, "Owner: "+r.Owner+" · "+r.Status+" · "+string(r.TLP), margin+24, p.y+9*pt+4, 7.5, false, textW-gridW-30)
		p.y += 10
	}
	if len(b.Risks) == 0 {
		p.line("No open risks up to "+string(b.UpTo)+".", 9, false, 0, "")
	}
	p.y = max(p.y, top+gridW+8)
}

func (b *Briefing) escalation(p *pen) {
	p.heading("How tense it is: the escalation index, last 90 days")
	png, err := indexChart(b.Index, 180, 52)
	if err != nil {
		p.line("The chart could not be drawn: "+err.Error(), 9, false, 0, "")
		return
	}
	p.room(54)
	p.pdf.RegisterImageOptionsReader("index", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	p.pdf.ImageOptions("index", margin, p.y, textW, textW*52/180, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	p.y += textW*52/180 + 2
	p.line("Each day: the signals of its last 7 days, severity × source reliability × information credibility. Above zero: escalation.", 7.5, false, 0, "")
}

func (b *Briefing) engagements(p *pen) {
	p.heading(fmt.Sprintf("Coming up: engagements in the next %d days", data.DashboardAhead))
	for _, e := range b.Upcoming {
		when := e.Starts.UTC().Format("Mon 2 Jan 15:04 MST")
		if loc, err := time.LoadLocation(e.Zone); err == nil && e.Zone != "" {
			when = e.Starts.In(loc).Format("Mon 2 Jan 15:04") + " " + e.Zone
		}
		p.line(e.Title, 9.5, true, 0, e.TLP)
		p.line(joinNonEmpty(" · ", when, e.Venue), 8.5, false, 4, "")
		if len(e.Participants) > 0 {
			parts := make([]string, len(e.Participants))
			for i, n := range e.Participants {
				parts[i] = n.String()
			}
			p.line("With "+strings.Join(parts, "; "), 8.5, false, 4, "")
		}
	}
	if len(b.Upcoming) == 0 {
		p.line("None.", 9, false, 0, "")
	}
	p.more(b.More["engagements"], "engagements")
}

func (b *Briefing) commitmentsSection(p *pen) {
	p.heading("Open commitments")
	for _, c := range b.Open {
		p.line(c.Title, 9.5, true, 0, c.TLP)
		review := ""
		if c.Review != "" {
			review = "review " + c.Review
		}
		parties := c.From.String()
		if c.To.Title != "" {
			parties += " to " + c.To.String()
		}
		p.line(joinNonEmpty(" · ", parties, c.Kind, c.Status, review), 8.5, false, 4, "")
	}
	if len(b.Open) == 0 {
		p.line("None.", 9, false, 0, "")
	}
	p.more(b.More["commitments"], "commitments")
}

func (b *Briefing) overdue(p *pen) {
	p.heading("Overdue follow-up actions")
	for _, o := range b.Overdue {
		p.line(fmt.Sprintf("%s — %s (%s)", o.Date, o.What, o.Title), 8.5, false, 0, o.TLP)
	}
	if len(b.Overdue) == 0 {
		p.line("None.", 9, false, 0, "")
	}
	p.more(b.More["overdue"], "overdue actions")
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
