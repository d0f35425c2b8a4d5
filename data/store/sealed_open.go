package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"

	"convenor/data"
	"convenor/data/vault"
)

// sealState is what an open sealed workspace holds in memory.
type sealState struct {
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
	if err != nil {
		return false, &data.OpenError{Path: path, Reason: data.ErrDamaged, Detail: err.Error()}
	}
	if m != nil {
		return true, nil
	}
	// A file that holds sealed records is sealed, whatever its meta table
	// says: without this, deleting one row would open it as an empty plain
	// workspace that then writes new records in plain text.
	var held bool
	err = db.QueryRow("SELECT EXISTS (SELECT 1 FROM vault) OR EXISTS (SELECT 1 FROM vault_audit)").Scan(&held)
	if err == nil && held {
		return false, &data.OpenError{Path: path, Reason: data.ErrDamaged,
			Detail: "it holds sealed records but the information needed to unseal them is missing, so it was changed outside Convenor; restore a backup"}
	}
	return false, nil
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
		return nil, &data.OpenError{Path: path, Reason: err}
	}
	m, err := readSealMeta(ro, "main")
	ro.Close()
	if err != nil {
		return nil, &data.OpenError{Path: path, Reason: data.ErrDamaged, Detail: err.Error()}
	}
	if m == nil {
		return nil, &data.OpenError{Path: path, Reason: errors.New("it has no passphrase"), Detail: "open it without one"}
	}
	key, err := m.dataKey(passphrase)
	if err != nil {
		return nil, &data.OpenError{Path: path, Reason: err, Detail: "nothing was changed; try again"}
	}
	var lock *writerLock
	if !readOnly {
		// As for a plain workspace: writable, one writer, leftovers cleared.
		if lock, err = lockForWriting(path); err != nil {
			return nil, err
		}
		// The file's own format first, as for a plain workspace.
		file, err := sql.Open("sqlite3", dsn(path, "rw"))
		if err == nil {
			err = migrate(file)
			file.Close()
		}
		if err != nil {
			lock.release()
			return nil, &data.OpenError{Path: path, Reason: classify(err), Detail: err.Error()}
		}
	}
	s, err := openMemory(path, readOnly)
	if err != nil {
		lock.release()
		return nil, &data.OpenError{Path: path, Reason: err}
	}
	s.lock, s.sealed = lock, &sealState{key: key}
	if err := s.unsealAll(); err != nil {
		s.Close()
		return nil, &data.OpenError{Path: path, Reason: data.ErrDamaged, Detail: err.Error()}
	}
	if err := s.recordRestore(); err != nil {
		s.Close()
		return nil, &data.OpenError{Path: path, Reason: err}
	}
	return s, nil
}

// openMemory makes the private in-memory database a sealed workspace is
// read into, with the file attached as "vault". One connection only: an
// in-memory database belongs to its connection. Temporary tables and
// sorts stay in memory so no plain text reaches the disk.
func openMemory(path string, readOnly bool) (*Store, error) {
	db, err := sql.Open("sqlite3", "file:convenor-"+uuid.NewString()+"?mode=memory&_foreign_keys=1&_busy_timeout=5000&_txlock=immediate&_stmt_cache_size="+stmtCacheSize)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	q := url.Values{"mode": {"rw"}}
	if readOnly {
		q.Set("mode", "ro")
		if !fileExists(path + "-wal") {
			q.Set("immutable", "1") // as dsn does for a plain reader
		}
	}
	vault := sqliteURI(path, q)
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

// unsealAll reads every sealed record and audit entry into memory. It is
// what unlocking costs, so it is built for speed: the blobs are read in one
// pass, decrypted and decoded on every core, and loaded into tables whose
// indexes are dropped for the load and built once at the end (one sort per
// index instead of a tree insert per row).
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
	if name, err := vault.Unseal(s.sealed.key, m.Name, "name"); err == nil {
		tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES ('name', ?)", string(name))
	}
	blobs, err := collect(tx, func(rows *sql.Rows, b *sealedBlob) error { return rows.Scan(&b.aad, &b.blob) },
		"SELECT id, blob FROM vault.vault")
	if err != nil {
		return err
	}
	recs := make([]*data.Record, len(blobs))
	err = inParallel(len(blobs), func(i int) error {
		plain, err := vault.Unseal(s.sealed.key, blobs[i].blob, blobs[i].aad)
		if err != nil {
			return fmt.Errorf("record %s cannot be unsealed: it was changed outside Convenor", blobs[i].aad)
		}
		var sr sealedRecord
		if err := json.Unmarshal(plain, &sr); err != nil {
			return err
		}
		recs[i], err = fromSealed(sr)
		return err
	})
	if err != nil {
		return err
	}
	ablobs, err := collect(tx, func(rows *sql.Rows, b *sealedBlob) error { return rows.Scan(&b.aad, &b.blob) },
		"SELECT seq, blob FROM vault.vault_audit ORDER BY seq")
	if err != nil {
		return err
	}
	entries := make([]auditEntry, len(ablobs))
	err = inParallel(len(ablobs), func(i int) error {
		plain, err := vault.Unseal(s.sealed.key, ablobs[i].blob, ablobs[i].aad)
		if err != nil {
			return fmt.Errorf("audit entry %s cannot be unsealed: it was changed outside Convenor", ablobs[i].aad)
		}
		entries[i].seq, _ = strconv.ParseInt(ablobs[i].aad, 10, 64)
		return json.Unmarshal(plain, &entries[i].row)
	})
	if err != nil {
		return err
	}
	rebuild, err := dropIndexes(tx)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := s.loadRecord(tx, r); err != nil {
			return fmt.Errorf("record %s: %w", r.ID, err)
		}
	}
	if err := insertAudit(tx, entries); err != nil {
		return err
	}
	for _, stmt := range rebuild {
		if _, err := tx.Exec(stmt); err != nil {
			return err
		}
	}
	if n := len(entries); n > 0 {
		s.sealed.auditDone = entries[n-1].seq
	}
	return tx.Commit()
}

// sealedBlob is a sealed row as read: its additional data (the record id
// or the entry number it is bound to) and its ciphertext.
type sealedBlob struct {
	aad  string
	blob []byte
}

// inParallel runs fn(0) … fn(n-1) on every core and returns the first
// error, if any.
func inParallel(n int, fn func(i int) error) error {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := fn(i); err != nil {
					errs[w] = err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	return errors.Join(errs...)
}

// dropIndexes drops the in-memory database's own indexes and returns the
// statements that build them again.
func dropIndexes(tx *sql.Tx) ([]string, error) {
	idx, err := collect(tx, func(rows *sql.Rows, v *[2]string) error { return rows.Scan(&v[0], &v[1]) },
		"SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
	if err != nil {
		return nil, err
	}
	var rebuild []string
	for _, v := range idx {
		if _, err := tx.Exec(`DROP INDEX main."` + strings.ReplaceAll(v[0], `"`, `""`) + `"`); err != nil {
			return nil, err
		}
		rebuild = append(rebuild, v[1])
	}
	return rebuild, nil
}

// loadRecord puts a record read from the vault into memory as it is: no
// validation, no reference checks (deferred), no audit entry.
func (s *Store) loadRecord(tx *sql.Tx, r *data.Record) error {
	return s.insert(tx, r, actionLoad)
}
