package data

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// A desk names its own categories: the risks, signals and engagements of a
// Gulf dialogue are not the article's. Choice fields marked Vocab take
// their values from the workspace's Vocabulary, which can grow, be renamed
// (the records holding a value are renamed with it) and retire values
// without losing them: a retired value stays valid on the records that
// hold it and is no longer offered. Lists whose values carry meaning in
// code (statuses, stances, phases, grades, TLP) stay in the kinds'
// descriptions; their meaning is in flags such as Field.Closed.

// Vocabulary is a workspace's lists, by VocabKey.
type Vocabulary struct {
	Lists map[string]*VocabList `json:"lists"`
}

// VocabList is one field's list.
type VocabList struct {
	Values  []string `json:"values"`            // offered, in this order
	Retired []string `json:"retired,omitempty"` // valid where held, no longer offered
	// Tones is what each value means, for a field whose values carry a
	// meaning (Field.Tones); nil until the list has had its starting ones.
	Tones map[string]Tone `json:"tones,omitempty"`
}

// Tone is what a value means for the views: a relationship of trust is
// drawn solid, one of mistrust dashed, whatever the desk calls it.
type Tone string

const (
	Neutral  Tone = "neutral"
	Trust    Tone = "trust"
	Mistrust Tone = "mistrust"
)

// Tones lists them in the order a form offers them.
var Tones = []Tone{Trust, Neutral, Mistrust}

// VocabKey names a vocabulary field: "risk.category".
func VocabKey(k *Kind, f *Field) string { return k.Name + "." + f.Key }

// VocabField is a field whose list is the workspace's own.
type VocabField struct {
	Kind  *Kind
	Field *Field
}

// VocabFields lists them, in sidebar order.
func VocabFields() []VocabField {
	var out []VocabField
	for _, k := range Kinds {
		for i := range k.Fields {
			if k.Fields[i].Vocab {
				out = append(out, VocabField{k, &k.Fields[i]})
			}
		}
	}
	return out
}

// DefaultVocabulary is what a new workspace starts with: each field's
// Choices.
func DefaultVocabulary() *Vocabulary {
	v := &Vocabulary{Lists: map[string]*VocabList{}}
	for _, vf := range VocabFields() {
		v.Lists[VocabKey(vf.Kind, vf.Field)] = &VocabList{Values: slices.Clone(vf.Field.Choices)}
	}
	v.Complete()
	return v
}

// Complete gives every list its field's starting tones if it has none
// yet: a workspace written before values had meanings reads its words
// once, here; from then on the meanings are its own.
func (v *Vocabulary) Complete() {
	for _, vf := range VocabFields() {
		if vf.Field.Tones == nil {
			continue
		}
		l := v.list(vf.Kind, vf.Field)
		if l.Tones != nil {
			continue
		}
		l.Tones = map[string]Tone{}
		for _, value := range append(slices.Clone(l.Values), l.Retired...) {
			l.Tones[value] = Neutral
			for start, t := range vf.Field.Tones {
				if strings.EqualFold(start, value) {
					l.Tones[value] = t
				}
			}
		}
	}
}

// Tone is what value of the field means: Neutral when nobody said.
func (v *Vocabulary) Tone(k *Kind, f *Field, value string) Tone {
	if v == nil || !f.Vocab {
		return Neutral
	}
	if t, ok := v.list(k, f).Tones[value]; ok && t != "" {
		return t
	}
	return Neutral
}

// SetTone says what value means.
func (v *Vocabulary) SetTone(k *Kind, f *Field, value string, t Tone) error {
	if f.Tones == nil {
		return fmt.Errorf("the values of %s carry no meaning for the views", f.Label)
	}
	if !slices.Contains(Tones, t) {
		return fmt.Errorf("%q is not a meaning (trust, neutral or mistrust)", t)
	}
	l := v.list(k, f)
	if !slices.Contains(l.Values, value) && !slices.Contains(l.Retired, value) {
		return fmt.Errorf("%q is not in the list", value)
	}
	if l.Tones == nil {
		l.Tones = map[string]Tone{}
	}
	l.Tones[value] = t
	return nil
}

// Check says what is wrong with a vocabulary read from outside (an
// archive): a list of a field that has none, a value a form could not
// hold, a value twice.
func (v *Vocabulary) Check() error {
	known := map[string]bool{}
	for _, vf := range VocabFields() {
		known[VocabKey(vf.Kind, vf.Field)] = true
	}
	for key, l := range v.Lists {
		if !known[key] {
			return fmt.Errorf("the vocabulary has a list %q no field has", key)
		}
		if l == nil {
			return fmt.Errorf("the vocabulary's list %q is empty", key)
		}
		seen := map[string]bool{}
		for _, x := range append(slices.Clone(l.Values), l.Retired...) {
			if err := checkVocabValue(x); err != nil {
				return fmt.Errorf("the vocabulary's list %q: %q %v", key, x, err)
			}
			if seen[strings.ToLower(x)] {
				return fmt.Errorf("the vocabulary's list %q holds %q twice", key, x)
			}
			seen[strings.ToLower(x)] = true
		}
		for _, t := range l.Tones {
			if !slices.Contains(Tones, t) {
				return fmt.Errorf("the vocabulary's list %q: %q is not a meaning", key, t)
			}
		}
	}
	return nil
}

// Clone is a copy that can be changed without changing v.
func (v *Vocabulary) Clone() *Vocabulary {
	c := &Vocabulary{Lists: map[string]*VocabList{}}
	for key, l := range v.Lists {
		if l == nil {
			continue
		}
		c.Lists[key] = &VocabList{Values: slices.Clone(l.Values), Retired: slices.Clone(l.Retired), Tones: maps.Clone(l.Tones)}
	}
	return c
}

func (v *Vocabulary) list(k *Kind, f *Field) *VocabList {
	if v.Lists == nil {
		v.Lists = map[string]*VocabList{}
	}
	key := VocabKey(k, f)
	l := v.Lists[key]
	if l == nil {
		l = &VocabList{Values: slices.Clone(f.Choices)}
		v.Lists[key] = l
	}
	return l
}

// Offered is what a form offers for the field: the workspace's values for
// a Vocab field, the description's choices for any other.
func (v *Vocabulary) Offered(k *Kind, f *Field) []string {
	if !f.Vocab || v == nil {
		return f.Choices
	}
	return slices.Clone(v.list(k, f).Values)
}

// Retired is what the field no longer offers but still accepts.
func (v *Vocabulary) Retired(k *Kind, f *Field) []string {
	if !f.Vocab || v == nil {
		return nil
	}
	return slices.Clone(v.list(k, f).Retired)
}

// Holds finds value in the field's list (offered or retired), ignoring
// case, and returns it as the list writes it.
func (v *Vocabulary) Holds(k *Kind, f *Field, value string) (string, bool) {
	l := v.list(k, f)
	for _, have := range append(slices.Clone(l.Values), l.Retired...) {
		if strings.EqualFold(have, value) {
			return have, true
		}
	}
	return "", false
}

// Add offers a new value, or offers a retired one again.
func (v *Vocabulary) Add(k *Kind, f *Field, value string) error {
	value = strings.TrimSpace(value)
	if err := checkVocabValue(value); err != nil {
		return err
	}
	l := v.list(k, f)
	if i := indexFold(l.Retired, value); i >= 0 { // as the records hold it
		l.Values = append(l.Values, l.Retired[i])
		l.Retired = slices.Delete(l.Retired, i, i+1)
		return nil
	}
	if indexFold(l.Values, value) >= 0 {
		return fmt.Errorf("%q is already in the list", value)
	}
	l.Values = append(l.Values, value)
	if l.Tones != nil {
		l.Tones[value] = Neutral
	}
	return nil
}

// Rename changes a value in the list (offered or retired), in its place.
func (v *Vocabulary) Rename(k *Kind, f *Field, old, new string) error {
	new = strings.TrimSpace(new)
	if err := checkVocabValue(new); err != nil {
		return err
	}
	l := v.list(k, f)
	if i := indexFold(append(slices.Clone(l.Values), l.Retired...), new); i >= 0 && !strings.EqualFold(new, old) {
		return fmt.Errorf("%q is already in the list", new)
	}
	for _, vals := range [][]string{l.Values, l.Retired} {
		if i := slices.Index(vals, old); i >= 0 {
			vals[i] = new
			if t, ok := l.Tones[old]; ok {
				delete(l.Tones, old)
				l.Tones[new] = t
			}
			return nil
		}
	}
	return fmt.Errorf("%q is not in the list", old)
}

// Retire stops offering value; records that hold it keep it.
func (v *Vocabulary) Retire(k *Kind, f *Field, value string) error {
	l := v.list(k, f)
	i := slices.Index(l.Values, value)
	if i < 0 {
		return fmt.Errorf("%q is not offered", value)
	}
	if len(l.Values) == 1 && f.Required {
		return fmt.Errorf("%s is required: at least one value must be offered", f.Label)
	}
	l.Values = slices.Delete(l.Values, i, i+1)
	l.Retired = append(l.Retired, value)
	return nil
}

func checkVocabValue(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("a value cannot be empty")
	case strings.ContainsAny(s, "\n\r"):
		return fmt.Errorf("a value must fit on one line")
	case utf8.RuneCountInString(s) > 100:
		return fmt.Errorf("a value has at most 100 characters")
	}
	return nil
}

func indexFold(list []string, s string) int {
	return slices.IndexFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// WithValuesOf is v with every value of theirs v lacks added, so records
// written against theirs fit; nil when nothing needs adding.
func (v *Vocabulary) WithValuesOf(theirs *Vocabulary) *Vocabulary {
	if theirs == nil {
		return nil
	}
	out := v.Clone()
	added := false
	for _, vf := range VocabFields() {
		list := theirs.Lists[VocabKey(vf.Kind, vf.Field)]
		if list == nil {
			continue
		}
		for _, x := range append(append([]string(nil), list.Values...), list.Retired...) {
			if _, ok := out.Holds(vf.Kind, vf.Field, x); !ok && out.Add(vf.Kind, vf.Field, x) == nil {
				added = true
			}
		}
	}
	if !added {
		return nil
	}
	return out
}

// Admitting is v with every value r holds that v lacks added, so a record
// written against another desk's lists fits; nil when v has them all.
func (v *Vocabulary) Admitting(r *Record) *Vocabulary {
	var out *Vocabulary
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		x, _ := r.Values[f.Key].(string)
		if !f.Vocab || x == "" {
			continue
		}
		if _, ok := v.Holds(r.Kind, f, x); ok {
			continue
		}
		if out == nil {
			out = v.Clone()
			v = out
		}
		out.Add(r.Kind, f, x)
	}
	return out
}
