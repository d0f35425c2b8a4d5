package store

import (
	"database/sql"
	"strings"
)

// Desks write the same name in more than one way: ایران with a Persian
// yeh or ايران with an Arabic one (a keyboard, a pasted wire), with or
// without vowel marks, with a tatweel stretching a word in a heading,
// Hebrew with or without niqqud. Search folds every such variant to one
// form, in the index and in what is typed, so each finds the others. The
// records keep their text exactly as written; the index holds the folded
// form, which is what a search snippet shows.

// fold maps text to the form the search index holds.
func fold(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(foldRune, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldRune is the folded form of one character; -1 drops it.
func foldRune(r rune) rune {
	switch {
	case r == 'ي' || r == 'ى' || r == 'ئ': // Arabic yeh, alef maksura, yeh with hamza
		return 'ی' // Persian yeh
	case r == 'ك':
		return 'ک' // keheh, the Persian kaf
	case r == 'ة' || r == 'ۀ': // teh marbuta, heh with yeh above
		return 'ه'
	case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ' || r == 'ٲ' || r == 'ٳ':
		return 'ا'
	case r == 'ؤ':
		return 'و'
	case r >= '٠' && r <= '٩': // Arabic-Indic digits
		return '0' + r - '٠'
	case r >= '۰' && r <= '۹': // Persian digits
		return '0' + r - '۰'
	case r == 'ـ': // tatweel
		return -1
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x06D6 && r <= 0x06ED: // harakat, Quranic marks
		return -1
	case r >= 0x0591 && r <= 0x05BD, r == 0x05BF, r == 0x05C1, r == 0x05C2, r == 0x05C4, r == 0x05C5, r == 0x05C7: // niqqud, cantillation
		return -1
	case r == 0x200C: // zero-width non-joiner: می‌خواهم is also typed می خواهم
		return ' '
	case r == 0x200D || r == 0x200E || r == 0x200F || r == 0xFEFF: // joiners and direction marks
		return -1
	}
	return r
}

// refoldSearch rewrites the search index in folded form (format 11); the
// index keeps its own copy of the text, so it is read from there.
func refoldSearch(tx *sql.Tx) error {
	type row struct {
		id          int64
		title, body string
	}
	rows, err := collect(tx, func(rows *sql.Rows, r *row) error { return rows.Scan(&r.id, &r.title, &r.body) },
		"SELECT rowid, title, body FROM search")
	if err != nil {
		return err
	}
	for _, r := range rows {
		title, body := fold(r.title), fold(r.body)
		if title == r.title && body == r.body {
			continue
		}
		if _, err := tx.Exec("UPDATE search SET title = ?, body = ? WHERE rowid = ?", title, body, r.id); err != nil {
			return err
		}
	}
	return nil
}
