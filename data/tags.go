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

// writeTags keeps record_tags in step with the record's tags; replace
// clears the old ones first (a new record has none).
func writeTags(tx *sql.Tx, seq int64, r *Record, replace bool) error {
	if replace {
		if _, err := tx.Exec("DELETE FROM record_tags WHERE seq = ?", seq); err != nil {
			return err
		}
	}
	if len(r.Tags) == 0 {
		return nil
	}
	for _, tag := range r.Tags {
		if _, err := tx.Exec("INSERT OR IGNORE INTO record_tags(tag, seq) VALUES (?, ?)", tag, seq); err != nil {
			return err
		}
	}
	return nil
}
