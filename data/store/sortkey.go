package store

import (
	"database/sql"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sortKey is the key a title sorts by: case-blind, and each run of digits
// read as a number, so "Actor 2" comes before "Actor 10". A run is written
// as '0', its length in two digits and its digits without leading zeros:
// it still sorts before letters, as a digit does, and a longer number after
// a shorter one.
func sortKey(title string) string {
	var b strings.Builder
	b.Grow(len(title) + 8)
	for i := 0; i < len(title); {
		if c := title[i]; c >= '0' && c <= '9' {
			j := i
			for j < len(title) && title[j] >= '0' && title[j] <= '9' {
				j++
			}
			digits := strings.TrimLeft(title[i:j], "0")
			if digits == "" {
				digits = "0"
			}
			if len(digits) > 99 { // no title counts that far; keep the order of the rest
				digits = digits[:99]
			}
			b.WriteByte('0')
			b.WriteByte(byte('0' + len(digits)/10))
			b.WriteByte(byte('0' + len(digits)%10))
			b.WriteString(digits)
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(title[i:])
		b.WriteRune(unicode.ToLower(r))
		i += size
	}
	return b.String()
}

// sortKeys fills the key of every record written before it existed
// (format 12).
func sortKeys(tx *sql.Tx) error {
	type row struct {
		seq   int64
		title string
	}
	rows, err := collect(tx, func(rows *sql.Rows, r *row) error { return rows.Scan(&r.seq, &r.title) }, "SELECT seq, title FROM records")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := tx.Exec("UPDATE records SET sort_key = ? WHERE seq = ?", sortKey(r.title), r.seq); err != nil {
			return err
		}
	}
	return nil
}
