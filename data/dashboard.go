package data

import "time"

// Dashboard is what the app's home answers: where do we stand, what is
// getting worse, what is due. Each line names the record it opens. A
// dashboard is read up to one TLP label: what is labelled above it is
// neither listed nor counted.
type Dashboard struct {
	Upcoming   []Upcoming   // engagements in the next DashboardAhead days, soonest first
	Overdue    []DueItem    // follow-up actions past their due date, oldest first
	TopRisks   []RiskLine   // the highest-scoring risks not closed
	Escalation []IndexPoint // the escalation index of each of the last DashboardBack days
	Phases     []PhaseCount // milestones by phase, in the phases' order
	Reviews    []DueItem    // commitments whose review date has come or comes within DashboardAhead days
	ByLabel    map[TLP]int  // records by label
}

// How far the dashboard looks ahead and back, and how many risks it lists.
const (
	DashboardAhead = 30
	DashboardBack  = 90
	DashboardRisks = 5
)

// Upcoming is an engagement to come.
type Upcoming struct {
	ID, Title string
	TLP       TLP
	Starts    time.Time // UTC
	Zone      string    // the engagement's own time zone ("" if none)
	Venue     string
}

// RiskLine is a risk as the dashboard ranks it.
type RiskLine struct {
	ID, Title          string
	TLP                TLP
	Likelihood, Impact int64
	Owner, Status      string
}

// Score is likelihood × impact.
func (r RiskLine) Score() int64 { return r.Likelihood * r.Impact }

// PhaseCount is how many milestones of a phase are in each status.
type PhaseCount struct {
	Phase    string
	ByStatus map[string]int
	Total    int
}
