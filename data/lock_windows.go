//go:build windows

package data

import (
	"errors"
	"os"
)

// writerLock on Windows: the lock file is opened for exclusive creation and
// removed on close. A crash leaves it behind; it then names the process.
type writerLock struct{ path string }

func lockWriter(path string) (*writerLock, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, ErrInUse
		}
		return nil, err
	}
	f.Close()
	return &writerLock{path: path + ".lock"}, nil
}

func (l *writerLock) release() {
	if l != nil && l.path != "" {
		os.Remove(l.path)
		l.path = ""
	}
}
