package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"unicode"

	"convenor/data"
)

// index puts a record's searchable text into the full-text index under the
// record's seq, replacing what was there when replace is set (an update).
func index(tx *sql.Tx, seq int64, r *data.Record, replace bool) error {
	if replace {
		if _, err := tx.Exec("DELETE FROM search WHERE rowid=?", seq); err != nil {
			return err
		}
	}
	_, err := tx.Exec("INSERT INTO search(rowid, title, body) VALUES (?,?,?)", seq, fold(r.Title), fold(searchBody(r)))
	return err
}

// searchBody is the text of r searched besides its title: tags, notes and
// the fields its kind marks as searched.
func searchBody(r *data.Record) string {
	parts := []string{strings.Join(r.Tags, " "), r.Notes}
	for _, a := range r.Attachments {
		parts = append(parts, a.Name)
	}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch {
		case f.Type == data.Contacts:
			// Search is capped by the record's label: a point labelled
			// above it would show in a snippet where it must not.
			for _, c := range r.Contacts() {
				if c.TLP == r.TLP {
					parts = append(parts, c.Value, c.Label)
				}
			}
		case f.Searched:
			parts = append(parts, data.FormatValue(f, r.Values[f.Key]))
		}
	}
	return strings.Join(parts, "\n")
}

// searchSQL ranks title matches five times above matches in the body.
const searchSQL = `SELECT r.id, r.kind, r.title, r.tlp, snippet(search, -1, '[', ']', '…', 8)
	FROM search JOIN records r ON r.seq = search.rowid
	WHERE search MATCH ? AND r.tlp IN (SELECT value FROM json_each(?)) ORDER BY bm25(search, 5.0, 1.0) LIMIT ?`

// Search finds records of any kind whose text contains every word of text
// (each word also matches as a prefix, so results come while typing), best
// matches first.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]data.Hit, error) {
	return s.SearchUpTo(ctx, text, data.TLPRed, limit)
}

// SearchUpTo searches like Search, leaving out records labelled above max.
// Cancelling ctx (a newer question typed, the window closed) interrupts
// SQLite at its next step, so a superseded search stops instead of running
// to the end.
func (s *Store) SearchUpTo(ctx context.Context, text string, max data.TLP, limit int) ([]data.Hit, error) {
	m := matchExpr(text)
	if m == "" {
		return nil, nil
	}
	labels, _ := json.Marshal(data.AtMost(max))
	rows, err := s.db.QueryContext(ctx, searchSQL, m, string(labels), limit)
	if err != nil {
		return nil, interrupted(ctx, err)
	}
	defer rows.Close()
	var out []data.Hit
	for rows.Next() {
		var h data.Hit
		var kind, tlp string
		if err := rows.Scan(&h.ID, &kind, &h.Title, &tlp, &h.Snippet); err != nil {
			return nil, interrupted(ctx, err)
		}
		h.Kind, h.TLP = data.KindByName(kind), data.TLP(tlp)
		out = append(out, h)
	}
	return out, interrupted(ctx, rows.Err())
}

// interrupted reports a query stopped by its context as the context's
// error (SQLite says only "interrupted").
func interrupted(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return failed("searching", err, false)
}

// matchExpr turns what a person typed into an FTS5 query: every word must
// appear, as a prefix, and no character can be read as query syntax.
func matchExpr(text string) string {
	words := strings.FieldsFunc(fold(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r) && r != '_'
	})
	for i, w := range words {
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " ")
}
