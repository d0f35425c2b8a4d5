//go:build !windows

package store

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"

	"convenor/data"
)

// writerLock holds an exclusive flock on the workspace file itself while it
// is open for writing, so a second copy of Convenor is told the file is in
// use rather than becoming a second writer. The lock belongs to the file,
// not to its name: a second writer reaching it through a symlink, a hard
// link or another mount finds it taken. (flock and SQLite's own fcntl locks
// do not see each other on Linux or the BSDs.) The kernel drops the lock
// when the process dies, so a crash never leaves the workspace locked.
type writerLock struct{ f *os.File }

func lockWriter(path string) (*writerLock, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, data.ErrInUse
		}
		return nil, err
	}
	return &writerLock{f: f}, nil
}

// release must come after SQLite has closed the file: closing a
// descriptor of a file drops every fcntl lock the process holds on it.
func (l *writerLock) release() {
	if l != nil && l.f != nil {
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
		l.f = nil
	}
}

// folderWritable asks the kernel whether files can be made in dir. It
// answers no on a read-only file system even for an administrator.
func folderWritable(dir string) error {
	return unix.Access(dir, unix.W_OK)
}
