// Package viewing keeps the plain copies of attached files that are open
// in the system's viewer. A viewer cannot read from inside a workspace
// file, so opening a file writes a copy to a private folder; these copies
// are the one place a sealed workspace's content sits unencrypted on
// disk, so they are overwritten and removed on lock, on exit and at the
// next start (a crash leaves none for long).
package viewing

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Folder is the private folder the copies are written to.
type Folder struct{ path string }

// DefaultPath is where the copies go: the per-user runtime folder where
// there is one (memory-backed on most Linux desktops, gone at logout),
// else the user's cache folder.
func DefaultPath() string {
	base := os.Getenv("XDG_RUNTIME_DIR")
	if base == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			base = dir
		} else {
			base = os.TempDir()
		}
	}
	return filepath.Join(base, "convenor-viewing")
}

// At names the folder at path; nothing is created until a copy is made.
func At(path string) *Folder { return &Folder{path: path} }

// ForThisProcess is this running Convenor's own folder under base: two
// windows of Convenor open at once never wipe each other's copies.
func ForThisProcess(base string) *Folder {
	return At(filepath.Join(base, strconv.Itoa(os.Getpid())))
}

// SweepLeftovers wipes the folders under base of every Convenor no longer
// running (one that crashed, or was killed): it runs at start. It returns
// how many copies it wiped.
func SweepLeftovers(base string) (int, error) {
	return each(base, func(e os.DirEntry) (int, error) {
		pid, err := strconv.Atoi(e.Name())
		if err == nil && pid != os.Getpid() && running(pid) {
			return 0, nil
		}
		f := At(filepath.Join(base, e.Name()))
		n, err := f.Wipe()
		if err == nil {
			err = os.Remove(f.path)
		}
		if errors.Is(err, os.ErrNotExist) {
			err = nil
		}
		return n, err
	})
}

// each calls wipe for every entry of dir, adding up what it wiped and
// every error (a missing dir has nothing to wipe).
func each(dir string, wipe func(os.DirEntry) (int, error)) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	var failed []error
	for _, e := range entries {
		wiped, err := wipe(e)
		n += wiped
		if err != nil {
			failed = append(failed, err)
		}
	}
	return n, errors.Join(failed...)
}

// Path is where the copies are.
func (f *Folder) Path() string { return f.path }

// Create makes a new, empty copy called name, readable by its owner only,
// in a subfolder of its own so two files of the same name can be open at
// once and the viewer shows the name the file was added under.
func (f *Folder) Create(name string) (*os.File, error) {
	if err := f.private(); err != nil {
		return nil, err
	}
	b := make([]byte, 6)
	rand.Read(b)
	dir := filepath.Join(f.path, hex.EncodeToString(b))
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, err
	}
	return os.OpenFile(filepath.Join(dir, safeName(name)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
}

// private makes the folder, or makes sure the one there is a folder (not
// a link someone put there to read the copies) that only its owner can
// enter.
func (f *Folder) private() error {
	if err := os.MkdirAll(f.path, 0o700); err != nil {
		return err
	}
	for _, dir := range []string{filepath.Dir(f.path), f.path} {
		info, err := os.Lstat(dir)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			return fmt.Errorf("%s is not a folder: copies of files are not written there", dir)
		}
		if runtime.GOOS != "windows" && info.Mode().Perm() != 0o700 {
			if err := os.Chmod(dir, 0o700); err != nil {
				return err
			}
		}
	}
	return nil
}

// Wipe overwrites every copy with zeros and removes it and its folder; it
// returns how many copies it removed. One that cannot be removed (a
// viewer holding it open on Windows) is named in the error.
func (f *Folder) Wipe() (int, error) {
	return each(f.path, func(e os.DirEntry) (int, error) {
		sub := filepath.Join(f.path, e.Name())
		if !e.IsDir() {
			return 1, wipeFile(sub)
		}
		n, err := each(sub, func(c os.DirEntry) (int, error) { return 1, wipeFile(filepath.Join(sub, c.Name())) })
		if err != nil {
			return n, err
		}
		return n, os.Remove(sub)
	})
}

// wipeFile overwrites a copy before removing it: on a disk that writes in
// place the bytes are gone, not only the name. (A flash disk may keep the
// old blocks; the copies of a sealed workspace are only as safe as the
// disk they are written to, which TRUST.md says.)
func wipeFile(path string) error {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if info.Mode().IsRegular() {
		if w, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			_, err = io.CopyN(w, zeros{}, info.Size())
			if err == nil {
				err = w.Sync()
			}
			w.Close()
		}
	}
	return os.Remove(path)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// safeName keeps a name every file system takes: Windows refuses some
// characters that are fine in a Persian or Hebrew title.
func safeName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < 32 {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimRight(name, ". ")
	if name == "" {
		return "attachment"
	}
	return name
}
