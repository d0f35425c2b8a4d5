package data

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// FieldError says what is wrong with one field, in words for the user.
type FieldError struct {
	Key   string // field key, or "title", "tlp", "tags", "notes"
	Label string
	Msg   string
}

func (e FieldError) Error() string { return e.Label + ": " + e.Msg }

// ValidationError collects every field error of one record, so a form can
// mark all of them at once. Nothing is written when it is returned.
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	return strings.Join(parts, "; ")
}

// For returns the message for one field key, or "".
func (e *ValidationError) For(key string) string {
	for _, f := range e.Fields {
		if f.Key == key {
			return f.Msg
		}
	}
	return ""
}

func (e *ValidationError) Add(key, label, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Key: key, Label: label, Msg: fmt.Sprintf(format, args...)})
}

// AsValidation unwraps a *ValidationError from err, if it is one.
func AsValidation(err error) (*ValidationError, bool) {
	var v *ValidationError
	ok := errors.As(err, &v)
	return v, ok
}

// Length limits, in characters.
const (
	maxTitle    = 500
	maxLine     = 1000
	maxLongText = 100000
)

// Validate checks a record against its kind's description, and the values
// of its Vocab fields against a new workspace's lists.
func Validate(r *Record) error { return ValidateIn(r, DefaultVocabulary()) }

// ValidateIn checks a record against its kind's description and, for its
// Vocab fields, against the workspace's lists. References are checked by
// the store when it writes.
func ValidateIn(r *Record, voc *Vocabulary) error {
	k := r.Kind
	e := &ValidationError{}
	if strings.TrimSpace(r.Title) == "" {
		e.Add("title", k.TitleLabel, "is required")
	} else if n := utf8.RuneCountInString(r.Title); n > maxTitle {
		e.Add("title", k.TitleLabel, "is too long (%d characters; at most %d)", n, maxTitle)
	}
	if !r.TLP.Valid() {
		e.Add("tlp", "TLP label", "must be one of %s", strings.Join(TLPStrings(), ", "))
	}
	for _, t := range r.Tags {
		if strings.Contains(t, ",") {
			e.Add("tags", "Tags", "a tag cannot contain a comma (%q)", t)
		}
	}
	if msg := checkAttachments(r.Attachments); msg != "" {
		e.Add(FieldAttachments, "Attachments", "%s", msg)
	}
	for key := range r.Values {
		if k.Field(key) == nil {
			e.Add(key, key, "is not a field of %s", k.Label)
		}
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if msg := checkValue(f, r.Values[f.Key], r.ID); msg != "" {
			e.Add(f.Key, f.Label, "%s", msg)
		} else if s, ok := r.Values[f.Key].(string); ok && f.Vocab && s != "" {
			if _, held := voc.Holds(k, f, s); !held {
				e.Add(f.Key, f.Label, "must be one of this workspace's list: %s (not %q; lists are changed under Workspace → Vocabularies)", strings.Join(voc.Offered(k, f), ", "), s)
			}
		}
	}
	crossChecks(r, e)
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// CheckText validates one field's text as typed in a form, so the form can
// say what is wrong before Save is pressed.
func CheckText(f *Field, s string) error {
	v, err := ParseValue(f, s)
	if err != nil {
		return err
	}
	if msg := checkValue(f, v, ""); msg != "" {
		return errors.New(msg)
	}
	return nil
}

func checkValue(f *Field, v any, selfID string) string {
	if isEmpty(v) {
		if f.Required && f.Writable() {
			return "is required"
		}
		return ""
	}
	switch f.Type {
	case Text, LongText, Ref, TimeZone, Choice, Date:
		s, ok := v.(string)
		if !ok {
			return "must be text"
		}
		if f.Type == Text && strings.ContainsAny(s, "\n\r") {
			return "must fit on one line"
		}
		// Limits count characters, not bytes: a name in Persian or Hebrew
		// takes two bytes a letter and must fit as a Latin one does.
		limit := maxLine
		if f.Type == LongText {
			limit = maxLongText
		}
		if n := utf8.RuneCountInString(s); n > limit {
			return fmt.Sprintf("is too long (%d characters; at most %d)", n, limit)
		}
		if f.Type == Ref && s == selfID {
			return "cannot point to the record itself"
		}
		if f.Type == Choice || f.Type == Date || f.Type == TimeZone {
			if _, err := ParseValue(f, s); err != nil {
				return err.Error()
			}
		}
	case Int:
		n, ok := v.(int64)
		if !ok {
			return "must be a whole number"
		}
		if f.Bounded() && (float64(n) < f.Min || float64(n) > f.Max) {
			return "must be" + boundsText(f)
		}
	case Float:
		x, ok := v.(float64)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return "must be a number"
		}
		if f.Bounded() && (x < f.Min || x > f.Max) {
			return "must be" + boundsText(f)
		}
	case Bool:
		if _, ok := v.(bool); !ok {
			return "must be yes or no"
		}
	case DateTime:
		t, ok := v.(time.Time)
		if !ok {
			return "must be a date and time"
		}
		if t.Year() < 1900 || t.Year() > 2200 {
			return "must be between the years 1900 and 2200"
		}
	case Computed:
		return "" // derived by the database; whatever was read is kept out of writes
	case Links:
		return checkLinks(f, v, selfID)
	case FollowUps:
		return checkFollowUps(v)
	case Contacts:
		return checkContacts(v)
	}
	return ""
}

func checkLinks(f *Field, v any, selfID string) string {
	links, ok := v.([]Link)
	if !ok {
		return "must be a list of linked records"
	}
	seen := map[string]bool{}
	for i, l := range links {
		if l.ID == "" {
			return fmt.Sprintf("entry %d links to no record", i+1)
		}
		if l.ID == selfID {
			return "cannot link a record to itself"
		}
		if seen[l.ID+"\x00"+l.Role] {
			return fmt.Sprintf("entry %d repeats an earlier one", i+1)
		}
		seen[l.ID+"\x00"+l.Role] = true
		if l.Role != "" && len(f.Choices) > 0 && !contains(f.Choices, l.Role) {
			return fmt.Sprintf("entry %d has role %q; roles are %s", i+1, l.Role, strings.Join(f.Choices, ", "))
		}
	}
	return ""
}

func checkFollowUps(v any) string {
	acts, ok := v.([]FollowUp)
	if !ok {
		return "must be a list of actions"
	}
	for i, a := range acts {
		if strings.TrimSpace(a.Action) == "" {
			return fmt.Sprintf("action %d needs a description", i+1)
		}
		if a.Due != "" {
			if _, err := time.Parse(DateLayout, a.Due); err != nil {
				return fmt.Sprintf("action %d: due date must be written YYYY-MM-DD", i+1)
			}
		}
		if !contains(FollowUpStatuses, a.Status) {
			return fmt.Sprintf("action %d: status must be one of %s", i+1, strings.Join(FollowUpStatuses, ", "))
		}
	}
	return ""
}

func checkContacts(v any) string {
	points, ok := v.([]ContactPoint)
	if !ok {
		return "must be a list of contact points"
	}
	for i, c := range points {
		value := strings.TrimSpace(c.Value)
		switch {
		case !contains(ContactKinds, c.Kind):
			return fmt.Sprintf("contact point %d: kind must be one of %s", i+1, strings.Join(ContactKinds, ", "))
		case value == "":
			return fmt.Sprintf("contact point %d (%s) has no value", i+1, c.Kind)
		case c.Kind != "address" && strings.ContainsAny(value, "\n\r"):
			return fmt.Sprintf("contact point %d (%s) must fit on one line", i+1, c.Kind)
		case c.Kind == "email" && !plausibleEmail(value):
			return fmt.Sprintf("contact point %d: %q is not an email address", i+1, value)
		case utf8.RuneCountInString(value) > maxLine || utf8.RuneCountInString(c.Label) > maxLine:
			return fmt.Sprintf("contact point %d is too long (at most %d characters)", i+1, maxLine)
		case !c.TLP.Valid():
			return fmt.Sprintf("contact point %d: TLP label must be one of %s", i+1, strings.Join(TLPStrings(), ", "))
		}
	}
	return ""
}

// plausibleEmail asks only for something@something.something: desks
// write addresses of every country and script.
func plausibleEmail(s string) bool {
	at := strings.LastIndex(s, "@")
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " \t") && !strings.HasSuffix(s, ".")
}

// crossChecks holds the rules that involve two fields of one record.
func crossChecks(r *Record, e *ValidationError) {
	k := r.Kind
	if f := k.Field(FieldContacts); f != nil {
		for i, c := range r.Contacts() {
			if c.TLP.Valid() && r.TLP.Valid() && c.TLP.Rank() > r.TLP.Rank() {
				e.Add(FieldContacts, f.Label, "contact point %d is labelled %s, less restrictive than the record's %s: a contact point is shared no wider than the record", i+1, c.TLP, r.TLP)
			}
		}
	}
	if s, ok := r.Values[FieldStarts].(time.Time); ok {
		if end, ok := r.Values[FieldEnds].(time.Time); ok && end.Before(s) {
			e.Add(FieldEnds, k.Field(FieldEnds).Label, "must not be before the start")
		}
	}
	if s, ok := r.Values[FieldStartDate].(string); ok && s != "" {
		if end, ok := r.Values[FieldEndDate].(string); ok && end != "" && end < s {
			e.Add(FieldEndDate, k.Field(FieldEndDate).Label, "must not be before the start")
		}
	}
	if k == Relationship {
		from, _ := r.Values[FieldFromActor].(string)
		if to, _ := r.Values[FieldToActor].(string); from != "" && from == to {
			e.Add(FieldToActor, k.Field(FieldToActor).Label, "must be a different actor from %s", k.Field(FieldFromActor).Label)
		}
	}
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(t) == ""
	case []Link:
		return len(t) == 0
	case []FollowUp:
		return len(t) == 0
	case []ContactPoint:
		return len(t) == 0
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
