// Package data is Convenor's workspace store: one SQLite file holding every
// record kind, its links, an audit trail and a full-text index. It knows
// nothing about windows or widgets, so the importers, the command line and the
// tests use exactly the same rules as the app.
package data

import "strings"

// FieldType says how a field is stored, edited and checked.
type FieldType int

const (
	Text      FieldType = iota // one line
	LongText                   // several lines
	Choice                     // one of Field.Choices
	Int                        // whole number within Min..Max
	Float                      // decimal within Min..Max
	Bool                       // yes / no
	Date                       // calendar day, "2006-01-02"
	DateTime                   // instant, stored in UTC
	TimeZone                   // IANA zone name such as "Asia/Karachi"
	Ref                        // one other record of kind Field.Target
	Links                      // many other records, each with an optional role
	FollowUps                  // an engagement's follow-up actions
	Contacts                   // ways to reach an actor, each with its own TLP label
	Computed                   // read-only number the database derives
)

// Field describes one field of a record kind. Forms, lists, validation,
// search, import and export all read this description.
type Field struct {
	Key      string // column name and key in Record.Values
	Label    string
	Type     FieldType
	Required bool
	Choices  []string // Choice: allowed values, in display order; Links: allowed roles
	Min, Max float64  // Int, Float: inclusive bounds (both zero: unbounded)
	Target   string   // Ref, Links: the kind linked to ("" = any kind)
	Help     string   // one sentence shown under the field
	Default  string   // value a new record starts with, in its text form
	Searched bool     // text goes into the full-text index
	Listed   bool     // shown as a column in lists
	// Due marks the date on which a record needs attention (a review, a
	// target): the due list reads it, unless the record is closed.
	Due bool
	// Vocab makes a Choice field's list the workspace's own (Vocabulary):
	// Choices are then what a new workspace starts with.
	Vocab bool
	// Closed are the choices that count as closed, for the kind's status
	// field: a closed record is never due. Views read this, never a word.
	Closed []string
	// Tones are what a Vocab field's starting values mean (a relationship
	// of trust or of mistrust); a workspace keeps its own, value by value,
	// so a renamed or added value means what the desk says it means.
	Tones map[string]Tone
	// Identifies marks a field holding a record's id in the dataset it
	// came from (a GDELT or ACLED event id): an import matches on it, so
	// the same event imported twice stays one record.
	Identifies bool
}

// HasColumn reports whether the field lives in the kind's own table.
func (f *Field) HasColumn() bool { return f.Type != Links && f.Type != FollowUps && f.Type != Contacts }

// Writable reports whether users and importers may set the field.
func (f *Field) Writable() bool { return f.Type != Computed }

// Bounded reports whether Min and Max apply.
func (f *Field) Bounded() bool { return f.Min != 0 || f.Max != 0 }

// Kind describes one record kind: its table, labels and fields. Every record
// also has the common fields title, TLP label, tags and notes (see Common).
type Kind struct {
	Name       string // "actor": stable key used in the file and on the command line
	Label      string // "Actor"
	Plural     string // "Actors"
	Table      string // the kind's own table
	TitleLabel string // what the title is called for this kind: "Name", "Title" …
	Help       string // one line on what the kind is, in the users' words
	Fields     []Field
}

// Field returns the kind's field with the given key, or nil.
func (k *Kind) Field(key string) *Field {
	for i := range k.Fields {
		if k.Fields[i].Key == key {
			return &k.Fields[i]
		}
	}
	return nil
}

// Columns lists the fields stored in the kind's table, in order.
func (k *Kind) Columns() []*Field {
	var out []*Field
	for i := range k.Fields {
		if k.Fields[i].HasColumn() {
			out = append(out, &k.Fields[i])
		}
	}
	return out
}

// KindByName finds a kind by its key, label or plural, ignoring case.
func KindByName(name string) *Kind {
	for _, k := range Kinds {
		if strings.EqualFold(k.Name, name) || strings.EqualFold(k.Label, name) || strings.EqualFold(k.Plural, name) {
			return k
		}
	}
	return nil
}

// DateField is the field a list's date range filters on: the kind's first
// Date or DateTime field, or when it has none, the time it was last updated.
func (k *Kind) DateField() string {
	for _, f := range k.Fields {
		if f.Type == Date || f.Type == DateTime {
			return f.Key
		}
	}
	return "updated_at"
}

// KeyOfType is the key of the kind's field of type t ("" if none): the
// list fields (follow-ups, contact points) a kind has at most one of.
func (k *Kind) KeyOfType(t FieldType) string {
	for i := range k.Fields {
		if k.Fields[i].Type == t {
			return k.Fields[i].Key
		}
	}
	return ""
}

// DueField is the kind's date on which a record needs attention, or nil.
func (k *Kind) DueField() *Field {
	for i := range k.Fields {
		if k.Fields[i].Due {
			return &k.Fields[i]
		}
	}
	return nil
}

// IdentifyingField is the field holding a record's id in an outside
// dataset, or nil.
func (k *Kind) IdentifyingField() *Field {
	for i := range k.Fields {
		if k.Fields[i].Identifies {
			return &k.Fields[i]
		}
	}
	return nil
}

// StatusField is the kind's field whose choices say whether a record is
// closed, or nil.
func (k *Kind) StatusField() *Field {
	for i := range k.Fields {
		if len(k.Fields[i].Closed) > 0 {
			return &k.Fields[i]
		}
	}
	return nil
}
