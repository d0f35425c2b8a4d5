package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"convenor/data"
)

// Roadmap reads the milestones labelled up to upTo with what each depends
// on (only dependencies that are themselves shown), by target date. A
// process has tens of milestones, not thousands; roadmapLimit bounds it.
func (s *Store) Roadmap(ctx context.Context, upTo data.TLP) ([]data.RoadmapMilestone, error) {
	q := roadmapQueries(upTo)
	db := s.under(ctx)
	ms, err := collect(db, func(rows *sql.Rows, m *data.RoadmapMilestone) error {
		var tlp string
		err := rows.Scan(&m.ID, &m.Title, &tlp, &m.Phase, &m.Status, &m.Target, &m.Gates)
		m.TLP = data.TLP(tlp)
		return err
	}, q.milestones.sql, q.milestones.args...)
	if err != nil {
		return nil, failed("reading the roadmap", err, false)
	}
	at := make(map[string]int, len(ms))
	for i, m := range ms {
		at[m.ID] = i
	}
	deps, err := collect(db, func(rows *sql.Rows, d *[2]string) error { return rows.Scan(&d[0], &d[1]) }, q.dependencies.sql, q.dependencies.args...)
	if err != nil {
		return nil, failed("reading the roadmap", err, false)
	}
	for _, d := range deps {
		i, ok := at[d[0]]
		if _, shown := at[d[1]]; ok && shown {
			ms[i].DependsOn = append(ms[i].DependsOn, d[1])
		}
	}
	return ms, nil
}

const roadmapLimit = 1000

// roadmapQueries are the roadmap's queries, apart so the benchmark runs
// the same.
func roadmapQueries(upTo data.TLP) (q struct{ milestones, dependencies query }) {
	labels, _ := json.Marshal(data.AtMost(upTo))
	q.milestones = query{`SELECT r.id, r.title, r.tlp, d.phase, d.status, COALESCE(d.target_date, ''), COALESCE(d.gates, '') FROM milestone d JOIN records r ON r.id = d.id
		WHERE r.tlp IN (SELECT value FROM json_each(?)) ORDER BY d.target_date IS NULL, d.target_date, r.sort_key LIMIT ?`, []any{string(labels), roadmapLimit}}
	q.dependencies = query{`SELECT l.from_id, l.to_id FROM links l JOIN records r ON r.id = l.from_id
		WHERE r.kind = 'milestone' AND l.field = 'depends_on' ORDER BY l.from_id, l.position`, nil}
	return q
}
