package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"convenor/data/anchor"
)

// metaBackupHead holds, in a backup, the trail's head when it was taken.
const metaBackupHead = "backup_head"

// backupHead is the head written into this file when it was taken as a
// backup; ok is false for a file that is not one (or a sealed backup taken
// without its passphrase, whose head could not be read).
func (s *Store) backupHead() (h anchor.Head, ok bool) {
	raw := s.Meta(metaBackupHead)
	if raw == "" || json.Unmarshal([]byte(raw), &h) != nil || h.Seq < 1 {
		return anchor.Head{}, false
	}
	return h, true
}

// writeBackupHead writes the head into the backup copy dst.
func (s *Store) writeBackupHead(ctx context.Context, dst *sql.DB) error {
	h, err := s.Head(ctx)
	if err != nil || h.Seq == 0 {
		return err
	}
	h.Path = ""
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	_, err = dst.ExecContext(ctx, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", metaBackupHead, string(b))
	return err
}

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
// given once. A backup is first set against the head written into it when
// it was taken: one that still ends there is a backup as it was taken,
// neither checked against nor noted in book (an older head is not a
// warning there); one cut or rewritten since is warned of every time. A
// workspace without an id is not checked.
func (s *Store) CheckAnchor(ctx context.Context, book *anchor.Book) (anchor.Finding, bool, error) {
	id := s.ID()
	if id == "" {
		return anchor.Finding{}, false, nil
	}
	now, err := s.Head(ctx)
	if err != nil {
		return anchor.Finding{}, false, err
	}
	hashAt := func(seq int64) (string, error) {
		var h string
		err := s.under(ctx).QueryRow("SELECT hash FROM audit WHERE seq = ?", seq).Scan(&h)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return h, err
	}
	if taken, ok := s.backupHead(); ok {
		f, err := anchor.Against(taken, now, hashAt)
		f.Backup = true
		if err != nil || f.Standing != anchor.Ahead {
			return f, true, failed("reading the audit trail", err, false)
		}
	}
	f, err := book.Check(id, now, hashAt)
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
