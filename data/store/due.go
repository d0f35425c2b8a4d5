package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"time"

	"convenor/data"
)

// Due lists, across the workspace, what needs attention by the date until
// (inclusive): follow-up actions still open, and records whose due date
// (data.Field.Due: a review, a target) has come and which are not closed
// (data.Field.Closed). Overdue is set against today. The list is sorted
// by date, oldest first.
func (s *Store) Due(ctx context.Context, today, until time.Time) ([]data.DueItem, error) {
	day, last := today.Format(time.DateOnly), until.Format(time.DateOnly)
	db := s.under(ctx)
	closed, _ := json.Marshal(data.FollowUpClosed)
	items, err := collect(db, func(rows *sql.Rows, it *data.DueItem) error {
		var action, owner, kind, tlp string
		if err := rows.Scan(&it.Date, &action, &owner, &it.ID, &it.Title, &kind, &tlp); err != nil {
			return err
		}
		it.What = "Follow-up: " + action
		if owner != "" {
			it.What += " (" + owner + ")"
		}
		it.Kind, it.TLP = data.KindByName(kind), data.TLP(tlp)
		return nil
	}, `SELECT f.due, f.action, f.owner, r.id, r.title, r.kind, r.tlp FROM follow_ups f JOIN records r ON r.id = f.engagement_id
		WHERE f.status NOT IN (SELECT value FROM json_each(?)) AND f.due IS NOT NULL AND f.due <> '' AND f.due <= ?`, string(closed), last)
	if err != nil {
		return nil, failed("reading what is due", err, false)
	}
	for _, k := range data.Kinds {
		due := k.DueField()
		if due == nil {
			continue
		}
		query := "SELECT d." + due.Key + ", r.id, r.title, r.tlp FROM " + k.Table + " d JOIN records r ON r.id = d.id WHERE d." + due.Key + " <> '' AND d." + due.Key + " <= ?"
		args := []any{last}
		if st := k.StatusField(); st != nil {
			b, _ := json.Marshal(st.Closed)
			query += " AND d." + st.Key + " NOT IN (SELECT value FROM json_each(?))"
			args = append(args, string(b))
		}
		more, err := collect(db, func(rows *sql.Rows, it *data.DueItem) error {
			var tlp string
			if err := rows.Scan(&it.Date, &it.ID, &it.Title, &tlp); err != nil {
				return err
			}
			it.What, it.Kind, it.TLP = due.Label, k, data.TLP(tlp)
			return nil
		}, query, args...)
		if err != nil {
			return nil, failed("reading what is due", err, false)
		}
		items = append(items, more...)
	}
	for i := range items {
		items[i].Overdue = items[i].Date < day
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Date != items[j].Date {
			return items[i].Date < items[j].Date
		}
		return items[i].Title < items[j].Title
	})
	return items, nil
}
