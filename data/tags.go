package data

import (
	"database/sql"
	"strings"
)

// TagUse is a tag in use in the workspace and how many records carry it.
type TagUse struct {
	Tag     string
	Records int
}

// Tags returns the tags in use that begin with prefix (case-blind), the
// most used first, so that a desk keeps to one spelling of each tag.
func (s *Store) Tags(prefix string, limit int) ([]TagUse, error) {
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(prefix)) + "%"
	return collect(s.db, func(rows *sql.Rows, u *TagUse) error { return rows.Scan(&u.Tag, &u.Records) },
		`SELECT tag, count(*) AS n FROM record_tags WHERE tag LIKE ? ESCAPE '\'
		GROUP BY tag ORDER BY n DESC, tag LIMIT ?`, like, limit)
}
