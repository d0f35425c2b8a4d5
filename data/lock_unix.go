//go:build !windows

package data

import (
	"errors"
	"os"
	"syscall"
)

// writerLock holds an exclusive lock on PATH.lock while a workspace is open
// for writing, so a second copy of Convenor is told the file is in use
// rather than becoming a second writer. The kernel drops the lock when the
// process dies, so a crash never leaves the workspace locked.
type writerLock struct{ f *os.File }

func lockWriter(path string) (*writerLock, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrInUse
		}
		return nil, err
	}
	return &writerLock{f: f}, nil
}

func (l *writerLock) release() {
	if l != nil && l.f != nil {
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
		l.f = nil
	}
}
