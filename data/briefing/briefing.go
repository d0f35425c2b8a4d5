// Package briefing writes the page a director reads: where the process
// stands, what could derail it, how tense things are, what comes next and
// what is owed, as a PDF of one to three pages labelled with TLP in every
// header and footer, leaving out everything above a chosen label.
package briefing

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"convenor/data"
)

// Source is the open workspace a briefing reads.
type Source interface {
	Meta(key string) string
	Dashboard(ctx context.Context, now time.Time, upTo data.TLP) (data.Dashboard, error)
	Roadmap(ctx context.Context, upTo data.TLP) ([]data.RoadmapMilestone, error)
	HeatMap(ctx context.Context, q data.HeatQuery) (data.HeatMap, error)
	List(ctx context.Context, q data.Query) ([]*data.Record, error)
	Get(id string) (*data.Record, error)
}

// How much each list shows: a briefing is read in minutes.
const (
	shownEngagements = 6
	shownCommitments = 6
	shownOverdue     = 6
)

// Briefing is what the pages say, gathered under the cap.
type Briefing struct {
	Name     string
	Now      time.Time
	UpTo     data.TLP // what is above this is left out
	Label    data.TLP // the most restrictive label of what is in it
	Phases   []data.PhaseCount
	Roadmap  []data.RoadmapMilestone
	Risks    []data.RiskLine
	Heat     data.HeatMap
	Index    []data.IndexPoint
	Upcoming []Engagement
	Open     []Commitment
	Overdue  []data.DueItem
	// More counts what the lists leave out for room, by list.
	More map[string]int
}

// Engagement is an upcoming engagement and who takes part.
type Engagement struct {
	data.Upcoming
	Participants []Name
}

// Commitment is an open commitment and its parties.
type Commitment struct {
	Title, Kind, Status, Review string
	TLP                         data.TLP
	From, To                    Name
}

// Name is an actor's name, and in its own script when the record has it.
type Name struct{ Title, Native string }

func (n Name) String() string {
	if n.Native == "" {
		return n.Title
	}
	return n.Title + " (" + n.Native + ")"
}

// Gather reads what the briefing says, nothing above upTo.
func Gather(ctx context.Context, s Source, now time.Time, upTo data.TLP) (*Briefing, error) {
	if !upTo.Valid() {
		return nil, fmt.Errorf("%q is not a TLP label; use one of %s", upTo, strings.Join(data.TLPStrings(), ", "))
	}
	b := &Briefing{Name: s.Meta("name"), Now: now, UpTo: upTo, More: map[string]int{}}
	d, err := s.Dashboard(ctx, now, upTo)
	if err != nil {
		return nil, err
	}
	b.Phases, b.Risks, b.Index, b.Overdue = d.Phases, d.TopRisks, d.Escalation, d.Overdue
	if b.Roadmap, err = s.Roadmap(ctx, upTo); err != nil {
		return nil, err
	}
	if b.Heat, err = s.HeatMap(ctx, data.HeatQuery{UpTo: upTo, Statuses: []string{"open", "monitoring"}}); err != nil {
		return nil, err
	}
	allowed := func(l data.TLP) bool { return l.Rank() >= upTo.Rank() }
	names := func(ids ...string) []Name { return b.names(s, allowed, ids...) }
	for i, u := range d.Upcoming {
		if i == shownEngagements {
			b.More["engagements"] = len(d.Upcoming) - i
			break
		}
		e := Engagement{Upcoming: u}
		if r, err := s.Get(u.ID); err == nil {
			var ids []string
			for _, l := range r.Links("participants") {
				ids = append(ids, l.ID)
			}
			e.Participants = names(ids...)
		}
		b.Upcoming = append(b.Upcoming, e)
	}
	if len(b.Overdue) > shownOverdue {
		b.More["overdue"], b.Overdue = len(b.Overdue)-shownOverdue, b.Overdue[:shownOverdue]
	}
	if err := b.commitments(ctx, s, allowed, names); err != nil {
		return nil, err
	}
	// The index is summed from signals: the page carries their labels.
	from := now.AddDate(0, 0, -data.DashboardBack-data.EscalationWindow).Format(data.DateLayout)
	for off := 0; ; off += 1000 {
		sig, err := s.List(ctx, data.Query{Kind: data.Signal, TLP: data.AtMost(upTo), From: from, Limit: 1000, Offset: off})
		if err != nil {
			return nil, err
		}
		for _, r := range sig {
			b.Label = data.MostRestrictive(b.Label, r.TLP)
		}
		if len(sig) < 1000 {
			break
		}
	}
	b.label()
	return b, nil
}

// commitments lists those not closed, the next review first.
func (b *Briefing) commitments(ctx context.Context, s Source, allowed func(data.TLP) bool, names func(...string) []Name) error {
	status := data.Commitment.StatusField()
	recs, err := s.List(ctx, data.Query{Kind: data.Commitment, TLP: data.AtMost(b.UpTo), Sort: "review_date", Limit: 1000})
	if err != nil {
		return err
	}
	var open []*data.Record
	for _, r := range recs {
		if !slices.Contains(status.Closed, r.Text("status")) {
			open = append(open, r)
		}
	}
	sort.SliceStable(open, func(i, j int) bool { // undated last
		a, c := open[i].Text("review_date"), open[j].Text("review_date")
		return a != "" && (c == "" || a < c)
	})
	for i, r := range open {
		if i == shownCommitments {
			b.More["commitments"] = len(open) - i
			break
		}
		c := Commitment{Title: r.Title, Kind: r.Text("commit_type"), Status: r.Text("status"), Review: r.Text("review_date"), TLP: r.TLP}
		if n := names(r.Text(data.FieldFromActor)); len(n) == 1 {
			c.From = n[0]
		}
		if n := names(r.Text(data.FieldToActor)); len(n) == 1 {
			c.To = n[0]
		}
		b.Open = append(b.Open, c)
	}
	return nil
}

// names reads actors' names, leaving out those above the cap.
func (b *Briefing) names(s Source, allowed func(data.TLP) bool, ids ...string) []Name {
	var out []Name
	for _, id := range ids {
		if id == "" {
			continue
		}
		r, err := s.Get(id)
		if err != nil || !allowed(r.TLP) {
			continue
		}
		out = append(out, Name{Title: r.Title, Native: r.Text("native_name")})
		b.Label = data.MostRestrictive(b.Label, r.TLP)
	}
	return out
}

// label is the most restrictive label of anything the pages show.
func (b *Briefing) label() {
	labels := []data.TLP{b.Label}
	if b.Label == "" {
		labels = nil
	}
	for _, m := range b.Roadmap {
		labels = append(labels, m.TLP)
	}
	for _, r := range b.Risks {
		labels = append(labels, r.TLP)
	}
	for _, c := range b.Heat.Cells {
		for _, r := range c.Risks {
			labels = append(labels, r.TLP)
		}
	}
	for _, e := range b.Upcoming {
		labels = append(labels, e.TLP)
	}
	for _, c := range b.Open {
		labels = append(labels, c.TLP)
	}
	for _, o := range b.Overdue {
		labels = append(labels, o.TLP)
	}
	b.Label = data.MostRestrictive(labels...)
	if b.Label == "" {
		b.Label = data.TLPClear
	}
}
