package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"convenor/data"
)

// Calendar lists the engagements starting in [from, to) and the follow-up
// actions due on its days, of records labelled up to upTo: engagements by
// their start, follow-ups on their due day. At most calendarLimit of each:
// a month of a busy desk holds dozens.
func (s *Store) Calendar(ctx context.Context, from, to time.Time, upTo data.TLP) ([]data.CalendarEntry, error) {
	q := calendarQueries(from, to, upTo)
	db := s.under(ctx)
	out, err := collect(db, func(rows *sql.Rows, e *data.CalendarEntry) error {
		var starts, tlp string
		err := rows.Scan(&e.ID, &e.Title, &tlp, &starts, &e.Zone, &e.Venue)
		e.TLP = data.TLP(tlp)
		e.Starts, _ = time.Parse(timeLayout, starts)
		return err
	}, q.engagements.sql, q.engagements.args...)
	if err != nil {
		return nil, failed("reading the calendar", err, false)
	}
	due, err := collect(db, func(rows *sql.Rows, e *data.CalendarEntry) error {
		var tlp, status string
		err := rows.Scan(&e.Due, &e.Action, &status, &e.ID, &e.Title, &tlp)
		e.TLP, e.Done = data.TLP(tlp), slices.Contains(data.FollowUpClosed, status)
		return err
	}, q.followUps.sql, q.followUps.args...)
	if err != nil {
		return nil, failed("reading the calendar", err, false)
	}
	return append(out, due...), nil
}

const calendarLimit = 2000

// calendarQueries are the calendar's queries, apart so the benchmark runs
// the same. Follow-ups are due on calendar days, so the days [from, to)
// covers, in from's zone, bound them.
func calendarQueries(from, to time.Time, upTo data.TLP) (q struct{ engagements, followUps query }) {
	labels, _ := json.Marshal(data.AtMost(upTo))
	shown := " AND r.tlp IN (SELECT value FROM json_each(?))"
	q.engagements = query{`SELECT r.id, r.title, r.tlp, d.starts, COALESCE(d.timezone, ''), COALESCE(d.venue, '') FROM engagement d JOIN records r ON r.id = d.id
		WHERE d.starts >= ? AND d.starts < ?` + shown + ` ORDER BY d.starts LIMIT ?`,
		[]any{from.UTC().Format(timeLayout), to.UTC().Format(timeLayout), string(labels), calendarLimit}}
	q.followUps = query{`SELECT f.due, f.action, f.status, r.id, r.title, r.tlp FROM follow_ups f JOIN records r ON r.id = f.engagement_id
		WHERE f.due >= ? AND f.due < ?` + shown + ` ORDER BY f.due, r.sort_key LIMIT ?`,
		[]any{from.Format(data.DateLayout), to.Format(data.DateLayout), string(labels), calendarLimit}}
	return q
}
