package ui

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Persian, Urdu, Arabic and Hebrew names are written right to left. Fyne
// 2.7 lays out each run in its direction but has no bidirectional
// algorithm for what lies between runs: in "ירושלים peace" the space went
// to the Hebrew run and was drawn at its far side, gluing the words into
// "ירושליםpeace". Text shown read-only gets a left-to-right mark after a
// right-to-left word that Latin text follows, which keeps the space where
// it was typed, and is aligned to the right when it begins right to left.
// Entries show what is stored, unmarked; docs/DOMAIN.md says what Fyne
// cannot do.

// rtl reports whether r is a letter of a right-to-left script.
func rtl(r rune) bool {
	return unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko)
}

// startsRTL reports whether the first letter of s is right to left.
func startsRTL(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return rtl(r)
		}
	}
	return false
}

// showable is s with a left-to-right mark after each right-to-left word
// that a left-to-right letter follows.
func showable(s string) string {
	var b strings.Builder
	lastRTL := -1 // byte offset just after the last right-to-left letter, while no left-to-right one has come
	done := 0
	for i, r := range s {
		switch {
		case rtl(r):
			lastRTL = i + len(string(r))
		case unicode.IsLetter(r) && lastRTL >= 0:
			b.WriteString(s[done:lastRTL])
			b.WriteRune('\u200e')
			done, lastRTL = lastRTL, -1
		case unicode.IsLetter(r):
			lastRTL = -1
		}
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// setText shows s in l, aligned to where it begins.
func setText(l *widget.Label, s string) {
	align := fyne.TextAlignLeading
	if startsRTL(s) {
		align = fyne.TextAlignTrailing
	}
	if l.Alignment != align {
		l.Alignment = align
	}
	l.SetText(showable(s))
}
