package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/user"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // time zones must resolve on machines without a zone database

	sqlite3 "github.com/mattn/go-sqlite3"

	"convenor/data"
)

// ApplicationID marks a SQLite file as a Convenor workspace ("CNVR").
const ApplicationID = 0x434E5652

// Store is an open workspace. It is safe for use by several goroutines.
type Store struct {
	db       *sql.DB
	path     string
	lock     *writerLock // nil when opened read-only
	readOnly bool
	backupMu sync.Mutex
	file     keeper // plainFile, or a vault for a sealed workspace
	notes    notifier
	vocab    atomic.Pointer[data.Vocabulary] // the lists, read once; replaced whole when changed
	sharing  atomic.Bool                     // a shared workspace: changes are queued for the team stream
	// User is recorded as the author of every change.
	User string
	// Now gives the time of each change; tests may pin it.
	Now func() time.Time
}

func storeOver(db *sql.DB, path string, lock *writerLock, readOnly bool) *Store {
	return &Store{db: db, path: path, lock: lock, readOnly: readOnly, file: plainFile{}, User: currentUser(), Now: timeNow}
}

// Path is the workspace file.
func (s *Store) Path() string { return s.path }

// Close closes the workspace file and lets another program write it.
func (s *Store) Close() error {
	s.notes.writing.Lock() // no write under way while the file is kept
	s.file.close(s.db)
	s.notes.writing.Unlock()
	err := s.db.Close()
	s.lock.release()
	return err
}

// ReadOnly reports whether the workspace was opened only to be read.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Open opens an existing workspace. A file that is not a workspace, is
// damaged, or was written by a newer Convenor is refused and left as it was.
// Only one program may have it open for writing: another Convenor that has
// it open makes Open fail with ErrInUse.
func Open(ctx context.Context, path string) (*Store, error) {
	if sealed, err := IsSealed(ctx, path); err != nil {
		return nil, err
	} else if sealed {
		return nil, &data.OpenError{Path: path, Reason: data.ErrNeedsPassphrase, Detail: "enter it to open the workspace"}
	}
	lock, err := lockForWriting(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", dsn(path, "rw"))
	if err != nil {
		lock.release()
		return nil, &data.OpenError{Path: path, Reason: err}
	}
	if err := migrate(db); err != nil {
		db.Close()
		lock.release()
		return nil, &data.OpenError{Path: path, Reason: classify(err), Detail: err.Error()}
	}
	s := storeOver(db, path, lock, false)
	s.Vocabulary() // read now: writes check records against it inside their transactions
	s.sharing.Store(s.Shared() != "")
	if err := s.recordRestore(); err != nil {
		s.Close()
		return nil, &data.OpenError{Path: path, Reason: err}
	}
	if err := s.baseline(); err != nil {
		s.Close()
		return nil, &data.OpenError{Path: path, Reason: err}
	}
	return s, nil
}

// lockForWriting makes sure path can be written, takes its writer lock and
// clears what an interrupted backup, seal, restore or create left beside it.
func lockForWriting(path string) (*writerLock, error) {
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	lock, err := lockWriter(path)
	if err != nil {
		detail := ""
		if errors.Is(err, data.ErrInUse) {
			detail = "another Convenor window or program has it open for writing; close it there first, or read it with the command-line tools"
		}
		return nil, &data.OpenError{Path: path, Reason: err, Detail: detail}
	}
	removeLeftovers(path)
	return lock, nil
}

// timeNow is the clock of a new Store.
var timeNow = time.Now

// OpenReadOnly opens a workspace to read it, even while Convenor has it
// open: SQLite's write-ahead log lets readers see the last committed state.
// Every write fails. A file in an older format cannot be read this way
// until Convenor has opened it once.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if sealed, err := IsSealed(ctx, path); err != nil {
		return nil, err
	} else if sealed {
		return nil, &data.OpenError{Path: path, Reason: data.ErrNeedsPassphrase}
	}
	db, err := sql.Open("sqlite3", dsn(path, "ro"))
	if err != nil {
		return nil, &data.OpenError{Path: path, Reason: err}
	}
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion {
		db.Close()
		return nil, &data.OpenError{Path: path, Reason: data.ErrOlderVersion,
			Detail: fmt.Sprintf("format %d; open it once in Convenor to upgrade it to format %d", v, SchemaVersion)}
	}
	return storeOver(db, path, nil, true), nil
}

// dsn sets what every connection needs: foreign keys enforced, a write-ahead
// log, a wait of up to 5 s for another writer, commits that survive power loss
// (synchronous=FULL), and write transactions that take the lock up front so
// two writers queue instead of failing half-way. A reader of a file nobody
// is writing (no write-ahead log beside it) opens it as immutable, so that
// reading never leaves -wal and -shm files beside a file it only looked at,
// and works on a read-only disk, where SQLite could not create them. (A
// writer that starts meanwhile writes to a log of its own and leaves the
// file as it was until it folds the log back, rarely and at the end; a
// reader sees the state from before.)
func dsn(path, mode string) string {
	q := url.Values{}
	q.Set("mode", mode)
	q.Set("_foreign_keys", "1")
	q.Set("_busy_timeout", "5000")
	q.Set("_stmt_cache_size", stmtCacheSize)
	if mode != "ro" {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "FULL")
		q.Set("_txlock", "immediate")
	} else if !fileExists(path + "-wal") {
		q.Set("immutable", "1")
	}
	return sqliteURI(path, q)
}

// stmtCacheSize keeps the driver's prepared statements for reuse: every
// write runs the same few statements per kind, and preparing them again
// each time was a quarter of the cost of a write.
const stmtCacheSize = "128"

var sqliteMagic = []byte("SQLite format 3\x00")

// inspect looks at a file without changing it: that it is SQLite, that it is
// ours, that this build understands its format, and that SQLite's quick
// integrity check passes.
func inspect(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &data.OpenError{Path: path, Reason: data.ErrNotWorkspace, Detail: "it is a folder, not a file"}
	}
	f, err := os.Open(path)
	if err != nil {
		return &data.OpenError{Path: path, Reason: err}
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && n == 0 {
		return &data.OpenError{Path: path, Reason: data.ErrNotWorkspace, Detail: "the file is empty"}
	}
	if n < 100 || !bytes.Equal(head[:16], sqliteMagic) {
		return &data.OpenError{Path: path, Reason: data.ErrNotWorkspace, Detail: "it is not a database file"}
	}
	db, err := sql.Open("sqlite3", dsn(path, "ro"))
	if err != nil {
		return &data.OpenError{Path: path, Reason: err}
	}
	defer db.Close()
	var appID, version int
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return &data.OpenError{Path: path, Reason: classify(err), Detail: err.Error()}
	}
	if appID != ApplicationID {
		return &data.OpenError{Path: path, Reason: data.ErrNotWorkspace, Detail: "it is a database of another program"}
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return &data.OpenError{Path: path, Reason: classify(err), Detail: err.Error()}
	}
	if version > SchemaVersion {
		return &data.OpenError{Path: path, Reason: data.ErrNewerVersion,
			Detail: fmt.Sprintf("workspace format %d; this version reads up to format %d, please update Convenor", version, SchemaVersion)}
	}
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return &data.OpenError{Path: path, Reason: classify(err), Detail: err.Error()}
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return &data.OpenError{Path: path, Reason: classify(err), Detail: err.Error()}
		}
		if line != "ok" && len(problems) < 3 {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return &data.OpenError{Path: path, Reason: classify(err), Detail: err.Error()}
	}
	if len(problems) > 0 {
		return &data.OpenError{Path: path, Reason: data.ErrDamaged, Detail: "SQLite's check found: " + strings.Join(problems, "; ")}
	}
	return nil
}

// classify maps SQLite's error codes to the reasons a person can act on.
func classify(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch r := reason(se); r {
		case data.ErrDamaged, data.ErrNotWorkspace, data.ErrInUse:
			return r
		}
	}
	return err
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
