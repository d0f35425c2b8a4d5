package store

import (
	"context"
	"database/sql"
	"strings"

	"convenor/data"
)

// Tags returns the tags in use that begin with prefix (case-blind), the
// most used first, so that a desk keeps to one spelling of each tag.
func (s *Store) Tags(ctx context.Context, prefix string, limit int) ([]data.TagUse, error) {
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(prefix)) + "%"
	return collect(s.under(ctx), func(rows *sql.Rows, u *data.TagUse) error { return rows.Scan(&u.Tag, &u.Records) },
		`SELECT tag, count(*) AS n FROM record_tags WHERE tag LIKE ? ESCAPE '\'
		GROUP BY tag ORDER BY n DESC, tag LIMIT ?`, like, limit)
}
