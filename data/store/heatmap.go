package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"convenor/data"
)

// HeatMap places the risks that q asks for on the likelihood × impact
// grid: a count per cell and the first data.HeatShown of each, in one
// query that counts and ranks inside SQLite.
func (s *Store) HeatMap(ctx context.Context, q data.HeatQuery) (data.HeatMap, error) {
	var m data.HeatMap
	db := s.under(ctx)
	hq := heatQuery(q)
	cells := map[[2]int64]*data.HeatCell{}
	var order [][2]int64
	if _, err := collect(db, func(rows *sql.Rows, _ *struct{}) error {
		var r data.RiskLine
		var tlp string
		var n int
		if err := rows.Scan(&r.Likelihood, &r.Impact, &n, &r.ID, &r.Title, &tlp, &r.Owner, &r.Status); err != nil {
			return err
		}
		r.TLP = data.TLP(tlp)
		key := [2]int64{r.Likelihood, r.Impact}
		c := cells[key]
		if c == nil {
			c = &data.HeatCell{Likelihood: r.Likelihood, Impact: r.Impact, Count: n}
			cells[key] = c
			order = append(order, key)
			m.Total += n
		}
		c.Risks = append(c.Risks, r)
		return nil
	}, hq.cells.sql, hq.cells.args...); err != nil {
		return m, failed("reading the heat map", err, false)
	}
	for _, k := range order {
		m.Cells = append(m.Cells, *cells[k])
	}
	if err := db.QueryRow(hq.unscored.sql, hq.unscored.args...).Scan(&m.Unscored); err != nil {
		return m, failed("reading the heat map", err, false)
	}
	return m, nil
}

// HeatCellRisks lists every risk of one cell, for a crowded cell's list.
func (s *Store) HeatCellRisks(ctx context.Context, q data.HeatQuery, likelihood, impact int64) ([]data.RiskLine, error) {
	hq := heatQuery(q)
	l, i := heatColumns(q)
	rows, err := collect(s.under(ctx), func(rows *sql.Rows, r *data.RiskLine) error {
		var tlp string
		err := rows.Scan(&r.Likelihood, &r.Impact, &r.ID, &r.Title, &tlp, &r.Owner, &r.Status)
		r.TLP = data.TLP(tlp)
		return err
	}, `SELECT d.`+l+`, d.`+i+`, r.id, r.title, r.tlp, COALESCE(d.owner, ''), d.status FROM risk d JOIN records r ON r.id = d.id
		WHERE `+hq.where+` AND d.`+l+` = ? AND d.`+i+` = ? ORDER BY r.sort_key`, append(hq.args, likelihood, impact)...)
	return rows, failed("reading the heat map", err, false)
}

func heatColumns(q data.HeatQuery) (likelihood, impact string) {
	if q.Residual {
		return "residual_likelihood", "residual_impact"
	}
	return "likelihood", "impact"
}

// heatQuery is the heat map's SQL, apart so the benchmark runs the same.
func heatQuery(q data.HeatQuery) (h struct {
	where           string
	args            []any
	cells, unscored query
}) {
	l, i := heatColumns(q)
	labels, _ := json.Marshal(data.AtMost(q.UpTo))
	statuses, _ := json.Marshal(q.Statuses)
	h.where = `r.tlp IN (SELECT value FROM json_each(?)) AND (? = '' OR d.category = ?) AND (? = '' OR d.owner = ?)
		AND (json_array_length(?) = 0 OR d.status IN (SELECT value FROM json_each(?)))`
	h.args = []any{string(labels), q.Category, q.Category, q.Owner, q.Owner, string(statuses), string(statuses)}
	h.cells = query{rankedCells("risk", l, i, h.where, "COALESCE(d.owner, '')", "d.status"), append(append([]any{}, h.args...), data.HeatShown)}
	h.unscored = query{`SELECT count(*) FROM risk d JOIN records r ON r.id = d.id WHERE ` + h.where + ` AND (d.` + l + ` IS NULL OR d.` + i + ` IS NULL)`, h.args}
	return h
}

// RiskOwners lists the owners risks have, for the heat map's filter.
func (s *Store) RiskOwners(ctx context.Context) ([]string, error) {
	owners, err := collect(s.under(ctx), func(rows *sql.Rows, o *string) error { return rows.Scan(o) },
		"SELECT DISTINCT owner FROM risk WHERE owner IS NOT NULL AND owner <> '' ORDER BY owner COLLATE NOCASE")
	return owners, failed("reading the risks' owners", err, false)
}
