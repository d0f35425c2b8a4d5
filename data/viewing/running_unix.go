//go:build !windows

package viewing

import (
	"errors"
	"syscall"
)

// running reports whether process pid exists (one of another user's
// counts: its folder is not this user's to wipe anyway).
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
