package data

import "strings"

// TagUse is a tag in use in the workspace and how many records carry it.
type TagUse struct {
	Tag     string
	Records int
}

// Tags returns the tags in use that begin with prefix (case-blind), the
// most used first, so that a desk keeps to one spelling of each tag.
func (s *Store) Tags(prefix string, limit int) ([]TagUse, error) {
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(prefix)) + "%"
	rows, err := s.db.Query(`SELECT tag, count(*) AS n FROM record_tags WHERE tag LIKE ? ESCAPE '\'
		GROUP BY tag ORDER BY n DESC, tag LIMIT ?`, like, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TagUse
	for rows.Next() {
		var u TagUse
		if err := rows.Scan(&u.Tag, &u.Records); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
