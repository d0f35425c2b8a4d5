//go:build windows

package store

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"

	"convenor/data"
)

// writerLock holds an exclusive byte-range lock on PATH.lock while a
// workspace is open for writing, so a second copy of Convenor is told the
// file is in use. Windows drops the lock when the process dies, so a crash
// never leaves the workspace locked (the file itself may stay; it is empty).
type writerLock struct{ f *os.File }

func lockWriter(path string) (*writerLock, error) {
	// The real file's name, so a second writer through a link finds the
	// same lock.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, new(windows.Overlapped))
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, data.ErrInUse
		}
		return nil, err
	}
	return &writerLock{f: f}, nil
}

func (l *writerLock) release() {
	if l != nil && l.f != nil {
		windows.UnlockFileEx(windows.Handle(l.f.Fd()), 0, 1, 0, new(windows.Overlapped))
		l.f.Close()
		l.f = nil
	}
}

// folderWritable tries to make a file in dir.
func folderWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".convenor-probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
