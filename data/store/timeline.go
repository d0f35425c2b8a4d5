package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"convenor/data"
)

// Timeline reads a span of signals for the timeline view: their count,
// then each signal when the span holds at most data.TimelineLimit, else
// per bucket counts and sums computed by SQLite; and the escalation index
// of each day, summed where the rows are.
func (s *Store) Timeline(ctx context.Context, q data.TimelineQuery) (data.Timeline, error) {
	var t data.Timeline
	from, err := time.Parse(data.DateLayout, q.From)
	if err != nil {
		return t, fmt.Errorf("the timeline's first day %q is not a date", q.From)
	}
	to, err := time.Parse(data.DateLayout, q.To)
	if err != nil || to.Before(from) {
		return t, fmt.Errorf("the timeline's last day %q is not a date after %s", q.To, q.From)
	}
	db := s.under(ctx)
	tq := timelineQueries(q, from, to)
	if err := db.QueryRow(tq.count.sql, tq.count.args...).Scan(&t.Count); err != nil {
		return t, failed("reading the timeline", err, false)
	}
	if t.Count <= data.TimelineLimit {
		t.Signals, err = collect(db, func(rows *sql.Rows, sg *data.TimelineSignal) error {
			var tlp string
			err := rows.Scan(&sg.ID, &sg.Title, &tlp, &sg.Day, &sg.Severity, &sg.Kind)
			sg.TLP = data.TLP(tlp)
			return err
		}, tq.signals.sql, tq.signals.args...)
	} else {
		byBucket := map[int]*data.TimelineBucket{}
		_, err = collect(db, func(rows *sql.Rows, _ *struct{}) error {
			var b, n int
			var kind string
			var up, down int64
			if err := rows.Scan(&b, &kind, &n, &up, &down); err != nil {
				return err
			}
			bk := byBucket[b]
			if bk == nil {
				first := from.AddDate(0, 0, b*tq.width)
				last := minTime(first.AddDate(0, 0, tq.width-1), to)
				bk = &data.TimelineBucket{First: first.Format(data.DateLayout), Last: last.Format(data.DateLayout), ByKind: map[string]int{}}
				byBucket[b] = bk
			}
			bk.Count += n
			bk.ByKind[kind] += n
			bk.Up += up
			bk.Down += down
			return nil
		}, tq.buckets.sql, tq.buckets.args...)
		for b := 0; b*tq.width <= int(to.Sub(from).Hours()/24); b++ {
			if bk := byBucket[b]; bk != nil {
				t.Buckets = append(t.Buckets, *bk)
			}
		}
	}
	if err != nil {
		return t, failed("reading the timeline", err, false)
	}
	daily := map[string]float64{}
	if _, err := collect(db, func(rows *sql.Rows, _ *struct{}) error {
		var day string
		var sum float64
		err := rows.Scan(&day, &sum)
		daily[day] = sum
		return err
	}, tq.index.sql, tq.index.args...); err != nil {
		return t, failed("reading the timeline", err, false)
	}
	t.Index = data.EscalationIndex(daily, from, to)
	return t, nil
}

// timelineQueries are the timeline's queries, apart so the benchmark runs
// the same; width is each bucket's days.
func timelineQueries(q data.TimelineQuery, from, to time.Time) (tq struct {
	count, signals, buckets, index query
	width                          int
}) {
	labels, _ := json.Marshal(data.AtMost(q.UpTo))
	where := ` FROM signal d JOIN records r ON r.id = d.id
		WHERE d.occurred_on >= ? AND d.occurred_on <= ? AND r.tlp IN (SELECT value FROM json_each(?))
		AND (? = '' OR d.signal_type = ?) AND (? = '' OR d.place = ?)
		AND (? = '' OR EXISTS (SELECT 1 FROM links l WHERE l.from_id = d.id AND l.field = 'actors' AND l.to_id = ?))`
	args := func(first string) []any {
		return []any{first, q.To, string(labels), q.Kind, q.Kind, q.Place, q.Place, q.ActorID, q.ActorID}
	}
	days := int(to.Sub(from).Hours()/24) + 1
	buckets := max(q.Buckets, 1)
	tq.width = max(1, (days+buckets-1)/buckets)
	tq.count = query{`SELECT count(*)` + where, args(q.From)}
	tq.signals = query{`SELECT r.id, r.title, r.tlp, d.occurred_on, d.severity, d.signal_type` + where + ` ORDER BY d.occurred_on, r.sort_key`, args(q.From)}
	tq.buckets = query{`SELECT CAST(julianday(d.occurred_on) - julianday(?) AS INTEGER) / ? AS b, d.signal_type, count(*),
		SUM(CASE WHEN d.severity > 0 THEN d.severity ELSE 0 END), SUM(CASE WHEN d.severity < 0 THEN d.severity ELSE 0 END)` + where + ` GROUP BY b, d.signal_type`,
		append([]any{q.From, tq.width}, args(q.From)...)}
	tq.index = query{`SELECT d.occurred_on, SUM(d.severity * ` + data.WeightSQL("d") + `)` + where + ` GROUP BY d.occurred_on`,
		args(from.AddDate(0, 0, 1-data.EscalationWindow).Format(data.DateLayout))}
	return tq
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
