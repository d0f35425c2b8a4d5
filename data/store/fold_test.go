package store

import (
	"context"
	"path/filepath"
	"testing"

	"convenor/data"
)

func TestFoldMakesEachScriptsVariantsOne(t *testing.T) {
	for _, c := range [][2]string{
		{"ايران", "ایران"},                   // Arabic yeh, Persian yeh
		{"كرمانشاه", "کرمانشاه"},             // Arabic kaf, keheh
		{"ایـــران", "ایران"},                // tatweel
		{"سَلامٌ", "سلام"},                   // harakat
		{"مدرسة", "مدرسه"},                   // teh marbuta
		{"أمن إيران آزاد", "امن ایران ازاد"}, // alef forms
		{"می\u200cخواهم", "می خواهم"},        // zero-width non-joiner
		{"١٤٠٥ و ۱۴۰۵", "1405 و 1405"},       // Arabic-Indic and Persian digits
		{"שָׁלוֹם", "שלום"},                  // niqqud
		{"ירושלים peace", "ירושלים peace"},   // nothing else changes
		{"Zürich", "Zürich"},                 // Latin diacritics are the tokenizer's
	} {
		if got := fold(c[0]); got != c[1] || fold(c[1]) != c[1] {
			t.Errorf("fold(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// A record found however its name is spelled: with the other yeh, with
// vowel marks, with niqqud. Its text stays exactly as it was written.
func TestSearchFindsEveryScriptsVariants(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	iran := minimal(t, s, data.Actor, "وزارت امور خارجه ایران")
	quds := minimal(t, s, data.Actor, "القُدس")
	shalom := minimal(t, s, data.Actor, "מִשְׂרַד הַחוּץ")
	for _, c := range []struct {
		typed string
		want  *data.Record
	}{
		{"ايران", iran}, {"ایران", iran}, {"خارجة", iran},
		{"القدس", quds}, {"القُدس", quds},
		{"משרד החוץ", shalom}, {"מִשְׂרַד", shalom},
	} {
		hits, err := s.Search(ctx, c.typed, 10)
		if err != nil || len(hits) != 1 || hits[0].ID != c.want.ID {
			t.Errorf("search %q: %+v %v", c.typed, hits, err)
		}
	}
	got, err := s.Get(iran.ID)
	if err != nil || got.Title != "وزارت امور خارجه ایران" {
		t.Errorf("the record's text changed: %q %v", got.Title, err)
	}
	if hits, _ := s.Search(ctx, "ايرانی", 10); len(hits) != 0 {
		t.Errorf("a longer word found %d records", len(hits))
	}
}

// A workspace indexed before search folded its text is re-indexed once, on
// its first writing open.
func TestAnOlderIndexIsFoldedOnUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "older.convenor")
	s, err := Create(path, "older")
	if err != nil {
		t.Fatal(err)
	}
	r := minimal(t, s, data.Actor, "ايران") // Arabic yeh, as a wire would bring it
	// As the older format indexed it: the text as written, unfolded.
	if _, err := s.db.Exec("UPDATE search SET title = 'ايران' WHERE rowid = (SELECT seq FROM records WHERE id = ?)", r.ID); err != nil {
		t.Fatal(err)
	}
	downgrade(t, s, 10)
	if hits, _ := s.Search(ctx, "ایران", 10); len(hits) != 0 {
		t.Fatalf("the unfolded index already finds it, so this test proves nothing")
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if hits, err := s.Search(ctx, "ایران", 10); err != nil || len(hits) != 1 {
		t.Errorf("after the upgrade: %+v %v", hits, err)
	}
}
