package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"convenor/data"
)

// where builds the filter of q, with its arguments.
func where(q data.Query) (string, []any, error) {
	var conds []string
	var args []any
	if m := matchExpr(q.Text); m != "" {
		conds = append(conds, "r.seq IN (SELECT rowid FROM search WHERE search MATCH ?)")
		args = append(args, m)
	}
	if len(q.TLP) > 0 {
		marks := make([]string, len(q.TLP))
		for i, t := range q.TLP {
			marks[i] = "?"
			args = append(args, string(t))
		}
		conds = append(conds, "r.tlp IN ("+strings.Join(marks, ",")+")")
	}
	if q.Tag != "" {
		conds = append(conds, "r.seq IN (SELECT seq FROM record_tags WHERE tag = ?)")
		args = append(args, q.Tag)
	}
	for key, text := range q.Equals {
		f := q.Kind.Field(key)
		if f == nil || !f.HasColumn() {
			return "", nil, fmt.Errorf("%s has no field %q to filter on", q.Kind.Label, key)
		}
		v, err := data.ParseValue(f, text)
		if err != nil {
			return "", nil, fmt.Errorf("%s %w", f.Label, err)
		}
		if v == nil {
			conds = append(conds, "d."+f.Key+" IS NULL")
			continue
		}
		conds = append(conds, "d."+f.Key+" = ?")
		args = append(args, toDB(f, v))
	}
	if q.From != "" || q.To != "" {
		col, err := dateColumn(q)
		if err != nil {
			return "", nil, err
		}
		for _, end := range []struct {
			day, op string
			add     int
		}{{q.From, ">=", 0}, {q.To, "<", 1}} {
			if end.day == "" {
				continue
			}
			d, err := time.Parse(data.DateLayout, end.day)
			if err != nil {
				return "", nil, fmt.Errorf("date range: %q is not a date written YYYY-MM-DD", end.day)
			}
			conds = append(conds, col+" "+end.op+" ?")
			args = append(args, d.AddDate(0, 0, end.add).Format(data.DateLayout))
		}
	}
	return strings.Join(conds, " AND "), args, nil
}

// dateColumn is the column the date range applies to. Dates and instants
// are stored as sortable text, so a day compares correctly with both.
func dateColumn(q data.Query) (string, error) {
	key := q.DateField
	if key == "" {
		key = q.Kind.DateField()
	}
	if key == "updated_at" || key == "created_at" {
		return "r." + key, nil
	}
	f := q.Kind.Field(key)
	if f == nil || (f.Type != data.Date && f.Type != data.DateTime) {
		return "", fmt.Errorf("%s has no date field %q", q.Kind.Label, key)
	}
	return "d." + f.Key, nil
}

// order turns q.Sort into an ORDER BY clause; onDetail says the sort key
// is in the kind's own table. A rowid breaks ties, in the same direction,
// so pages never overlap and an index can serve the whole order.
func order(q data.Query) (clause string, onDetail bool, err error) {
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	switch q.Sort {
	case "", "title":
		return fmt.Sprintf("r.sort_key %s, r.seq %s", dir, dir), false, nil
	case "updated_at", "created_at", "tlp":
		return fmt.Sprintf("r.%s %s, r.seq %s", q.Sort, dir, dir), false, nil
	}
	f := q.Kind.Field(q.Sort)
	if f == nil || !f.HasColumn() {
		return "", false, fmt.Errorf("%s cannot be sorted by %q", q.Kind.Label, q.Sort)
	}
	col := "d." + f.Key
	switch f.Type {
	case data.Ref: // by the title of the record pointed to, not its id
		col = "(SELECT sort_key FROM records WHERE id = d." + f.Key + ")"
	case data.Text, data.TimeZone:
		col += " COLLATE NOCASE"
	}
	return fmt.Sprintf("%s %s, d.rowid %s", col, dir, dir), true, nil
}

// List returns one page of records: common and column fields only (Links
// and FollowUps are read by Get). The page's ids are found first from the
// indexes alone, so a page deep in 100,000 records costs an index walk,
// not 100,000 row reads; then only those rows are read.
func (s *Store) List(ctx context.Context, q data.Query) ([]*data.Record, error) {
	sqlText, args, err := pageSQL(q)
	if err != nil {
		return nil, err
	}
	recs, err := scanRecords(s.under(ctx), q.Kind, sqlText, args)
	return recs, failed("reading the "+strings.ToLower(q.Kind.Plural), err, false)
}

// pageSQL is the whole query behind List.
func pageSQL(q data.Query) (string, []any, error) {
	where, args, err := where(q)
	if err != nil {
		return "", nil, err
	}
	order, onDetail, err := order(q)
	if err != nil {
		return "", nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	var page string
	var pageArgs []any
	if onDetail && !usesRecords.MatchString(where) {
		// Every row of the kind's table is of the kind: no join needed.
		page = "SELECT d.id FROM " + q.Kind.Table + " d"
		if where != "" {
			page += " WHERE " + where
		}
		pageArgs = args
	} else {
		page = "SELECT r.id FROM records r"
		if onDetail || strings.Contains(where, "d.") {
			page += " JOIN " + q.Kind.Table + " d ON d.id = r.id"
		}
		page += " WHERE r.kind = ?"
		if where != "" {
			page += " AND " + where
		}
		pageArgs = append([]any{q.Kind.Name}, args...)
	}
	page += fmt.Sprintf(" ORDER BY %s LIMIT %d OFFSET %d", order, limit, q.Offset)
	// No kind condition outside: the ids alone lead to the rows.
	sqlText := selectSQL(q.Kind, "r.id IN ("+page+") ORDER BY "+order)
	return sqlText, pageArgs, nil
}

// usesRecords spots a condition on the records table (r.tlp, r.tags …).
var usesRecords = regexp.MustCompile(`\br\.`)

// Count returns how many records q selects, ignoring paging.
func (s *Store) Count(ctx context.Context, q data.Query) (int, error) {
	where, args, err := where(q)
	if err != nil {
		return 0, err
	}
	sqlText := "SELECT count(*) FROM records r"
	if strings.Contains(where, "d.") {
		sqlText += fmt.Sprintf(" JOIN %s d ON d.id = r.id", q.Kind.Table)
	}
	sqlText += " WHERE r.kind = ?"
	if where != "" {
		sqlText += " AND " + where
	}
	var n int
	err = s.under(ctx).QueryRow(sqlText, append([]any{q.Kind.Name}, args...)...).Scan(&n)
	return n, failed("counting the "+strings.ToLower(q.Kind.Plural), err, false)
}

// Counts returns the number of records of each kind, by kind name.
func (s *Store) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := s.under(ctx).Query("SELECT kind, count(*) FROM records GROUP BY kind")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// Titles returns the titles of the given records, by id; unknown ids are left out.
func (s *Store) Titles(ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	b, _ := json.Marshal(ids)
	rows, err := s.db.Query("SELECT id, title FROM records WHERE id IN (SELECT value FROM json_each(?))", string(b))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, err
		}
		out[id] = t
	}
	return out, rows.Err()
}

// Backlinks lists the records that point to id through a Ref or Links field.
func (s *Store) Backlinks(id string) ([]data.Backlink, error) {
	var parts []string
	var args []any
	for _, k := range data.Kinds {
		for _, f := range k.Columns() {
			if f.Type == data.Ref {
				parts = append(parts, fmt.Sprintf("SELECT id AS id, '%s' AS field, '' AS role FROM %s WHERE %s = ?", f.Key, k.Table, f.Key))
				args = append(args, id)
			}
		}
	}
	parts = append(parts, "SELECT from_id, field, role FROM links WHERE to_id = ?")
	args = append(args, id)
	return collect(s.db, func(rows *sql.Rows, b *data.Backlink) error {
		var kind, field string
		if err := rows.Scan(&b.ID, &kind, &b.Title, &field, &b.Role); err != nil {
			return err
		}
		if b.Kind = data.KindByName(kind); b.Kind != nil {
			b.Field = b.Kind.Field(field)
		}
		return nil
	}, `SELECT b.id, r.kind, r.title, b.field, b.role FROM (`+strings.Join(parts, " UNION ALL ")+`) b
		JOIN records r ON r.id = b.id ORDER BY r.kind, r.title`, args...)
}

// Meta returns a workspace setting such as "name", or "".
func (s *Store) Meta(key string) string {
	var v string
	_ = s.db.QueryRow("SELECT value FROM meta WHERE key=?", key).Scan(&v)
	return v
}
