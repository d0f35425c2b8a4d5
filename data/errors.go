package data

import (
	"errors"
	"fmt"
	"strings"
)

// Why a workspace file was refused. Each comes wrapped in an *OpenError that
// names the file; the file itself is never changed.
var (
	ErrNotWorkspace = errors.New("it is not a Convenor workspace")
	ErrNewerVersion = errors.New("it was written by a newer version of Convenor")
	ErrDamaged      = errors.New("it is damaged")
	ErrInUse        = errors.New("another program is using it")
	ErrOlderVersion = errors.New("it is in an older format")
	ErrNotFound     = errors.New("no such record")
)

// OpenError explains, in a sentence a person understands, why a file was not
// opened.
type OpenError struct {
	Path   string
	Reason error  // one of the Err… values above, or an I/O error
	Detail string // what was found, for the curious
}

func (e *OpenError) Error() string {
	msg := fmt.Sprintf("Convenor cannot open %s: %s", e.Path, strings.TrimSuffix(e.Reason.Error(), "."))
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg + "."
}

func (e *OpenError) Unwrap() error { return e.Reason }

var (
	ErrNeedsPassphrase = errors.New("it is sealed with a passphrase")
	ErrWrongPassphrase = errors.New("the passphrase is not the right one")
)

// ErrReadOnly is why a workspace that can be read cannot be written.
var ErrReadOnly = errors.New("it can be read but not changed")

// ErrDiskFull is why a file could not be written to the end.
var ErrDiskFull = errors.New("the disk is full")

// Dependant is a record that points to one about to be deleted.
type Dependant struct {
	ID, Title string
	Kind      *Kind
	Field     *Field // the field that points
	To        string // the id it points to
	// Required: without the link the record is invalid, so it must be
	// deleted too; otherwise it only loses the link.
	Required bool
}

// DependantsError refuses a delete that would leave records invalid.
type DependantsError struct {
	Required []Dependant
}

func (e *DependantsError) Error() string {
	parts := make([]string, len(e.Required))
	for i, d := range e.Required {
		parts[i] = fmt.Sprintf("%s “%s” (%s)", d.Kind.Label, d.Title, d.Field.Label)
	}
	return fmt.Sprintf("not deleted: %d %s cannot do without it: %s; delete %s too, or change %s first",
		len(parts), plural(len(parts), "record", "records"), strings.Join(parts, ", "),
		plural(len(parts), "it", "them"), plural(len(parts), "it", "them"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// OpError says which operation on a workspace failed and why, in words a
// person can act on ("Saving the risk failed: the disk is full; nothing
// was changed."). Cause keeps the database's own error for logs and tests;
// errors.Is and errors.As see both.
type OpError struct {
	Op     string // "saving the risk"
	Reason error  // ErrDiskFull, ErrInUse, ErrReadOnly, ErrDamaged or a sentence
	Cause  error
	// Undone: the operation was one transaction and nothing of it stayed.
	Undone bool
}

func (e *OpError) Error() string {
	msg := strings.ToUpper(e.Op[:1]) + e.Op[1:] + " failed: " + e.Reason.Error()
	if e.Undone {
		msg += "; nothing was changed"
	}
	return msg + "."
}

func (e *OpError) Unwrap() []error { return []error{e.Reason, e.Cause} }
