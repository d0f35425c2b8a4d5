package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/google/uuid"
	sqlite3 "github.com/mattn/go-sqlite3"

	"convenor/data"
)

// A new workspace appears whole or not at all. It is built under a
// temporary name beside its final one, with a rollback journal rather than
// a write-ahead log (so every commit is in the file itself and a full disk
// fails the commit, not a checkpoint at close), filled, closed with every
// error heeded, checked as an open would check it, synced, and only then
// linked into place. Anything that fails removes the temporary file.

// Create makes a new, empty workspace at path and opens it. It refuses to
// overwrite an existing file.
func Create(path, name string) (*Store, error) { return CreateFilled(path, name, "", nil) }

// CreateSealed makes a new, empty workspace sealed with passphrase and opens
// it. Its name is sealed too: the file says only that it is a workspace.
func CreateSealed(path, name, passphrase string) (*Store, error) {
	return CreateFilled(path, name, passphrase, nil)
}

// CreateFilled makes a workspace at path, sealed when passphrase is not
// empty, lets fill write its first records while it still has its
// temporary name, and opens it.
func CreateFilled(path, name, passphrase string, fill func(*Store) error) (*Store, error) {
	var m *sealMeta
	if passphrase != "" {
		var err error
		if m, _, err = newSealMeta(passphrase, name); err != nil {
			return nil, err
		}
		name = "Sealed workspace"
	}
	if m != nil {
		// Its first audit entry puts a row in the vault from the start, so
		// even an empty sealed file can be told from a plain one.
		fill = sealedBirth(fill)
	}
	if err := createFile(path, name, m, passphrase, fill); err != nil {
		return nil, err
	}
	var s *Store
	var err error
	if m != nil {
		s, err = OpenSealed(context.Background(), path, passphrase)
	} else {
		s, err = Open(context.Background(), path)
	}
	if err != nil {
		// Not at all: the file is new and nobody else has used it yet.
		removeWithJournal(path)
		if isDiskFull(err) {
			err = &data.OpenError{Path: path, Reason: data.ErrDiskFull, Detail: "nothing was created; free some space and try again"}
		}
	}
	return s, err
}

func createFile(path, name string, m *sealMeta, passphrase string, fill func(*Store) error) error {
	if _, err := os.Lstat(path); err == nil {
		return &data.OpenError{Path: path, Reason: os.ErrExist, Detail: "choose another name; Convenor never overwrites a file"}
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return &data.OpenError{Path: path, Reason: errors.New("its folder does not exist"), Detail: "create the folder " + dir + " first"}
	}
	if err := checkWritable(path); err != nil {
		return err
	}
	removeStaleCreates(path)
	tmp := path + tmpCreating + uuid.NewString()[:8]
	fail := func(err error) error {
		removeWithJournal(tmp)
		if isDiskFull(err) {
			return &data.OpenError{Path: path, Reason: data.ErrDiskFull, Detail: "nothing was created; free some space and try again"}
		}
		return &data.OpenError{Path: path, Reason: err, Detail: "nothing was created"}
	}
	if err := build(tmp, name, m); err != nil {
		return fail(err)
	}
	if fill != nil {
		if err := fillFile(tmp, passphrase, fill); err != nil {
			return fail(err)
		}
	}
	if err := inspect(context.Background(), tmp); err != nil {
		return fail(err)
	}
	if err := syncFile(tmp); err != nil {
		return fail(err)
	}
	// Link fails if path appeared meanwhile, so a file is never replaced.
	if err := os.Link(tmp, path); err != nil {
		return fail(err)
	}
	removeWithJournal(tmp)
	return syncDir(dir)
}

// build writes the schema and the workspace's first facts into a new file.
func build(path, name string, m *sealMeta) error {
	if err := createPrivate(path); err != nil {
		return err
	}
	q := url.Values{"mode": {"rw"}, "_foreign_keys": {"1"}, "_journal_mode": {"DELETE"}, "_synchronous": {"FULL"}}
	db, err := sql.Open("sqlite3", sqliteURI(path, q))
	if err != nil {
		return err
	}
	err = func() error {
		if _, err := db.Exec(fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
			return err
		}
		if err := migrate(db); err != nil {
			return err
		}
		now := time.Now().UTC().Format(time.RFC3339Nano)
		if _, err := db.Exec(`INSERT INTO meta(key, value) VALUES ('workspace_id', ?), ('name', ?), ('created_at', ?), (?, '1')`,
			uuid.NewString(), name, now, metaStates); err != nil {
			return err
		}
		if m != nil {
			if _, err := db.Exec("INSERT INTO meta(key, value) VALUES (?, '1')", metaBound); err != nil {
				return err
			}
			return writeSealMeta(db, "main", m)
		}
		return nil
	}()
	return closeWhole(db, path, err)
}

// fillFile opens the new file as a workspace, lets fill write to it, and
// closes it whole.
func fillFile(path, passphrase string, fill func(*Store) error) error {
	var s *Store
	var err error
	if passphrase != "" {
		s, err = OpenSealed(context.Background(), path, passphrase)
	} else {
		s, err = Open(context.Background(), path)
	}
	if err != nil {
		return err
	}
	return s.closeWhole(fill(s))
}

// sealedBirth writes a sealed workspace's first audit entry, then fill.
func sealedBirth(fill func(*Store) error) func(*Store) error {
	return func(s *Store) error {
		if err := s.write("sealing the new workspace", func(tx *sql.Tx) error { return s.auditWorkspace(tx, "created, sealed with a passphrase", nil) }); err != nil {
			return err
		}
		if fill == nil {
			return nil
		}
		return fill(s)
	}
}

// closeWhole closes db after work that ended with err, and reports the
// first failure: the work's, the close's, or a write-ahead log the close
// could not fold back into the file (which a full disk causes, and which
// would leave the file without its last commits if it were moved alone).
func closeWhole(db *sql.DB, path string, err error) error {
	cerr := db.Close()
	if err != nil {
		return err
	}
	if cerr != nil {
		return cerr
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("%s: the last changes could not be written into the file (%w)", path, data.ErrDiskFull)
	}
	return nil
}

// closeWhole closes the store as the function closeWhole closes a database.
func (s *Store) closeWhole(err error) error {
	err = closeWhole(s.db, s.path, err)
	s.lock.release()
	return err
}

// isDiskFull tells a full disk from other failures, whichever layer saw it.
func isDiskFull(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrFull || se.SystemErrno == syscall.ENOSPC) {
		return true
	}
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, data.ErrDiskFull)
}

// OpenOrCreate opens path, creating an empty workspace first if there is no
// file there. It reports whether it created one.
func OpenOrCreate(path, name string) (*Store, bool, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		s, err := Create(path, name)
		return s, err == nil, err
	}
	s, err := Open(context.Background(), path)
	return s, false, err
}
