package store

import (
	"context"
	"database/sql"
	"encoding/base64"
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

// vaultFile keeps a sealed workspace: its file is attached as "vault" to
// the in-memory database the store works in, and holds every record and
// audit entry sealed under the data key.
type vaultFile struct {
	key       []byte
	chain     []byte // keys the audit chain; nil until the file has one
	readOnly  bool
	bound     bool  // each record is sealed bound to the entry that wrote it
	auditDone int64 // audit entries up to this one are in the vault
	imageUpto int64 // and up to this one in the unlock image
	resealAll bool  // the next write seals every record (a new key)
}

func (v *vaultFile) fileSchema() string { return "vault" }
func (v *vaultFile) sealed() bool       { return true }
func (v *vaultFile) chainKey() []byte   { return v.chain }

// Sealed reports whether the workspace is encrypted with a passphrase.
func (s *Store) Sealed() bool { return s.file.sealed() }

// IsSealed reports whether the workspace file at path needs a passphrase.
func IsSealed(ctx context.Context, path string) (bool, error) {
	if err := inspect(ctx, path); err != nil {
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
func OpenSealed(ctx context.Context, path, passphrase string) (*Store, error) {
	return openSealed(ctx, path, passphrase, false)
}

// OpenSealedReadOnly opens a sealed workspace to read it, even while it is
// open elsewhere.
func OpenSealedReadOnly(ctx context.Context, path, passphrase string) (*Store, error) {
	return openSealed(ctx, path, passphrase, true)
}

func openSealed(ctx context.Context, path, passphrase string, readOnly bool) (*Store, error) {
	if err := inspect(ctx, path); err != nil {
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
	chain, err := m.chainKey(key)
	if err != nil {
		return nil, &data.OpenError{Path: path, Reason: data.ErrDamaged, Detail: err.Error()}
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
	v := &vaultFile{key: key, chain: chain, readOnly: readOnly}
	s.lock, s.file = lock, v
	if err := s.unsealAll(v); err != nil {
		s.Close()
		return nil, &data.OpenError{Path: path, Reason: data.ErrDamaged, Detail: err.Error()}
	}
	s.Vocabulary() // read now: writes check records against it inside their transactions
	s.sharing.Store(s.Shared() != "")
	if !readOnly && v.chain == nil {
		if err := s.keyChain(v); err != nil {
			s.Close()
			return nil, &data.OpenError{Path: path, Reason: err}
		}
	}
	if err := s.recordRestore(); err != nil {
		s.Close()
		return nil, &data.OpenError{Path: path, Reason: err}
	}
	if !readOnly && !v.bound {
		if err := s.bindRecords(v); err != nil {
			s.Close()
			return nil, &data.OpenError{Path: path, Reason: err}
		}
	}
	if !readOnly {
		if err := s.baseline(); err != nil {
			s.Close()
			return nil, &data.OpenError{Path: path, Reason: err}
		}
	}
	return s, nil
}

// bindRecords seals every record of a file written before records were
// bound to their versions again, bound, in one audited transaction. It
// needs the passphrase, so a sealed file is upgraded when it is first
// unlocked for writing.
func (s *Store) bindRecords(v *vaultFile) error {
	err := s.write("binding the sealed records to their audit entries", func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT OR REPLACE INTO vault.meta(key, value) VALUES (?, '1')", metaBound); err != nil {
			return err
		}
		v.bound, v.resealAll = true, true
		return s.auditWorkspace(tx, "sealed records bound to the audit entries that wrote them; "+
			"an older copy of a record put back, or one deleted, before now cannot be told afterwards", nil)
	})
	if err != nil { // the file is as it was: records sealed unbound
		v.bound, v.resealAll = false, false
	}
	return err
}

// keyChain gives a file sealed before the audit chain was keyed its chain
// key, in one audited transaction whose entry is the first keyed one: its
// hash covers every plain entry before it. It needs the data key, so a
// sealed file is upgraded when it is first unlocked for writing.
func (s *Store) keyChain(v *vaultFile) error {
	chain := deriveChainKey(v.key)
	err := s.write("keying the audit trail", func(tx *sql.Tx) error {
		m, err := readSealMeta(tx, "vault")
		if err != nil {
			return err
		}
		if err := m.setChainKey(v.key, chain); err != nil {
			return err
		}
		if err := writeSealMeta(tx, "vault", m); err != nil {
			return err
		}
		v.chain = chain
		return s.auditWorkspace(tx, "audit trail keyed from this entry on: entries before it keep their plain hashes, "+
			"which this entry covers; an entry rewritten with every later hash recomputed before now cannot be told afterwards", nil)
	})
	if err != nil { // the file is as it was: the chain plain
		v.chain = nil
	}
	return err
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
	return storeOver(db, path, nil, readOnly), nil
}

// auditRow is an audit entry inside its sealed blob.
type auditRow struct {
	At, User, Action, Kind, RecordID, Title, Changes, Hash string
	State                                                  string `json:",omitempty"`
	Keyed                                                  bool   `json:",omitempty"`
}

// auditEntry is an audit row with its number.
type auditEntry struct {
	seq int64
	row auditRow
}

// readAudit reads schema's audit entries after entry from, in order.
func readAudit(q queryer, schema string, from int64) ([]auditEntry, error) {
	rows, err := q.Query("SELECT seq, at, user, action, kind, record_id, title, changes, state, keyed, hash FROM "+schema+".audit WHERE seq > ? ORDER BY seq", from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []auditEntry
	for rows.Next() {
		var e auditEntry
		a := &e.row
		if err := rows.Scan(&e.seq, &a.At, &a.User, &a.Action, &a.Kind, &a.RecordID, &a.Title, &a.Changes, &a.State, &a.Keyed, &a.Hash); err != nil {
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
		if _, err := tx.Exec(`INSERT INTO main.audit(seq, at, user, action, kind, record_id, title, changes, state, keyed, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			e.seq, a.At, a.User, a.Action, a.Kind, a.RecordID, a.Title, a.Changes, a.State, a.Keyed, a.Hash); err != nil {
			return err
		}
	}
	return nil
}

// unsealed is what unlocking read from the file, opened.
type unsealed struct {
	meta    [][2]string    // the file's facts, but its sealing and image
	name    []byte         // the workspace's name, when it opened
	image   *memImage      // the unlock image, or nil
	upto    int64          // the last audit entry the image holds
	records []*data.Record // every record, or those changed since the image
	gone    []string       // records deleted since the image
	entries []auditEntry   // every audit entry, or those after the image
}

// unsealAll reads every sealed record and audit entry into memory: the
// unlock image and what changed since when there is a usable one, else
// each record into tables whose indexes are dropped for the load and built
// once at the end (one sort per index instead of a tree insert per row).
func (s *Store) unsealAll(v *vaultFile) error {
	u, err := v.read(s.db, true)
	if err != nil {
		return err
	}
	if u.image != nil {
		if loadImage(s.db, u.image) != nil {
			// The image is only a head start: read every record instead.
			if u, err = v.read(s.db, false); err != nil {
				return err
			}
		} else {
			if err := migrate(s.db); err != nil { // an image written by an older Convenor
				return err
			}
			v.imageUpto, v.auditDone = u.upto, u.upto
		}
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Records point to each other; check the references once all are in.
	if _, err := tx.Exec("PRAGMA defer_foreign_keys = ON"); err != nil {
		return err
	}
	if _, err := tx.Exec("DELETE FROM main.meta"); err != nil {
		return err
	}
	for _, kv := range u.meta {
		if _, err := tx.Exec("INSERT INTO main.meta(key, value) VALUES (?, ?)", kv[0], kv[1]); err != nil {
			return err
		}
	}
	if u.name != nil {
		if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES ('name', ?)", string(u.name)); err != nil {
			return err
		}
	}
	var rebuild []string
	if u.image == nil {
		if rebuild, err = dropIndexes(tx); err != nil {
			return err
		}
	}
	for _, id := range u.gone {
		if err := unload(tx, id); err != nil {
			return err
		}
	}
	for _, r := range u.records {
		if u.image != nil {
			if err := unload(tx, r.ID); err != nil {
				return err
			}
		}
		if err := s.loadRecord(tx, r); err != nil {
			return fmt.Errorf("record %s: %w", r.ID, err)
		}
	}
	if err := insertAudit(tx, u.entries); err != nil {
		return err
	}
	for _, stmt := range rebuild {
		if _, err := tx.Exec(stmt); err != nil {
			return err
		}
	}
	if n := len(u.entries); n > 0 {
		v.auditDone = u.entries[n-1].seq
	}
	return tx.Commit()
}

// read reads and opens, in one read transaction, all unlocking needs from
// the file, so a writer elsewhere cannot change it half-way through.
func (v *vaultFile) read(db *sql.DB, useImage bool) (u *unsealed, err error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u = &unsealed{}
	reading := u // returning an error sets u to nil
	defer func() {
		if err != nil {
			reading.image.free()
		}
	}()
	if u.meta, err = collect(tx, func(rows *sql.Rows, kv *[2]string) error { return rows.Scan(&kv[0], &kv[1]) },
		"SELECT key, value FROM vault.meta WHERE key NOT IN ('sealed', ?)", metaImage); err != nil {
		return nil, err
	}
	for i, kv := range u.meta {
		if kv[0] == metaVocabulary {
			sealed, err := base64.StdEncoding.DecodeString(kv[1])
			plain, err2 := vault.Unseal(v.key, sealed, metaVocabulary)
			if err != nil || err2 != nil {
				return nil, errors.New("its vocabularies cannot be unsealed: the file was changed outside Convenor")
			}
			u.meta[i][1] = string(plain)
		}
	}
	m, err := readSealMeta(tx, "vault")
	if err != nil {
		return nil, err
	}
	if name, err := vault.Unseal(v.key, m.Name, "name"); err == nil {
		u.name = name
	}
	var bound string
	if err := tx.QueryRow("SELECT value FROM vault.meta WHERE key = ?", metaBound).Scan(&bound); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	v.bound = bound == "1"
	if useImage {
		if image, im := v.readImage(tx); image != nil {
			u.image, u.upto = image, im.Upto
		}
	}
	ablobs, err := collect(tx, scanBlob, "SELECT seq, blob FROM vault.vault_audit WHERE seq > ? ORDER BY seq", u.upto)
	if err != nil {
		return nil, err
	}
	u.entries = make([]auditEntry, len(ablobs))
	err = inParallel(len(ablobs), func(i int) error {
		plain, err := vault.Unseal(v.key, ablobs[i].blob, ablobs[i].aad)
		if err != nil {
			return fmt.Errorf("audit entry %s cannot be unsealed: it was changed outside Convenor", ablobs[i].aad)
		}
		u.entries[i].seq, _ = strconv.ParseInt(ablobs[i].aad, 10, 64)
		return json.Unmarshal(plain, &u.entries[i].row)
	})
	if err != nil {
		return nil, err
	}
	var blobs []sealedBlob
	if u.image == nil {
		if blobs, err = collect(tx, scanBlob, "SELECT id, blob FROM vault.vault"); err != nil {
			return nil, err
		}
	} else if blobs, u.gone, err = changedSince(tx, u.entries); err != nil {
		return nil, err
	}
	last := lastWrites(u.entries)
	if err := v.everyWrittenRecordIsThere(blobs, u.gone, u.image == nil, last); err != nil {
		return nil, err
	}
	u.records = make([]*data.Record, len(blobs))
	err = inParallel(len(blobs), func(i int) error {
		id, aad := blobs[i].aad, blobs[i].aad
		if v.bound {
			aad = versionAAD(id, last[id].seq)
		}
		plain, err := vault.Unseal(v.key, blobs[i].blob, aad)
		if err != nil && v.bound {
			return fmt.Errorf("record %s is not the version its audit trail last wrote (entry %d): an older copy of it was put back, or it was changed outside Convenor", id, last[id].seq)
		}
		if err != nil {
			return fmt.Errorf("record %s cannot be unsealed: it was changed outside Convenor", id)
		}
		var sr sealedRecord
		if err := json.Unmarshal(plain, &sr); err != nil {
			return err
		}
		u.records[i], err = fromSealed(sr)
		return err
	})
	return u, err
}

// metaBound marks a sealed file whose records are each sealed bound to
// the audit entry that last wrote them, so an older sealed copy of a record
// put back in its row no longer opens.
const metaBound = "records_bound"

// versionAAD is what a record's sealed form is bound to: its id and the
// number of the audit entry that wrote it.
func versionAAD(id string, version int64) string { return id + "@" + strconv.FormatInt(version, 10) }

// lastWrites is, by record id, the last of entries that wrote it.
func lastWrites(entries []auditEntry) map[string]lastWrite {
	last := map[string]lastWrite{}
	for _, e := range entries {
		if a := e.row; a.RecordID != "" {
			last[a.RecordID] = lastWrite{e.seq, a.Action, a.State, a.Kind, a.Title}
		}
	}
	return last
}

// everyWrittenRecordIsThere refuses a file from which a sealed record the
// trail says exists was removed. all says blobs holds every sealed record
// (else only those the entries name, gone being those without one).
func (v *vaultFile) everyWrittenRecordIsThere(blobs []sealedBlob, gone []string, all bool, last map[string]lastWrite) error {
	if !v.bound {
		return nil
	}
	missing := gone
	if all {
		have := make(map[string]bool, len(blobs))
		for _, b := range blobs {
			have[b.aad] = true
		}
		missing = nil
		for id := range last {
			if !have[id] {
				missing = append(missing, id)
			}
		}
	}
	for _, id := range missing {
		if w := last[id]; !w.gone() {
			return fmt.Errorf("record %s, which the audit trail says exists (entry %d), is missing from the file: it was deleted outside Convenor", id, w.seq)
		}
	}
	return nil
}

// changedSince reads the sealed rows of the records the entries name, and
// which of them are gone.
func changedSince(tx *sql.Tx, entries []auditEntry) (blobs []sealedBlob, gone []string, err error) {
	seen := map[string]bool{}
	for _, e := range entries {
		id := e.row.RecordID
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		b := sealedBlob{aad: id}
		switch err := tx.QueryRow("SELECT blob FROM vault.vault WHERE id = ?", id).Scan(&b.blob); {
		case errors.Is(err, sql.ErrNoRows):
			gone = append(gone, id)
		case err != nil:
			return nil, nil, err
		default:
			blobs = append(blobs, b)
		}
	}
	return blobs, gone, nil
}

// unload removes a record from memory as it is, to load its newer form.
func unload(tx *sql.Tx, id string) error {
	var seq int64
	err := tx.QueryRow("DELETE FROM records WHERE id = ? RETURNING seq", id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec("DELETE FROM search WHERE rowid = ?", seq)
	return err
}

func scanBlob(rows *sql.Rows, b *sealedBlob) error { return rows.Scan(&b.aad, &b.blob) }

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
