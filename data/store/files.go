package store

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"convenor/data"
)

// Every path that reaches SQLite goes through sqliteURI, and every file
// Convenor writes beside a workspace is created here, private to its owner.
// A workspace's name is the user's to choose: spaces, any script, and the
// characters a URI gives meaning to (# ? % & =) must all name that file and
// no other.

// sqliteURI is the URI SQLite opens path with. The path is made absolute
// and cleaned first, so "//x" cannot be read as a host and a relative name
// cannot be read as a scheme; each character SQLite would otherwise take as
// the start of a query or fragment is escaped.
func sqliteURI(path string, q url.Values) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") { // Windows: C:/… becomes /C:/…
		p = "/" + p
	}
	return "file://" + (&url.URL{Path: p}).EscapedPath() + "?" + q.Encode()
}

// Modes of what Convenor creates: readable by its owner only, because a
// workspace on a shared machine holds what other users must not read.
const (
	privateFile = 0o600
	privateDir  = 0o700
)

// createPrivate creates an empty file only its owner can read, failing if
// path exists. SQLite then opens the existing file, and gives its -wal and
// -shm files the same mode.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateFile)
	if err != nil {
		return err
	}
	// The process's umask may have left more bits than asked for.
	if err := f.Chmod(privateFile); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// MakePrivate narrows an existing file's mode to its owner, for files
// created by others on Convenor's behalf (a save dialog's export).
func MakePrivate(path string) error { return os.Chmod(path, privateFile) }

// makeFolder makes dir (and its parents) private to its owner when it has to
// create it.
func makeFolder(dir string) error {
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("%s is a file, not a folder", dir)
		}
		return nil
	}
	if err := os.MkdirAll(dir, privateDir); err != nil {
		return err
	}
	return os.Chmod(dir, privateDir)
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := createPrivate(to); err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(p string) error {
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync() // not every file system syncs directories; the data is synced
	return nil
}

// removeWithJournal removes a SQLite file and whatever SQLite kept beside it.
func removeWithJournal(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// Names of the temporary files the steps that replace or add a workspace
// file work under. Each is moved into place only when whole; one left
// behind was interrupted (a crash, a kill, a full disk) and is removed by
// the next open that holds the workspace's writer lock.
const (
	tmpCreating  = ".creating-"
	tmpSealing   = ".sealing-"
	tmpRestoring = ".restoring"
	tmpPartial   = ".partial"
)

// staleAfter is how long a temporary file must have gone unwritten before
// it counts as left behind, where the work that writes it runs without the
// writer lock and may still be under way: a backup made by `convenor
// backup`, a workspace being created.
const staleAfter = 2 * time.Minute

func stale(e os.DirEntry) bool {
	info, err := e.Info()
	return err == nil && time.Since(info.ModTime()) > staleAfter
}

// removeStaleCreates deletes what killed attempts to create path left. The
// next open of a workspace clears them too, but a create that never
// finished leaves no workspace to open.
func removeStaleCreates(path string) {
	base := filepath.Base(path)
	removeIn(filepath.Dir(path), func(name string, e os.DirEntry) bool {
		rest, ok := strings.CutPrefix(name, base)
		return ok && strings.HasPrefix(rest, tmpCreating) && stale(e)
	})
}

// removeLeftovers deletes what interrupted work left beside the workspace
// and in its backup folder. The caller holds the writer lock.
func removeLeftovers(path string) {
	base := filepath.Base(path)
	removeIn(filepath.Dir(path), func(name string, e os.DirEntry) bool {
		rest, ok := strings.CutPrefix(name, base)
		return ok && (strings.HasPrefix(rest, tmpSealing) || strings.HasPrefix(rest, tmpRestoring) ||
			strings.HasPrefix(rest, tmpCreating) && stale(e))
	})
	removeIn(BackupDir(path), func(name string, e os.DirEntry) bool {
		return strings.Contains(name, tmpPartial) && stale(e)
	})
}

// removeIn removes the files of dir that match.
func removeIn(dir string, match func(name string, e os.DirEntry) bool) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() && match(e.Name(), e) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// checkWritable says, before anything is tried, why path could not be
// written: its own permissions say read-only (checked from the mode bits,
// because an administrator's account would write it regardless), or its
// folder is on a read-only disk or closed to this user.
func checkWritable(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o222 == 0 {
		return &data.OpenError{Path: path, Reason: data.ErrReadOnly,
			Detail: "the file's permissions make it read-only; Convenor will not change or replace it. Make it writable first, or read it with the command-line tools"}
	}
	if err := folderWritable(filepath.Dir(path)); err != nil {
		return &data.OpenError{Path: path, Reason: data.ErrReadOnly,
			Detail: fmt.Sprintf("the folder %s is read-only (%v); copy the workspace to a folder you can write, or read it with the command-line tools", filepath.Dir(path), err)}
	}
	return nil
}
