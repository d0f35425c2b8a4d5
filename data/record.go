package data

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Record is one record of any kind. Common fields are struct fields; the
// kind's own fields are in Values, keyed by Field.Key, holding:
//
//	Text, LongText, Choice, TimeZone, Ref, Date  string ("" when empty; dates "2006-01-02")
//	Int, Computed                                 int64
//	Float                                         float64
//	Bool                                          bool
//	DateTime                                      time.Time in UTC
//	Links                                         []Link
//	FollowUps                                     []FollowUp
//
// A key that is absent (or nil) means the field is empty.
type Record struct {
	ID    string
	Kind  *Kind
	Title string
	TLP   TLP
	Tags  []string
	Notes string
	// Attachments are the files kept with the record, any kind of record.
	Attachments []Attachment
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
	UpdatedBy   string
	Values      map[string]any
}

// Link is one entry of a Links field.
type Link struct {
	ID    string // the linked record
	Role  string // e.g. "host" for an engagement participant; may be empty
	Title string // filled when read, for display; ignored when writing
	Kind  string // filled when read
}

// FollowUp is one follow-up action of an engagement.
type FollowUp struct {
	ID     string
	Action string
	Owner  string
	Due    string // "2006-01-02" or ""
	Status string // one of FollowUpStatuses
}

// ContactPoint is one way to reach an actor who is a person or an office.
type ContactPoint struct {
	ID    string
	Kind  string // one of ContactKinds
	Value string // the address, number or handle, as written
	Label string // "office", "Signal", "through the think tank"; may be empty
	TLP   TLP    // who may see it: the record's label or a more restrictive one
}

// Overdue reports whether the action is still open past its due date.
func (f FollowUp) Overdue(today time.Time) bool {
	return f.Status == "open" && f.Due != "" && f.Due < today.Format(DateLayout)
}

// NewRecord returns an empty record of kind k with its defaults filled in.
func NewRecord(k *Kind) *Record {
	r := &Record{Kind: k, TLP: DefaultTLP, Values: map[string]any{}}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Default != "" {
			if v, err := ParseValue(f, f.Default); err == nil {
				r.Values[f.Key] = v
			}
		}
	}
	return r
}

// Clone returns a deep copy, so an edited copy never aliases the original.
func (r *Record) Clone() *Record {
	c := *r
	c.Tags = append([]string(nil), r.Tags...)
	c.Attachments = append([]Attachment(nil), r.Attachments...)
	c.Values = make(map[string]any, len(r.Values))
	for k, v := range r.Values {
		switch t := v.(type) {
		case []Link:
			c.Values[k] = append([]Link(nil), t...)
		case []FollowUp:
			c.Values[k] = append([]FollowUp(nil), t...)
		case []ContactPoint:
			c.Values[k] = append([]ContactPoint(nil), t...)
		default:
			c.Values[k] = v
		}
	}
	return &c
}

// Text returns a field's value in its text form ("" when empty).
func (r *Record) Text(key string) string {
	f := r.Kind.Field(key)
	if f == nil {
		return ""
	}
	return FormatValue(f, r.Values[key])
}

// Links returns a Links field's entries.
func (r *Record) Links(key string) []Link {
	l, _ := r.Values[key].([]Link)
	return l
}

// Contacts returns an actor's contact points.
func (r *Record) Contacts() []ContactPoint {
	l, _ := r.Values[FieldContacts].([]ContactPoint)
	return l
}

// FollowUps returns an engagement's follow-up actions.
func (r *Record) FollowUps() []FollowUp {
	l, _ := r.Values[FieldFollowUps].([]FollowUp)
	return l
}

// Layouts of dates and date-times in their text form.
const (
	DateLayout     = "2006-01-02"
	DateTimeLayout = "2006-01-02 15:04"
)

// ParseValue turns the text form of a field's value into its stored form,
// or explains in a sentence why it cannot. Empty text is an empty value.
// Links and FollowUps have no text form and cannot be parsed.
func ParseValue(f *Field, s string) (any, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	switch f.Type {
	case Text, LongText, Ref:
		return s, nil
	case Choice:
		if f.Vocab { // the workspace's own list: its store checks the value
			if strings.ContainsAny(s, "\n\r") {
				return nil, errors.New("must fit on one line")
			}
			return s, nil
		}
		for _, c := range f.Choices {
			if strings.EqualFold(c, s) {
				return c, nil
			}
		}
		return nil, fmt.Errorf("must be one of: %s", strings.Join(f.Choices, ", "))
	case Int, Computed:
		n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("must be a whole number%s", boundsText(f))
		}
		return n, nil
	case Float:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("must be a number%s", boundsText(f))
		}
		return x, nil
	case Bool:
		switch strings.ToLower(s) {
		case "yes", "true", "1", "y":
			return true, nil
		case "no", "false", "0", "n":
			return false, nil
		}
		return nil, fmt.Errorf("must be yes or no")
	case Date:
		t, err := time.Parse(DateLayout, s)
		if err != nil {
			return nil, fmt.Errorf("must be a date written YYYY-MM-DD, such as 2026-03-14")
		}
		return t.Format(DateLayout), nil
	case DateTime:
		for _, layout := range []string{time.RFC3339, DateTimeLayout, "2006-01-02T15:04"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), nil
			}
		}
		return nil, fmt.Errorf("must be a date and time written YYYY-MM-DD HH:MM, such as 2026-03-14 09:30")
	case TimeZone:
		if _, err := time.LoadLocation(s); err != nil || s == "Local" {
			return nil, fmt.Errorf("must be a time zone name such as Asia/Karachi or Europe/Vienna")
		}
		return s, nil
	}
	return nil, fmt.Errorf("cannot be written as text")
}

// FormatValue is the inverse of ParseValue; Links and FollowUps are
// summarised in a readable line for audit entries and exports.
func FormatValue(f *Field, v any) string {
	if v == nil {
		return ""
	}
	switch t := v.(type) {
	case string:
		return t
	case int64:
		if f.Bounded() && f.Min < 0 && t > 0 {
			return "+" + strconv.FormatInt(t, 10)
		}
		return strconv.FormatInt(t, 10)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		if t {
			return "yes"
		}
		return "no"
	case time.Time:
		return t.UTC().Format(time.RFC3339)
	case []Link:
		parts := make([]string, len(t))
		for i, l := range t {
			name := l.ID
			if l.Title != "" {
				name = l.Title
			}
			if l.Role != "" {
				name += " (" + l.Role + ")"
			}
			parts[i] = name
		}
		return strings.Join(parts, "; ")
	case []FollowUp:
		parts := make([]string, len(t))
		for i, a := range t {
			parts[i] = fmt.Sprintf("%s [%s, due %s, %s]", a.Action, a.Owner, orDash(a.Due), a.Status)
		}
		return strings.Join(parts, "; ")
	case []ContactPoint:
		parts := make([]string, len(t))
		for i, c := range t {
			parts[i] = c.Kind + ": " + strings.ReplaceAll(c.Value, "\n", ", ")
			if c.Label != "" {
				parts[i] += " (" + c.Label + ")"
			}
			parts[i] += " [" + string(c.TLP) + "]"
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func boundsText(f *Field) string {
	if !f.Bounded() {
		return ""
	}
	return fmt.Sprintf(" from %s to %s", strconv.FormatFloat(f.Min, 'f', -1, 64), strconv.FormatFloat(f.Max, 'f', -1, 64))
}

// NormalizeTags trims, drops empties and duplicates, keeping first-seen order.
func NormalizeTags(tags []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out
}

// SplitTags reads a comma-separated tag line.
func SplitTags(s string) []string { return NormalizeTags(strings.Split(s, ",")) }

// ParseLocal reads "YYYY-MM-DD HH:MM" as wall-clock time in loc (the place
// of the event) and returns the instant in UTC; empty text is the zero time.
func ParseLocal(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(DateTimeLayout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("must be a date and time written YYYY-MM-DD HH:MM, such as 2026-03-14 09:30")
	}
	return t.UTC(), nil
}

// FormatLocal shows an instant as wall-clock time in loc; zero is "".
func FormatLocal(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(DateTimeLayout)
}

// RiskBand names the band of a 5×5 risk score.
func RiskBand(score int64) string {
	switch {
	case score >= 16:
		return "critical"
	case score >= 10:
		return "high"
	case score >= 5:
		return "medium"
	}
	return "low"
}
