package store

import (
	"context"
	"errors"
	"syscall"

	sqlite3 "github.com/mattn/go-sqlite3"

	"convenor/data"
)

// failed turns an error met by operation op into one a person can read.
// The store's own errors (a field that fails validation, records that
// depend on a deleted one, a record not found, a cancelled search) are
// sentences already and pass as they are; the driver's are classified by
// their codes, never by their text.
func failed(op string, err error, undone bool) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	return &data.OpError{Op: op, Reason: reason(se), Cause: err, Undone: undone}
}

// reason says in words what a SQLite error means for the user.
func reason(se sqlite3.Error) error {
	switch {
	case se.Code == sqlite3.ErrInterrupt:
		return context.Canceled // a newer question, a closed window
	case se.Code == sqlite3.ErrFull || se.SystemErrno == syscall.ENOSPC:
		return data.ErrDiskFull
	case se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked:
		return data.ErrInUse
	case se.Code == sqlite3.ErrReadonly || se.Code == sqlite3.ErrPerm:
		return data.ErrReadOnly
	case se.Code == sqlite3.ErrCorrupt:
		return data.ErrDamaged
	case se.Code == sqlite3.ErrNotADB:
		return data.ErrNotWorkspace
	case se.ExtendedCode == sqlite3.ErrConstraintForeignKey:
		return errors.New("it points to a record that no longer exists")
	case se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey:
		return errors.New("a record with the same id is already there")
	case se.Code == sqlite3.ErrConstraint:
		return errors.New("the workspace refused it as inconsistent with what it holds")
	case se.Code == sqlite3.ErrIoErr || se.Code == sqlite3.ErrCantOpen:
		return errors.New("the disk could not be read or written")
	case se.Code == sqlite3.ErrNomem:
		return errors.New("the computer ran out of memory")
	}
	return errors.New("the database reported a problem (" + se.Code.Error() + ")")
}
