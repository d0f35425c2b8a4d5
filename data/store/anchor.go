package store

import (
	"context"
	"database/sql"
	"errors"

	"convenor/data/anchor"
)

// ID is the workspace's own id, the same in its backups and copies; ""
// for a file written before workspaces had one and not yet opened for
// writing.
func (s *Store) ID() string { return s.Meta("workspace_id") }

// Head is the last entry of the audit trail.
func (s *Store) Head(ctx context.Context) (anchor.Head, error) {
	h := anchor.Head{Path: s.path, Seen: s.Now().UTC()}
	err := s.under(ctx).QueryRow("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return h, failed("reading the audit trail's head", err, false)
}

// CheckAnchor sets the trail's head against the one book last saw for
// this workspace, then notes the current head there, so a warning is
// given once. A workspace without an id is not checked.
func (s *Store) CheckAnchor(ctx context.Context, book *anchor.Book) (anchor.Finding, bool, error) {
	id := s.ID()
	if id == "" {
		return anchor.Finding{}, false, nil
	}
	now, err := s.Head(ctx)
	if err != nil {
		return anchor.Finding{}, false, err
	}
	f, err := book.Check(id, now, func(seq int64) (string, error) {
		var h string
		err := s.under(ctx).QueryRow("SELECT hash FROM audit WHERE seq = ?", seq).Scan(&h)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return h, err
	})
	if err != nil {
		return f, false, failed("reading the audit trail", err, false)
	}
	if f.Standing != anchor.Same {
		book.Note(id, now)
		if err := book.Save(); err != nil {
			return f, true, err
		}
	}
	return f, true, nil
}
