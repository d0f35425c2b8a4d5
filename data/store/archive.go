package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"convenor/data"
)

// Trail hands every audit entry, oldest first, to fn: what an archive
// carries of the trail.
func (s *Store) Trail(ctx context.Context, fn func(data.TrailEntry) error) error {
	rows, err := s.under(ctx).Query("SELECT seq, at, user, action, kind, record_id, title, changes, state, keyed, hash FROM audit ORDER BY seq")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e data.TrailEntry
		if err := rows.Scan(&e.Seq, &e.At, &e.User, &e.Action, &e.Kind, &e.RecordID, &e.Title, &e.Changes, &e.State, &e.Keyed, &e.Hash); err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AttachmentBytes writes an attachment's bytes to w, checked against its
// size and hash, for an archive of the whole workspace (which is audited
// as one entry, not as a view of each file).
func (s *Store) AttachmentBytes(ctx context.Context, a data.Attachment, w io.Writer) error {
	return s.readParts(s.under(ctx), a, w)
}

// RestoreArchive writes r in one transaction: a provenance entry naming
// the archive and its head starts the new chain, the archive's trail
// follows it as history, then the records, each audited as imported from
// the archive. Anything wrong, or a cancel, leaves the workspace as it was.
func (s *Store) RestoreArchive(ctx context.Context, r *data.ArchiveRestore) error {
	voc := r.Vocabulary
	if voc == nil {
		voc = s.Vocabulary()
	}
	for _, set := range [][]*data.Record{r.Adds, r.Updates, r.Conflicts} {
		for _, rec := range set {
			rec.Tags = data.NormalizeTags(rec.Tags)
			if err := data.ValidateIn(rec, voc); err != nil {
				return fmt.Errorf("%s “%s”: %w", rec.Kind.Label, rec.Title, err)
			}
		}
	}
	name := filepath.Base(r.File)
	h := how{action: "import", file: name}
	var vocabJSON []byte
	if r.Vocabulary != nil {
		var err error
		if vocabJSON, err = json.Marshal(r.Vocabulary); err != nil {
			return err
		}
	}
	err := s.write("restoring "+name, func(tx *sql.Tx) error {
		changes, _ := json.Marshal(map[string][2]string{"archive": {"", name}, "archive_head": {"", r.Head},
			"archive_written": {"", r.Written.UTC().Format(time.RFC3339)}, "archive_entries": {"", strconv.Itoa(len(r.Trail))}})
		s.changedWorkspace()
		if err := appendAudit(tx, s.file.chainKey(), s.Now().UTC().Format(timeLayout), s.User, "provenance", "workspace", "",
			"brought in from "+name, string(changes), ""); err != nil {
			return err
		}
		for _, e := range r.Trail {
			if err := appendAudit(tx, s.file.chainKey(), e.At, e.User, e.Action, e.Kind, e.RecordID, e.Title, e.Changes, e.State); err != nil {
				return err
			}
		}
		if vocabJSON != nil {
			s.notes.pending.vocabulary = true
			if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES (?, ?)", metaVocabulary, string(vocabJSON)); err != nil {
				return err
			}
			if err := s.file.setMeta(tx, metaVocabulary, string(vocabJSON)); err != nil {
				return err
			}
		}
		for id, b := range r.Parts {
			if err := s.putParts(tx, id, b); err != nil {
				return err
			}
		}
		for _, rec := range r.Adds {
			if err := s.insertAs(tx, rec, how{action: h.action, file: h.file, keepTimes: true}); err != nil {
				return fmt.Errorf("%s “%s”: %w", rec.Kind.Label, rec.Title, err)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for _, rec := range r.Conflicts {
			if err := s.insertAs(tx, rec, h); err != nil {
				return fmt.Errorf("%s “%s”: %w", rec.Kind.Label, rec.Title, err)
			}
		}
		for _, rec := range r.Updates {
			if err := s.updateAs(tx, rec, h); err != nil {
				return fmt.Errorf("%s “%s”: %w", rec.Kind.Label, rec.Title, err)
			}
		}
		return ctx.Err()
	})
	if err == nil && r.Vocabulary != nil {
		s.vocab.Store(r.Vocabulary)
	}
	return err
}

// putParts stores an attachment's bytes under its id, sealed in a sealed
// workspace, in parts as readIn writes them.
func (s *Store) putParts(tx *sql.Tx, id string, b []byte) error {
	for n := 0; n*partSize < len(b) || n == 0; n++ {
		part := b[n*partSize : min((n+1)*partSize, len(b))]
		kept, err := s.file.sealPart(id, n, part)
		if err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT OR REPLACE INTO "+s.file.partsTable()+"(attachment_id, part, bytes) VALUES (?,?,?)", id, n, kept); err != nil {
			return err
		}
		if len(b) == 0 {
			break
		}
	}
	return nil
}

// StatesOf lists, for each record named, every state the trail has
// recorded for it: what a merge asks to know whether one version of a
// record came before another.
func (s *Store) StatesOf(ctx context.Context, ids []string) (map[string][]string, error) {
	idsJSON, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.under(ctx).Query("SELECT record_id, state FROM audit WHERE state <> '' AND record_id IN (SELECT value FROM json_each(?)) ORDER BY seq", string(idsJSON))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var id, state string
		if err := rows.Scan(&id, &state); err != nil {
			return nil, err
		}
		out[id] = append(out[id], state)
	}
	return out, rows.Err()
}
