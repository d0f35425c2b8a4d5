package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/google/uuid"

	"convenor/data"
	"convenor/data/vault"
)

// Writing a sealed workspace: each write's sealed form, re-keying, sealing
// a plain workspace, and the facts kept about it.

// keep writes the sealed form of every record the write changed, and its
// new audit entries, to the vault, inside the same transaction.
func (v *vaultFile) keep(tx *sql.Tx, changed map[string]*data.Kind) (func(), error) {
	ids := make([]string, 0, len(changed))
	for id := range changed {
		ids = append(ids, id)
	}
	if v.resealAll {
		var err error
		if ids, err = collect(tx, func(rows *sql.Rows, id *string) error { return rows.Scan(id) }, "SELECT id FROM main.records"); err != nil {
			return nil, err
		}
	}
	if err := v.sealRecords(tx, ids); err != nil {
		return nil, err
	}
	entries, err := readAudit(tx, "main", v.auditDone)
	if err != nil {
		return nil, err
	}
	last := v.auditDone
	for _, e := range entries {
		plain, err := json.Marshal(e.row)
		if err != nil {
			return nil, err
		}
		blob, err := vault.Seal(v.key, plain, strconv.FormatInt(e.seq, 10))
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec("INSERT INTO vault.vault_audit(seq, blob) VALUES (?, ?)", e.seq, blob); err != nil {
			return nil, err
		}
		last = e.seq
	}
	return func() { v.auditDone, v.resealAll = last, false }, nil
}

// sealRecords writes the sealed form of each record named, or removes it
// when the record is gone. The records are read back a kind at a time,
// in one query per table, and the entries binding them in one more: a
// write of thousands (an import, a team member's changes) reads them in
// a handful of statements, not thousands.
func (v *vaultFile) sealRecords(tx *sql.Tx, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	idsJSON, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	type kindOf struct{ id, kind string }
	present, err := collect(tx, func(rows *sql.Rows, k *kindOf) error { return rows.Scan(&k.id, &k.kind) },
		"SELECT id, kind FROM main.records WHERE id IN (SELECT value FROM json_each(?))", string(idsJSON))
	if err != nil {
		return err
	}
	byKind := map[*data.Kind][]string{}
	there := map[string]bool{}
	for _, p := range present {
		k := data.KindByName(p.kind)
		if k == nil {
			return fmt.Errorf("record %s has unknown kind %q", p.id, p.kind)
		}
		byKind[k] = append(byKind[k], p.id)
		there[p.id] = true
	}
	for _, id := range ids {
		if !there[id] {
			if _, err := tx.Exec("DELETE FROM vault.vault WHERE id = ?", id); err != nil {
				return err
			}
		}
	}
	versions := map[string]int64{}
	if v.bound {
		type version struct {
			id  string
			seq int64
		}
		vs, err := collect(tx, func(rows *sql.Rows, x *version) error { return rows.Scan(&x.id, &x.seq) },
			"SELECT record_id, max(seq) FROM main.audit WHERE record_id IN (SELECT value FROM json_each(?)) GROUP BY record_id", string(idsJSON))
		if err != nil {
			return err
		}
		for _, x := range vs {
			versions[x.id] = x.seq
		}
	}
	for k, kindIDs := range byKind {
		kJSON, err := json.Marshal(kindIDs)
		if err != nil {
			return err
		}
		recs, err := scanRecords(tx, k, selectSQL(k, "r.id IN (SELECT value FROM json_each(?))"), []any{string(kJSON)})
		if err != nil {
			return err
		}
		if err := readLists(tx, k, recs); err != nil {
			return err
		}
		for _, r := range recs {
			plain, err := json.Marshal(toSealed(r))
			if err != nil {
				return err
			}
			aad := r.ID
			if v.bound {
				aad = versionAAD(r.ID, versions[r.ID])
			}
			blob, err := vault.Seal(v.key, plain, aad)
			if err != nil {
				return err
			}
			if _, err := tx.Exec("INSERT OR REPLACE INTO vault.vault(id, blob) VALUES (?, ?)", r.ID, blob); err != nil {
				return err
			}
		}
	}
	return nil
}

// ChangePassphrase re-keys the workspace: a new data key, sealed under the
// new passphrase, and every record and audit entry sealed again under it,
// all in one transaction. Until it commits the old passphrase opens the
// file as it was; after it only the new one does, and a copy of the old
// data key (from an old backup and the old passphrase) opens nothing new.
func (s *Store) ChangePassphrase(old, new string) error {
	v, ok := s.file.(*vaultFile)
	if !ok {
		return errors.New("this workspace has no passphrase yet")
	}
	m, err := readSealMeta(s.db, "vault")
	if err != nil {
		return err
	}
	if _, err := m.dataKey(old); err != nil {
		return err
	}
	fresh, key, err := newSealMeta(new, s.Meta("name"))
	if err != nil {
		return err
	}
	// The chain key stays: the trail's hashes do not change.
	if v.chain != nil {
		if err := fresh.setChainKey(key, v.chain); err != nil {
			return err
		}
	} else {
		fresh.ChainKey = nil
	}
	before := *v
	voc := s.Meta(metaVocabulary) // read before the transaction holds the one connection
	err = s.write("changing the passphrase", func(tx *sql.Tx) error {
		if _, err := tx.Exec("DELETE FROM vault.vault_audit"); err != nil {
			return err
		}
		if err := dropImage(tx); err != nil {
			return err
		}
		if err := v.resealParts(tx, key); err != nil {
			return err
		}
		// keep seals every record and entry again under the new key.
		v.key, v.auditDone, v.imageUpto, v.resealAll = key, 0, 0, true
		if err := writeSealMeta(tx, "vault", fresh); err != nil {
			return err
		}
		if voc != "" { // sealed under the new key too
			if err := v.setMeta(tx, metaVocabulary, voc); err != nil {
				return err
			}
		}
		return s.auditWorkspace(tx, "passphrase changed; every record sealed again under a new key", nil)
	})
	if err != nil {
		*v = before
	}
	return err
}

// SealWorkspace gives a plain, closed workspace a passphrase: a sealed copy
// is built beside it, checked, and moved over the plain file, whose
// write-ahead log goes with it. The plain backups cannot be sealed after
// the fact; their paths are returned so the caller can say they are being
// deleted, and they are.
func SealWorkspace(ctx context.Context, path, passphrase string) (removed []string, err error) {
	src, err := Open(ctx, path) // refuses a read-only file or folder before anything is built
	if err != nil {
		return nil, err
	}
	// The writer lock is held to the end, past the rename, so no one
	// writes the plain file between its last read and its replacement.
	defer src.lock.release()
	srcOpen := true
	defer func() {
		if srcOpen {
			src.db.Close()
		}
	}()
	// createFile checks the sealed copy and syncs it before it takes this
	// name.
	tmp := path + tmpSealing + uuid.NewString()[:8]
	m, _, err := newSealMeta(passphrase, src.Meta("name"))
	if err == nil {
		err = createFile(tmp, "Sealed workspace", m, passphrase, func(dst *Store) error { return dst.copyFrom(ctx, src) })
	}
	if err == nil {
		srcOpen = false
		err = closeWhole(src.db, path, nil)
	}
	if err != nil {
		removeWithJournal(tmp)
		if isDiskFull(err) {
			err = data.ErrDiskFull
		}
		return nil, fmt.Errorf("sealing %s: %w; the workspace was left as it was", path, err)
	}
	// The plain file was closed whole (its write-ahead log folded in), so
	// the sealed copy replaces all of it.
	if err := os.Rename(tmp, path); err != nil {
		removeWithJournal(tmp)
		return nil, err
	}
	os.Remove(path + "-shm")
	syncDir(filepath.Dir(path))
	// A backup that cannot be shown to be sealed (damaged, unreadable) may
	// hold plain text: it goes too. One that cannot be removed is named.
	list, err := Backups(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("the workspace is sealed, but its unsealed backups could not be listed to delete them: %w", err)
	}
	var kept []error
	for _, b := range list {
		if sealed, err := IsSealed(ctx, b.Path); err == nil && sealed {
			continue
		}
		if err := os.Remove(b.Path); err != nil {
			kept = append(kept, err)
			continue
		}
		removed = append(removed, b.Path)
	}
	if len(kept) > 0 {
		return removed, fmt.Errorf("the workspace is sealed, but some unsealed backups could not be deleted; delete them by hand: %w", errors.Join(kept...))
	}
	return removed, nil
}

// copyFrom copies every record and audit entry of a plain workspace into
// this sealed one, in one transaction.
func (s *Store) copyFrom(ctx context.Context, src *Store) error {
	entries, err := readAudit(src.under(ctx), "main", 0)
	if err != nil {
		return err
	}
	return s.write("sealing the workspace", func(tx *sql.Tx) error {
		if _, err := tx.Exec("PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		// Sealed, it is the same workspace: its lists go with it, sealed.
		if voc := src.Meta(metaVocabulary); voc != "" {
			if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES (?, ?)", metaVocabulary, voc); err != nil {
				return err
			}
			if err := s.file.setMeta(tx, metaVocabulary, voc); err != nil {
				return err
			}
		}
		// And its id.
		if id := src.ID(); id != "" {
			if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES ('workspace_id', ?)", id); err != nil {
				return err
			}
			if err := s.file.setMeta(tx, "workspace_id", id); err != nil {
				return err
			}
		}
		if err := s.copyParts(ctx, tx, src); err != nil {
			return err
		}
		for _, k := range data.Kinds {
			for off := 0; ; off += 500 {
				page, err := src.List(ctx, data.Query{Kind: k, Limit: 500, Offset: off})
				if err != nil {
					return err
				}
				for _, p := range page {
					r, err := src.Get(p.ID)
					if err != nil {
						return err
					}
					if err := s.loadRecord(tx, r); err != nil {
						return err
					}
					s.changed(r.ID, r.Kind)
				}
				if len(page) < 500 {
					break
				}
			}
		}
		if err := insertAudit(tx, entries); err != nil {
			return err
		}
		return s.auditWorkspace(tx, "sealed with a passphrase", nil)
	})
}

// SetMeta records a fact about the workspace (its name, whether it is the
// demo). A sealed workspace keeps its name sealed in the file.
func (s *Store) SetMeta(key, value string) error {
	before := s.Meta(key)
	return s.write("changing the workspace's "+key, func(tx *sql.Tx) error {
		if before == value {
			return nil
		}
		if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES (?, ?)", key, value); err != nil {
			return err
		}
		if err := s.auditWorkspace(tx, "workspace "+key+" set", map[string][2]string{key: {before, value}}); err != nil {
			return err
		}
		return s.file.setMeta(tx, key, value)
	})
}

// setMeta keeps the workspace's name sealed in the file, other facts as
// they are.
func (v *vaultFile) setMeta(tx *sql.Tx, key, value string) error {
	if key == metaVocabulary { // a desk's categories say what it works on
		sealed, err := vault.Seal(v.key, []byte(value), metaVocabulary)
		if err != nil {
			return err
		}
		_, err = tx.Exec("INSERT OR REPLACE INTO vault.meta(key, value) VALUES (?, ?)", key, base64.StdEncoding.EncodeToString(sealed))
		return err
	}
	if key != "name" {
		_, err := tx.Exec("INSERT OR REPLACE INTO vault.meta(key, value) VALUES (?, ?)", key, value)
		return err
	}
	m, err := readSealMeta(tx, "vault")
	if err != nil {
		return err
	}
	if m.Name, err = vault.Seal(v.key, []byte(value), "name"); err != nil {
		return err
	}
	return writeSealMeta(tx, "vault", m)
}

// The parts of attached files are sealed each to its file and place, so
// no part can be moved to another file or position unnoticed.
func (v *vaultFile) partsTable() string { return "vault.vault_attachment_parts" }
func (v *vaultFile) sealPart(id string, n int, b []byte) ([]byte, error) {
	return vault.Seal(v.key, b, partAAD(id, n))
}
func (v *vaultFile) openPart(id string, n int, kept []byte) ([]byte, error) {
	return vault.Unseal(v.key, kept, partAAD(id, n))
}

func partAAD(id string, n int) string { return "attachment " + id + " part " + strconv.Itoa(n) }

// resealParts seals every part of every attached file again under key,
// one part in memory at a time.
func (v *vaultFile) resealParts(tx *sql.Tx, key []byte) error {
	parts, err := collect(tx, func(rows *sql.Rows, p *partRef) error { return rows.Scan(&p.id, &p.n) },
		"SELECT attachment_id, part FROM vault.vault_attachment_parts")
	if err != nil {
		return err
	}
	for _, p := range parts {
		var kept []byte
		if err := tx.QueryRow("SELECT bytes FROM vault.vault_attachment_parts WHERE attachment_id=? AND part=?", p.id, p.n).Scan(&kept); err != nil {
			return err
		}
		b, err := v.openPart(p.id, p.n, kept)
		if err != nil {
			return fmt.Errorf("part %d of attached file %s does not open: %w", p.n, p.id, ErrAttachmentDamaged)
		}
		if kept, err = vault.Seal(key, b, partAAD(p.id, p.n)); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE vault.vault_attachment_parts SET bytes=? WHERE attachment_id=? AND part=?", kept, p.id, p.n); err != nil {
			return err
		}
	}
	return nil
}

type partRef struct {
	id string
	n  int
}

// copyParts seals every part of a plain workspace's attached files into
// this one, reading them one at a time.
func (s *Store) copyParts(ctx context.Context, tx *sql.Tx, src *Store) error {
	rows, err := src.under(ctx).Query("SELECT attachment_id, part, bytes FROM main.attachment_parts")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p partRef
		var b []byte
		if err := rows.Scan(&p.id, &p.n, &b); err != nil {
			return err
		}
		kept, err := s.file.sealPart(p.id, p.n, b)
		if err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT INTO "+s.file.partsTable()+"(attachment_id, part, bytes) VALUES (?,?,?)", p.id, p.n, kept); err != nil {
			return err
		}
	}
	return rows.Err()
}
