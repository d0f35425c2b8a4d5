package data

import (
	"fmt"
	"strings"
	"time"
)

// Query selects a page of one kind's records for a list.
type Query struct {
	Kind   *Kind
	Text   string            // every word must appear (full-text, prefix match)
	TLP    []TLP             // only these labels; empty means all
	Tag    string            // only records with this tag
	Equals map[string]string // field key → value in text form, e.g. "status": "active"
	// DateField, From and To keep records whose date (a Date or DateTime
	// field, or "updated_at") falls on or between the two YYYY-MM-DD days;
	// either end may be empty. DateField "" means the kind's DateField().
	DateField, From, To string
	Sort                string // "title", "updated_at", "created_at", "tlp" or a column field key
	Desc                bool
	Limit               int // 0 means 100
	Offset              int
}

// Backlink is a record that points to another, and through which field.
type Backlink struct {
	ID, Title string
	Kind      *Kind
	Field     *Field
	Role      string
}

// TagUse is a tag in use in the workspace and how many records carry it.
type TagUse struct {
	Tag     string
	Records int
}

// Change is one field's value before and after a change, in text form.
type Change struct {
	Field  string // field key ("title", "tlp", "tags", "notes" or a kind's field)
	Label  string
	Before string
	After  string
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Seq      int64
	At       time.Time
	User     string
	Action   string // create, update or delete
	Kind     *Kind
	RecordID string
	Title    string
	Changes  []Change
}

// TrailEntry is one audit entry as the trail holds it, for an archive:
// every column, its text exactly as hashed.
type TrailEntry struct {
	Seq      int64  `json:"seq"`
	At       string `json:"at"`
	User     string `json:"user"`
	Action   string `json:"action"`
	Kind     string `json:"kind"`
	RecordID string `json:"record_id"`
	Title    string `json:"title"`
	Changes  string `json:"changes"`
	State    string `json:"state"`
	Keyed    bool   `json:"keyed"`
	Hash     string `json:"hash"`
}

// ArchiveRestore is what an archive brings into a workspace.
type ArchiveRestore struct {
	File    string // the archive's name, for the trail
	Head    string // the archive's last entry: "seq N, hash H"
	Written time.Time
	// Vocabulary, when set, becomes the workspace's lists.
	Vocabulary *Vocabulary
	// Trail is the archive's own trail, kept as history after the
	// provenance entry (into an empty workspace only).
	Trail []TrailEntry
	// Adds keep their ids and times; Updates are written over the
	// records of their ids; Conflicts are added as they are (copies the
	// caller made, under new ids), for a person to resolve.
	Adds, Updates, Conflicts []*Record
	// Parts are the bytes of the attachments the records name, by id.
	Parts map[string][]byte
}

// Hit is one search result.
type Hit struct {
	ID      string
	Kind    *Kind
	Title   string
	TLP     TLP
	Snippet string // matched words marked with [ and ]
}

// ChainReport is what Verify found: whether the audit trail's chain holds,
// and whether every record is what the last entry that wrote it says.
type ChainReport struct {
	Entries int // entries checked
	Keyed   int // of them, those whose hash is keyed (sealed workspaces)
	// KeyPending says a sealed file from an earlier version has no chain
	// key yet: it gets one when it is first unlocked for writing.
	KeyPending bool
	Intact     bool   // the chain holds and every record checked matches its trail
	BrokenAt   int64  // the first entry that does not match (its seq), when the chain is broken
	Problem    string // what is wrong there, in words
	Head       string // the last entry's hash: keep it to detect a rewritten tail
	// Records checked against their last entry, and what differed.
	Records    int
	Changed    []string // content differs from what the last entry recorded
	Unrecorded []string // present, but no entry created it (or the last deleted it)
	Missing    []string // the trail says it exists; the workspace lacks it
	Unchecked  int      // last written before entries recorded content
	// Tables of a sealed file that hold rows in plain text, with how
	// many: Convenor writes none there.
	Unsealed []string
	// Attached files whose bytes are missing or differ from what was saved.
	Files []string
	// Signed is how many entries of changes from other desks carry their
	// author's signature, each checked.
	Signed int
}

// RecordRef names a record in a report: Kind “Title” (id).
func RecordRef(kind, title, id string) string { return kind + " “" + title + "” (" + id + ")" }

func (c ChainReport) String() string {
	if c.BrokenAt != 0 {
		return fmt.Sprintf("The audit trail is broken at entry %d: %s.\n%d entries before it check out.", c.BrokenAt, c.Problem, c.Entries)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The audit trail is intact: %d entries, each chained to the one before", c.Entries)
	switch c.Keyed {
	case 0:
	case c.Entries:
		b.WriteString(", each keyed under the workspace's key")
	default:
		fmt.Fprintf(&b, "; the last %d keyed under the workspace's key, which covers the %d before", c.Keyed, c.Entries-c.Keyed)
	}
	b.WriteString(".")
	if c.Signed > 0 {
		fmt.Fprintf(&b, "\n%d changes from other desks carry their author's signature; each checks out.", c.Signed)
	}
	fmt.Fprintf(&b, "\nHead: %s", c.Head)
	if c.KeyPending {
		b.WriteString("\nThis sealed file was written by an earlier version and its trail is not keyed yet: it will be, in one audited step, when it is next unlocked for writing.")
	}
	if c.Intact {
		fmt.Fprintf(&b, "\nEvery record matches its trail (%d records", c.Records)
		if c.Unchecked > 0 {
			fmt.Fprintf(&b, "; %d last changed before content was recorded, not checked", c.Unchecked)
		}
		b.WriteString(").")
		return b.String()
	}
	list := func(what string, refs []string) {
		if len(refs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%d %s:", len(refs), what)
		for i, r := range refs {
			if i == 10 {
				fmt.Fprintf(&b, "\n  … and %d more", len(refs)-10)
				break
			}
			b.WriteString("\n  • " + r)
		}
	}
	b.WriteString("\nBut records were changed outside Convenor:")
	list("records differ from what their last audit entry recorded", c.Changed)
	list("records are present that no audit entry created", c.Unrecorded)
	list("records the audit trail says exist are missing", c.Missing)
	list("attached files are missing or differ from what was saved", c.Files)
	if len(c.Unsealed) > 0 {
		b.WriteString("\nRows in plain text in the sealed file, where Convenor never writes them:")
		for _, t := range c.Unsealed {
			b.WriteString("\n  • " + t)
		}
	}
	return b.String()
}

// An Edit is one change a user made — a create, an edit or a delete — kept
// so that it can be undone.
type Edit struct {
	Before *Record // nil for a create
	After  *Record // nil for a delete
	// Unlinked are the records that lost a link to a deleted record, as
	// they were before, so undoing the delete restores the links too.
	Unlinked []*Record
}

// Describe says in a few words what undoing e would do.
func (e *Edit) Describe() string {
	switch {
	case e.Before == nil:
		return "Undo create of “" + e.After.Title + "”"
	case e.After == nil:
		return "Undo delete of “" + e.Before.Title + "”"
	}
	return "Undo edit of “" + e.After.Title + "”"
}

// Summary is what a list or an export says of a record another points to.
type Summary struct {
	Title string
	TLP   TLP
}

// Changed is what one committed write changed: the records (and their
// kinds), and whether the workspace itself changed (its name, passphrase,
// a restore). Views refresh from it.
type Changed struct {
	IDs       []string
	Kinds     []*Kind
	Workspace bool
}

// Touches reports whether the change concerns records of kind k.
func (c Changed) Touches(k *Kind) bool {
	for _, x := range c.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// DueItem is one thing the due list shows: a follow-up action due, or a
// record whose review or target date has come, on Date (YYYY-MM-DD).
type DueItem struct {
	Date    string
	Overdue bool   // Date is before today
	What    string // "Follow-up: Send invitations (Programme manager)", "Next review"
	Kind    *Kind  // of the record it opens
	ID      string
	Title   string
	TLP     TLP
}
