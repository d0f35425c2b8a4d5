package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"convenor/data"
)

// Dashboard answers the app's home page from the workspace as it stands
// on now's day, leaving out every record labelled above upTo. Each part is
// one aggregating query, served by an index: nothing reads a whole table.
func (s *Store) Dashboard(ctx context.Context, now time.Time, upTo data.TLP) (data.Dashboard, error) {
	db := s.under(ctx)
	labels, _ := json.Marshal(data.AtMost(upTo))
	q := dashboardQueries(now, string(labels))
	var d data.Dashboard
	var err error
	if d.Upcoming, err = collect(db, func(rows *sql.Rows, u *data.Upcoming) error {
		var starts, tlp string
		err := rows.Scan(&u.ID, &u.Title, &tlp, &starts, &u.Zone, &u.Venue)
		u.TLP = data.TLP(tlp)
		u.Starts, _ = time.Parse(timeLayout, starts)
		return err
	}, q.upcoming.sql, q.upcoming.args...); err != nil {
		return d, failed("reading the dashboard", err, false)
	}
	if d.Overdue, err = collect(db, func(rows *sql.Rows, it *data.DueItem) error {
		var action, owner, tlp string
		err := rows.Scan(&it.Date, &action, &owner, &it.ID, &it.Title, &tlp)
		it.What, it.Kind, it.TLP, it.Overdue = action, data.Engagement, data.TLP(tlp), true
		if owner != "" {
			it.What += " (" + owner + ")"
		}
		return err
	}, q.overdue.sql, q.overdue.args...); err != nil {
		return d, failed("reading the dashboard", err, false)
	}
	if d.TopRisks, err = collect(db, func(rows *sql.Rows, r *data.RiskLine) error {
		var tlp string
		err := rows.Scan(&r.ID, &r.Title, &tlp, &r.Likelihood, &r.Impact, &r.Owner, &r.Status)
		r.TLP = data.TLP(tlp)
		return err
	}, q.risks.sql, q.risks.args...); err != nil {
		return d, failed("reading the dashboard", err, false)
	}
	daily := map[string]float64{}
	if _, err = collect(db, func(rows *sql.Rows, _ *struct{}) error {
		var day string
		var sum float64
		err := rows.Scan(&day, &sum)
		daily[day] = sum
		return err
	}, q.escalation.sql, q.escalation.args...); err != nil {
		return d, failed("reading the dashboard", err, false)
	}
	today := day(now)
	d.Escalation = data.EscalationIndex(daily, today.AddDate(0, 0, 1-data.DashboardBack), today)
	phases := map[string]*data.PhaseCount{}
	if _, err = collect(db, func(rows *sql.Rows, _ *struct{}) error {
		var phase, status string
		var n int
		if err := rows.Scan(&phase, &status, &n); err != nil {
			return err
		}
		p := phases[phase]
		if p == nil {
			p = &data.PhaseCount{Phase: phase, ByStatus: map[string]int{}}
			phases[phase] = p
		}
		p.ByStatus[status] += n
		p.Total += n
		return nil
	}, q.phases.sql, q.phases.args...); err != nil {
		return d, failed("reading the dashboard", err, false)
	}
	for _, phase := range data.Milestone.Field("phase").Choices {
		if p := phases[phase]; p != nil {
			d.Phases = append(d.Phases, *p)
		}
	}
	if d.Reviews, err = collect(db, func(rows *sql.Rows, it *data.DueItem) error {
		var tlp string
		err := rows.Scan(&it.Date, &it.ID, &it.Title, &tlp)
		it.What, it.Kind, it.TLP = "Review", data.Commitment, data.TLP(tlp)
		it.Overdue = it.Date < today.Format(data.DateLayout)
		return err
	}, q.reviews.sql, q.reviews.args...); err != nil {
		return d, failed("reading the dashboard", err, false)
	}
	d.ByLabel = map[data.TLP]int{}
	if _, err = collect(db, func(rows *sql.Rows, _ *struct{}) error {
		var tlp string
		var n int
		err := rows.Scan(&tlp, &n)
		d.ByLabel[data.TLP(tlp)] = n
		return err
	}, q.labels.sql, q.labels.args...); err != nil {
		return d, failed("reading the dashboard", err, false)
	}
	return d, nil
}

// day is the start of t's calendar day, in UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

type query struct {
	sql  string
	args []any
}

// dashboardQueries are the dashboard's queries, apart so the benchmark
// runs the very same ones on bare SQLite. labels is a JSON array of the
// labels shown.
func dashboardQueries(now time.Time, labels string) (q struct {
	upcoming, overdue, risks, escalation, phases, reviews, labels query
}) {
	today := day(now)
	ahead := today.AddDate(0, 0, data.DashboardAhead+1)
	shown := " AND r.tlp IN (SELECT value FROM json_each(?))"
	closed := func(f *data.Field) string { b, _ := json.Marshal(f.Closed); return string(b) }
	followUpsClosed, _ := json.Marshal(data.FollowUpClosed)
	q.upcoming = query{`SELECT r.id, r.title, r.tlp, d.starts, COALESCE(d.timezone, ''), COALESCE(d.venue, '') FROM engagement d JOIN records r ON r.id = d.id
		WHERE d.starts >= ? AND d.starts < ?` + shown + ` ORDER BY d.starts LIMIT 100`,
		[]any{now.UTC().Format(timeLayout), ahead.Format(timeLayout), labels}}
	q.overdue = query{`SELECT f.due, f.action, f.owner, r.id, r.title, r.tlp FROM follow_ups f JOIN records r ON r.id = f.engagement_id
		WHERE f.due IS NOT NULL AND f.due <> '' AND f.due < ? AND f.status NOT IN (SELECT value FROM json_each(?))` + shown + ` ORDER BY f.due, r.sort_key LIMIT 100`,
		[]any{today.Format(data.DateLayout), string(followUpsClosed), labels}}
	q.risks = query{`SELECT r.id, r.title, r.tlp, d.likelihood, d.impact, d.owner, d.status FROM risk d JOIN records r ON r.id = d.id
		WHERE d.status NOT IN (SELECT value FROM json_each(?))` + shown + ` ORDER BY d.score DESC, r.sort_key LIMIT ?`,
		[]any{closed(data.Risk.StatusField()), labels, data.DashboardRisks}}
	q.escalation = query{`SELECT d.occurred_on, SUM(d.severity * ` + data.WeightSQL("d") + `) FROM signal d JOIN records r ON r.id = d.id
		WHERE d.occurred_on >= ? AND d.occurred_on <= ?` + shown + ` GROUP BY d.occurred_on`,
		[]any{today.AddDate(0, 0, 2-data.DashboardBack-data.EscalationWindow).Format(data.DateLayout), today.Format(data.DateLayout), labels}}
	q.phases = query{`SELECT d.phase, d.status, count(*) FROM milestone d JOIN records r ON r.id = d.id
		WHERE 1` + shown + ` GROUP BY d.phase, d.status`, []any{labels}}
	q.reviews = query{`SELECT d.review_date, r.id, r.title, r.tlp FROM commitment d JOIN records r ON r.id = d.id
		WHERE d.review_date IS NOT NULL AND d.review_date <> '' AND d.review_date < ? AND d.status NOT IN (SELECT value FROM json_each(?))` + shown + ` ORDER BY d.review_date, r.sort_key LIMIT 100`,
		[]any{ahead.Format(data.DateLayout), closed(data.Commitment.StatusField()), labels}}
	q.labels = query{`SELECT r.tlp, count(*) FROM records r WHERE 1` + shown + ` GROUP BY r.tlp`, []any{labels}}
	return q
}
