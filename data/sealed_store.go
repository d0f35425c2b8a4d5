package data

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"
)

// sealState is what an open sealed workspace holds in memory.
type sealState struct {
	mu        sync.Mutex // one write at a time: touched belongs to it
	key       []byte
	touched   map[string]bool
	auditDone int64 // audit entries up to this one are in the vault
}

// touch notes a record changed by the write under way.
func (s *Store) touch(id string) {
	if s.sealed != nil && s.sealed.touched != nil {
		s.sealed.touched[id] = true
	}
}

// Sealed reports whether the workspace is encrypted with a passphrase.
func (s *Store) Sealed() bool { return s.sealed != nil }

// IsSealed reports whether the workspace file at path needs a passphrase.
func IsSealed(path string) (bool, error) {
	if err := inspect(path); err != nil {
		return false, err
	}
	db, err := sql.Open("sqlite3", dsn(path, "ro"))
	if err != nil {
		return false, err
	}
	defer db.Close()
	m, err := readSealMeta(db, "main")
	return m != nil, err
}

// CreateSealed makes a new, empty workspace sealed with passphrase and opens
// it. Its name is sealed too: the file says only that it is a workspace.
func CreateSealed(path, name, passphrase string) (*Store, error) {
	m, _, err := newSealMeta(passphrase, name)
	if err != nil {
		return nil, err
	}
	if err := createFile(path, "Sealed workspace", func(db *sql.DB) error { return writeSealMeta(db, "main", m) }); err != nil {
		return nil, err
	}
	return OpenSealed(path, passphrase)
}

// OpenSealed opens a sealed workspace for writing with its passphrase. A
// wrong passphrase is refused and nothing is changed.
func OpenSealed(path, passphrase string) (*Store, error) {
	return openSealed(path, passphrase, false)
}

// OpenSealedReadOnly opens a sealed workspace to read it, even while it is
// open elsewhere.
func OpenSealedReadOnly(path, passphrase string) (*Store, error) {
	return openSealed(path, passphrase, true)
}

func openSealed(path, passphrase string, readOnly bool) (*Store, error) {
	if err := inspect(path); err != nil {
		return nil, err
	}
	ro, err := sql.Open("sqlite3", dsn(path, "ro"))
	if err != nil {
		return nil, &OpenError{Path: path, Reason: err}
	}
	m, err := readSealMeta(ro, "main")
	ro.Close()
	if err != nil {
		return nil, &OpenError{Path: path, Reason: ErrDamaged, Detail: err.Error()}
	}
	if m == nil {
		return nil, &OpenError{Path: path, Reason: errors.New("it has no passphrase"), Detail: "open it without one"}
	}
	key, err := m.dataKey(passphrase)
	if err != nil {
		return nil, &OpenError{Path: path, Reason: err, Detail: "nothing was changed; try again"}
	}
	var lock *writerLock
	if !readOnly {
		if lock, err = lockWriter(path); err != nil {
			return nil, &OpenError{Path: path, Reason: err, Detail: "another Convenor has it open for writing"}
		}
		// The file's own format first, as for a plain workspace.
		file, err := sql.Open("sqlite3", dsn(path, "rw"))
		if err == nil {
			err = migrate(file)
			file.Close()
		}
		if err != nil {
			lock.release()
			return nil, &OpenError{Path: path, Reason: classify(err), Detail: err.Error()}
		}
	}
	s, err := openMemory(path, readOnly)
	if err != nil {
		lock.release()
		return nil, &OpenError{Path: path, Reason: err}
	}
	s.lock, s.sealed = lock, &sealState{key: key}
	if err := s.unsealAll(); err != nil {
		s.Close()
		return nil, &OpenError{Path: path, Reason: ErrDamaged, Detail: err.Error()}
	}
	return s, nil
}

// openMemory makes the private in-memory database a sealed workspace is
// read into, with the file attached as "vault". One connection only: an
// in-memory database belongs to its connection. Temporary tables and
// sorts stay in memory so no plain text reaches the disk.
func openMemory(path string, readOnly bool) (*Store, error) {
	db, err := sql.Open("sqlite3", "file:convenor-"+uuid.NewString()+"?mode=memory&_foreign_keys=1&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	mode := "rw"
	if readOnly {
		mode = "ro"
	}
	vault := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=" + mode
	for _, stmt := range []string{"PRAGMA temp_store = MEMORY", "ATTACH DATABASE '" + strings.ReplaceAll(vault, "'", "''") + "' AS vault"} {
		if _, err := db.Exec(stmt); err != nil {
			db.Close()
			return nil, err
		}
	}
	if !readOnly {
		for _, stmt := range []string{"PRAGMA vault.journal_mode = WAL", "PRAGMA vault.synchronous = FULL"} {
			if _, err := db.Exec(stmt); err != nil {
				db.Close()
				return nil, err
			}
		}
	}
	if err := migrate(db); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path, readOnly: readOnly, User: currentUser(), Now: timeNow}, nil
}

// auditRow is an audit entry inside its sealed blob.
type auditRow struct {
	At, User, Action, Kind, RecordID, Title, Changes, Hash string
}

// auditEntry is an audit row with its number.
type auditEntry struct {
	seq int64
	row auditRow
}

// readAudit reads schema's audit entries after entry from, in order.
func readAudit(q queryer, schema string, from int64) ([]auditEntry, error) {
	rows, err := q.Query("SELECT seq, at, user, action, kind, record_id, title, changes, hash FROM "+schema+".audit WHERE seq > ? ORDER BY seq", from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []auditEntry
	for rows.Next() {
		var e auditEntry
		a := &e.row
		if err := rows.Scan(&e.seq, &a.At, &a.User, &a.Action, &a.Kind, &a.RecordID, &a.Title, &a.Changes, &a.Hash); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// insertAudit writes entries into the in-memory audit table as they are.
func insertAudit(tx *sql.Tx, entries []auditEntry) error {
	for _, e := range entries {
		a := e.row
		if _, err := tx.Exec(`INSERT INTO main.audit(seq, at, user, action, kind, record_id, title, changes, hash) VALUES (?,?,?,?,?,?,?,?,?)`,
			e.seq, a.At, a.User, a.Action, a.Kind, a.RecordID, a.Title, a.Changes, a.Hash); err != nil {
			return err
		}
	}
	return nil
}

// unsealAll reads every sealed record and audit entry into memory.
func (s *Store) unsealAll() error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Records point to each other; check the references once all are in.
	if _, err := tx.Exec("PRAGMA defer_foreign_keys = ON"); err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta SELECT key, value FROM vault.meta WHERE key <> 'sealed'"); err != nil {
		return err
	}
	m, err := readSealMeta(tx, "vault")
	if err != nil {
		return err
	}
	if name, err := unseal(s.sealed.key, m.Name, "name"); err == nil {
		tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES ('name', ?)", string(name))
	}
	rows, err := tx.Query("SELECT id, blob FROM vault.vault")
	if err != nil {
		return err
	}
	var recs []*Record
	for rows.Next() {
		var id string
		var blob []byte
		if err := rows.Scan(&id, &blob); err != nil {
			rows.Close()
			return err
		}
		plain, err := unseal(s.sealed.key, blob, id)
		if err != nil {
			rows.Close()
			return fmt.Errorf("record %s cannot be unsealed: it was changed outside Convenor", id)
		}
		var sr sealedRecord
		if err := json.Unmarshal(plain, &sr); err != nil {
			rows.Close()
			return err
		}
		r, err := fromSealed(sr)
		if err != nil {
			rows.Close()
			return err
		}
		recs = append(recs, r)
	}
	rows.Close()
	for _, r := range recs {
		if err := s.loadRecord(tx, r); err != nil {
			return fmt.Errorf("record %s: %w", r.ID, err)
		}
	}
	arows, err := tx.Query("SELECT seq, blob FROM vault.vault_audit ORDER BY seq")
	if err != nil {
		return err
	}
	var entries []auditEntry
	for arows.Next() {
		var e auditEntry
		var blob []byte
		if err := arows.Scan(&e.seq, &blob); err != nil {
			arows.Close()
			return err
		}
		plain, err := unseal(s.sealed.key, blob, strconv.FormatInt(e.seq, 10))
		if err != nil {
			arows.Close()
			return fmt.Errorf("audit entry %d cannot be unsealed: it was changed outside Convenor", e.seq)
		}
		if err := json.Unmarshal(plain, &e.row); err != nil {
			arows.Close()
			return err
		}
		entries = append(entries, e)
	}
	arows.Close()
	if err := insertAudit(tx, entries); err != nil {
		return err
	}
	if n := len(entries); n > 0 {
		s.sealed.auditDone = entries[n-1].seq
	}
	return tx.Commit()
}

// loadRecord puts a record read from the vault into memory as it is: no
// validation, no reference checks (deferred), no audit entry.
func (s *Store) loadRecord(tx *sql.Tx, r *Record) error {
	s.loading = true
	defer func() { s.loading = false }()
	return s.insert(tx, r, "")
}

// flushSealed writes the sealed form of every record the transaction
// touched, and its new audit entries, to the vault, inside the same
// transaction. It returns the last audit entry now sealed.
func (s *Store) flushSealed(tx *sql.Tx) (int64, error) {
	for id := range s.sealed.touched {
		r, err := get(tx, id)
		if errors.Is(err, ErrNotFound) {
			if _, err := tx.Exec("DELETE FROM vault.vault WHERE id = ?", id); err != nil {
				return 0, err
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		plain, err := json.Marshal(toSealed(r))
		if err != nil {
			return 0, err
		}
		blob, err := seal(s.sealed.key, plain, id)
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec("INSERT OR REPLACE INTO vault.vault(id, blob) VALUES (?, ?)", id, blob); err != nil {
			return 0, err
		}
	}
	entries, err := readAudit(tx, "main", s.sealed.auditDone)
	if err != nil {
		return 0, err
	}
	last := s.sealed.auditDone
	for _, e := range entries {
		plain, _ := json.Marshal(e.row)
		blob, err := seal(s.sealed.key, plain, strconv.FormatInt(e.seq, 10))
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec("INSERT INTO vault.vault_audit(seq, blob) VALUES (?, ?)", e.seq, blob); err != nil {
			return 0, err
		}
		last = e.seq
	}
	return last, nil
}

// ChangePassphrase re-keys the workspace: a new data key, sealed under the
// new passphrase, and every record and audit entry sealed again under it,
// all in one transaction. Until it commits the old passphrase opens the
// file as it was; after it only the new one does, and a copy of the old
// data key (from an old backup and the old passphrase) opens nothing new.
func (s *Store) ChangePassphrase(old, new string) error {
	if s.sealed == nil {
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
	oldKey, oldDone := s.sealed.key, s.sealed.auditDone
	err = s.write(func(tx *sql.Tx) error {
		rows, err := tx.Query("SELECT id FROM main.records")
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			s.touch(id)
		}
		rows.Close()
		if _, err := tx.Exec("DELETE FROM vault.vault_audit"); err != nil {
			return err
		}
		s.sealed.key, s.sealed.auditDone = key, 0 // flushSealed re-seals all under the new key
		return writeSealMeta(tx, "vault", fresh)
	})
	if err != nil {
		s.sealed.key, s.sealed.auditDone = oldKey, oldDone
	}
	return err
}

// SealWorkspace gives a plain, closed workspace a passphrase: a sealed copy
// is built beside it, checked, and moved over the plain file, whose
// write-ahead log goes with it. The plain backups cannot be sealed after
// the fact; their paths are returned so the caller can say they are being
// deleted, and they are.
func SealWorkspace(path, passphrase string) (removed []string, err error) {
	src, err := Open(path)
	if err != nil {
		return nil, err
	}
	name := src.Meta("name")
	tmp := path + ".sealing-" + uuid.NewString()[:8]
	dst, err := CreateSealed(tmp, name, passphrase)
	if err != nil {
		src.Close()
		return nil, err
	}
	cleanup := func() {
		dst.Close()
		for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
			os.Remove(tmp + suffix)
		}
	}
	if err := dst.copyFrom(src); err != nil {
		src.Close()
		cleanup()
		return nil, fmt.Errorf("sealing %s: %w", path, err)
	}
	src.Close()
	dst.Close()
	if err := os.Rename(tmp, path); err != nil {
		cleanup()
		return nil, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
		os.Rename(tmp+suffix, path+suffix)
	}
	os.Remove(tmp + ".lock")
	syncDir(filepath.Dir(path))
	list, _ := Backups(path)
	for _, b := range list {
		if sealed, _ := IsSealed(b.Path); !sealed {
			if os.Remove(b.Path) == nil {
				removed = append(removed, b.Path)
			}
		}
	}
	return removed, nil
}

// copyFrom copies every record and audit entry of a plain workspace into
// this sealed one, in one transaction.
func (s *Store) copyFrom(src *Store) error {
	entries, err := readAudit(src.db, "main", 0)
	if err != nil {
		return err
	}
	return s.write(func(tx *sql.Tx) error {
		if _, err := tx.Exec("PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		for _, k := range Kinds {
			for off := 0; ; off += 500 {
				page, err := src.List(Query{Kind: k, Limit: 500, Offset: off})
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
					s.touch(r.ID)
				}
				if len(page) < 500 {
					break
				}
			}
		}
		return insertAudit(tx, entries)
	})
}

// SetMeta records a fact about the workspace (its name, whether it is the
// demo). A sealed workspace keeps its name sealed in the file.
func (s *Store) SetMeta(key, value string) error {
	return s.write(func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES (?, ?)", key, value); err != nil {
			return err
		}
		if s.sealed == nil {
			return nil
		}
		if key != "name" {
			_, err := tx.Exec("INSERT OR REPLACE INTO vault.meta(key, value) VALUES (?, ?)", key, value)
			return err
		}
		m, err := readSealMeta(tx, "vault")
		if err != nil {
			return err
		}
		if m.Name, err = seal(s.sealed.key, []byte(value), "name"); err != nil {
			return err
		}
		return writeSealMeta(tx, "vault", m)
	})
}
