package data

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Attachment is a file kept with a record: a readout, an MoU, a letter, a
// photo. The record holds what the file is; its bytes are kept apart, in
// parts, and read only when someone opens it, so unlocking a workspace
// never reads them.
type Attachment struct {
	ID      string
	Name    string // the file's name as it was added: "readout 12 May.pdf"
	Type    string // its media type: "application/pdf"
	Size    int64  // bytes
	SHA256  string // of its bytes, in hex: what opening and verify check
	AddedAt time.Time
	AddedBy string
	// From is a file on this machine to be read into the workspace when
	// the record is saved; empty once the attachment is stored.
	From string `json:"-"`
}

// AttachmentLimit is the largest file a record may hold, 25 MB: a signed
// MoU scanned at high resolution fits; a video of a meeting does not.
const AttachmentLimit = 25_000_000

// TooLarge says why a file of size bytes cannot be attached, or "".
func TooLarge(size int64) string {
	if size <= AttachmentLimit {
		return ""
	}
	what := HumanSize(size)
	if what == HumanSize(AttachmentLimit) {
		what = strconv.FormatInt(size, 10) + " bytes"
	}
	return "is " + what + "; a file may be at most 25 MB"
}

// maxAttachmentName bounds a name: it becomes a file name when opened.
const maxAttachmentName = 200

// FieldAttachments is the key under which an audit entry lists a record's
// attachments.
const FieldAttachments = "attachments"

// Pending reports whether the attachment still waits to be read in.
func (a Attachment) Pending() bool { return a.ID == "" }

// String names the attachment as the audit trail and lists show it.
func (a Attachment) String() string {
	if a.Pending() {
		return a.Name + " (to be added)"
	}
	return a.Name + " (" + HumanSize(a.Size) + ")"
}

// HumanSize says a number of bytes as a person reads it.
func HumanSize(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
	}
}

// checkAttachments explains in a sentence what is wrong with a record's
// attachments, or returns "".
func checkAttachments(list []Attachment) string {
	seen := map[string]bool{}
	for i, a := range list {
		if msg := checkAttachmentName(a.Name); msg != "" {
			return fmt.Sprintf("attachment %d: %s", i+1, msg)
		}
		if a.Pending() {
			if a.From == "" {
				return fmt.Sprintf("“%s” names no file to add", a.Name)
			}
			continue
		}
		if seen[a.ID] {
			return fmt.Sprintf("“%s” is attached twice", a.Name)
		}
		seen[a.ID] = true
		if msg := TooLarge(a.Size); msg != "" || a.Size < 0 {
			return fmt.Sprintf("“%s” %s", a.Name, msg)
		}
	}
	return ""
}

func checkAttachmentName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "has no name"
	case !utf8.ValidString(name):
		return "its name is not valid text"
	case utf8.RuneCountInString(name) > maxAttachmentName:
		return fmt.Sprintf("its name is too long (at most %d characters)", maxAttachmentName)
	case strings.ContainsAny(name, `/\`) || name == "." || name == "..":
		return fmt.Sprintf("its name %q is a path, not a file name", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return "its name holds a control character"
		}
	}
	return ""
}
