// Package anchor keeps, outside every workspace file, the head of each
// workspace's audit trail as this machine last saw it: its last entry's
// number and hash. Whoever can write a workspace file can rewrite its
// trail from start to end so that it checks out; what they cannot do is
// change what another file remembers. A trail that is behind the head seen
// before (cut), or holds another entry at that number (rolled back,
// replaced by an older copy, rewritten), is reported with both heads. It
// is never refused: restoring a backup or copying a workspace between
// machines is legitimate, and a restore is in the trail itself.
//
// The book is a small JSON file in the user's data folder, not in the
// window's preferences, so the command line reads the same one.
package anchor

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Head is the last entry of a workspace's audit trail.
type Head struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	Seen time.Time `json:"seen"`           // when this machine saw it
	Path string    `json:"path,omitempty"` // the file it was seen in
}

func (h Head) String() string {
	if h.Seq == 0 {
		return "an empty trail"
	}
	short := h.Hash
	if len(short) > 12 {
		short = short[:12]
	}
	return fmt.Sprintf("entry %d (hash %s…)", h.Seq, short)
}

// Book holds the heads last seen, by workspace id.
type Book struct {
	path  string
	Heads map[string]Head
}

// Version is the book format this build writes; a newer one is read as far
// as it can be and never written over.
const Version = 1

type file struct {
	Version int             `json:"version"`
	Heads   map[string]Head `json:"heads"`
}

// DefaultPath is the book in the user's data folder, Convenor's own:
// $XDG_DATA_HOME/convenor (~/.local/share/convenor) on Linux,
// %APPDATA%\Convenor on Windows, Application Support on macOS.
func DefaultPath() (string, error) {
	var dir string
	switch {
	case runtime.GOOS == "linux" && os.Getenv("XDG_DATA_HOME") != "":
		dir = filepath.Join(os.Getenv("XDG_DATA_HOME"), "convenor")
	case runtime.GOOS == "windows" && os.Getenv("APPDATA") != "":
		dir = filepath.Join(os.Getenv("APPDATA"), "Convenor")
	default:
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(home, ".local", "share", "convenor")
		if runtime.GOOS == "darwin" {
			dir = filepath.Join(home, "Library", "Application Support", "Convenor")
		}
	}
	return filepath.Join(dir, "anchors.json"), nil
}

// Load reads the book at path; a missing file is an empty book. A damaged
// one is refused with the reason, and left as it is.
func Load(path string) (*Book, error) {
	b := &Book{path: path, Heads: map[string]Head{}}
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return b, nil
	}
	if err != nil {
		return nil, err
	}
	var f file
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("the record of audit trails seen on this machine (%s) is damaged: %w", path, err)
	}
	if f.Version < 1 || f.Version > Version {
		return nil, fmt.Errorf("the record of audit trails seen on this machine (%s) has format %d; this version reads format %d", path, f.Version, Version)
	}
	for id, h := range f.Heads {
		if id == "" || h.Seq < 0 || (h.Seq > 0 && len(h.Hash) != 64) {
			return nil, fmt.Errorf("the record of audit trails seen on this machine (%s) is damaged: a head for %q is not one", path, id)
		}
		b.Heads[id] = h
	}
	return b, nil
}

// Save writes the book whole under a temporary name and moves it into
// place, so a crash leaves the old book or the new one.
func (b *Book) Save() error {
	if err := os.MkdirAll(filepath.Dir(b.path), 0o700); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(file{Version: Version, Heads: b.Heads}, "", " ")
	if err != nil {
		return err
	}
	tmp := b.path + ".tmp"
	// Written and synced through one handle opened for writing: Windows
	// refuses to flush a file opened only for reading ("Access denied").
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(raw)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, b.path)
}

// What a trail's head is, set against the one last seen.
type Standing int

const (
	Unseen   Standing = iota // this machine has not seen the workspace
	Same                     // the head last seen
	Ahead                    // further on, and the head last seen is still in it
	Behind                   // shorter than the head last seen: cut or an older copy
	Diverged                 // another entry where the head last seen was
)

// Finding is how a trail stands against what this machine last saw, or
// against the head written into the file when it was backed up.
type Finding struct {
	Standing Standing
	Last     Head // the head last seen (zero when unseen)
	Now      Head
	// Backup says Last is the head written into this file when it was
	// taken as a backup, not one this machine saw.
	Backup bool
}

// Fine reports whether nothing needs saying.
func (f Finding) Fine() bool { return f.Standing == Same || f.Standing == Ahead }

func (f Finding) String() string {
	if f.Backup {
		return f.backupString()
	}
	switch f.Standing {
	case Unseen:
		return fmt.Sprintf("This machine has not seen this workspace before; its audit trail's head, %s, is noted from now on.", f.Now)
	case Same, Ahead:
		return fmt.Sprintf("The audit trail continues the one this machine last saw (%s, on %s).", f.Last, f.Last.Seen.Format("2 Jan 2006 15:04"))
	case Behind:
		return fmt.Sprintf("Warning: the audit trail is shorter than when this machine last saw it: it ends at %s, but %s was seen on %s. The file was cut or replaced by an older copy (a restored backup does this too).",
			f.Now, f.Last, f.Last.Seen.Format("2 Jan 2006 15:04"))
	}
	return fmt.Sprintf("Warning: the audit trail is not the one this machine last saw: %s was seen on %s, but the trail now holds another entry there, and ends at %s. The file was rolled back, replaced or rewritten (a restored backup does this too).",
		f.Last, f.Last.Seen.Format("2 Jan 2006 15:04"), f.Now)
}

func (f Finding) backupString() string {
	taken := f.Last.Seen.Format("2 Jan 2006 15:04")
	switch f.Standing {
	case Same:
		return fmt.Sprintf("This file is a backup taken on %s; its audit trail ends where it did then, at %s.", taken, f.Now)
	case Ahead:
		return fmt.Sprintf("The audit trail continues the one this file held when it was backed up on %s (%s).", taken, f.Last)
	case Behind:
		return fmt.Sprintf("Warning: the audit trail is shorter than when this file was backed up on %s: it ends at %s, but the backup was taken at %s. The file was cut after the backup was taken.",
			taken, f.Now, f.Last)
	}
	return fmt.Sprintf("Warning: the audit trail is not the one this file held when it was backed up on %s: the backup was taken at %s, but the trail now holds another entry there, and ends at %s. The file was rolled back, replaced or rewritten after the backup was taken.",
		taken, f.Last, f.Now)
}

// Check sets now, a workspace's current head, against the head last seen
// for id. hashAt gives the hash of the trail's entry seq ("" if there is
// none).
func (b *Book) Check(id string, now Head, hashAt func(seq int64) (string, error)) (Finding, error) {
	last, seen := b.Heads[id]
	if !seen {
		return Finding{Standing: Unseen, Now: now}, nil
	}
	return Against(last, now, hashAt)
}

// Against sets now, a trail's current head, against last, a head it held
// before.
func Against(last, now Head, hashAt func(seq int64) (string, error)) (Finding, error) {
	f := Finding{Last: last, Now: now}
	switch {
	case now.Seq < last.Seq:
		f.Standing = Behind
	case now.Seq == last.Seq && now.Hash == last.Hash:
		f.Standing = Same
	case now.Seq == last.Seq:
		f.Standing = Diverged
	default:
		h, err := hashAt(last.Seq)
		if err != nil {
			return f, err
		}
		f.Standing = Ahead
		if h != last.Hash {
			f.Standing = Diverged
		}
	}
	return f, nil
}

// Note records now as the head last seen for id.
func (b *Book) Note(id string, now Head) { b.Heads[id] = now }
