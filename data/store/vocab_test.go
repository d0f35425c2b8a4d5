package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

// A new workspace starts with general lists, the demo with the article's.
func TestNewWorkspacesAndTheDemoHaveTheirOwnLists(t *testing.T) {
	cat := data.Risk.Field("category")
	s := newStore(t)
	if got := s.Vocabulary().Offered(data.Risk, cat); slices.Contains(got, "Iranian scepticism") || !slices.Contains(got, "a party's scepticism") {
		t.Errorf("a new workspace offers %q", got)
	}
	d, err := createDemo(filepath.Join(t.TempDir(), "demo.convenor"), "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := d.Vocabulary().Offered(data.Risk, cat); !slices.Contains(got, "Iranian scepticism") {
		t.Errorf("the demo offers %q", got)
	}
}

// Renaming a value renames every record holding it in one audited
// transaction that verify accepts; a retired value stays on its records,
// valid, and is no longer offered; a value outside the list is refused.
func TestVocabulariesAreTheWorkspacesOwn(t *testing.T) {
	ctx := context.Background()
	d, err := createDemo(filepath.Join(t.TempDir(), "demo.convenor"), "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cat := data.Risk.Field("category")
	held := func(value string) int {
		return count(t, d, "SELECT count(*) FROM risk WHERE category = ?", value)
	}
	before := held("Iranian scepticism")
	if before == 0 {
		t.Fatal("no demo risk holds the value renamed")
	}
	entries := count(t, d, "SELECT count(*) FROM audit")
	n, err := d.RenameInVocabulary(data.Risk, cat, "Iranian scepticism", "a party's scepticism")
	if err != nil || n != before {
		t.Fatalf("renamed %d records (want %d): %v", n, before, err)
	}
	if held("Iranian scepticism") != 0 || held("a party's scepticism") != before {
		t.Error("records not renamed")
	}
	if got := count(t, d, "SELECT count(*) FROM audit") - entries; got != before+1 {
		t.Errorf("%d audit entries for renaming %d records", got, before)
	}
	log, _ := d.AuditLog(ctx, 0, 1)
	if len(log) != 1 || !strings.Contains(log[0].Title, "“Iranian scepticism” renamed “a party's scepticism”") {
		t.Errorf("the trail says %+v", log)
	}
	if rep, err := d.Verify(ctx); err != nil || !rep.Intact {
		t.Errorf("verify after the rename: %s %v", rep, err)
	}

	if err := d.RetireFromVocabulary(data.Risk, cat, "leak"); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(d.Vocabulary().Offered(data.Risk, cat), "leak") {
		t.Error("a retired value is still offered")
	}
	leaks, err := d.List(ctx, data.Query{Kind: data.Risk, Text: "leak participants"})
	if err != nil || len(leaks) == 0 {
		t.Fatal(err)
	}
	r, _ := d.Get(leaks[0].ID)
	r.Title += " (reviewed)"
	if err := d.Update(r); err != nil {
		t.Errorf("a record holding a retired value cannot be saved: %v", err)
	}
	r.Values["category"] = "an invented category"
	if err := d.Update(r); err == nil || !strings.Contains(err.Error(), "must be one of this workspace's list") {
		t.Errorf("a value outside the list: %v", err)
	}
	if err := d.AddToVocabulary(data.Risk, cat, "an invented category"); err != nil {
		t.Fatal(err)
	}
	if err := d.Update(r); err != nil {
		t.Errorf("a value added to the list: %v", err)
	}
	if err := d.AddToVocabulary(data.Risk, cat, "Leak"); err != nil || !slices.Contains(d.Vocabulary().Offered(data.Risk, cat), "leak") {
		t.Errorf("adding a retired value offers it again: %v %q", err, d.Vocabulary().Offered(data.Risk, cat))
	}
}

// A sealed workspace keeps its lists sealed and reads them back; a
// workspace from before lists were its own offers the values its records
// hold.
func TestListsAreSealedAndOlderWorkspacesKeepTheirValues(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s, err := CreateFilled(path, demo.Name, "correct horse battery", func(s *Store) error { return demo.Fill(s, time.Now()) })
	if err != nil {
		t.Fatal(err)
	}
	cat := data.Risk.Field("category")
	if err := s.AddToVocabulary(data.Risk, cat, "Zanzibar spoilers"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("Zanzibar spoilers")) || bytes.Contains(raw, []byte("Iranian scepticism")) {
		t.Error("the sealed file holds its lists in plain text")
	}
	if s, err = OpenSealedReadOnly(ctx, path, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(s.Vocabulary().Offered(data.Risk, cat), "Zanzibar spoilers") {
		t.Error("the sealed lists were not read back")
	}
	s.Close()

	p := newStore(t)
	r := minimal(t, p, data.Risk, "An older risk")
	if _, err := p.db.Exec("UPDATE risk SET category = 'Iranian scepticism' WHERE id = ?", r.ID); err != nil {
		t.Fatal(err)
	}
	p.vocab.Store(nil) // as a workspace written before lists were its own is read
	if _, ok := p.Vocabulary().Holds(data.Risk, cat, "Iranian scepticism"); !ok {
		t.Error("an older workspace's value is not in its list")
	}
}

// What a relationship type means is the workspace's: a renamed value keeps
// its meaning, a new one is neutral until the desk says, a meaning set is
// audited and read back, and a workspace whose lists were written before
// meanings existed reads its starting words once.
func TestRelationshipTypesCarryTheirMeaning(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tones.convenor")
	s, err := Create(path, "Tones")
	if err != nil {
		t.Fatal(err)
	}
	k, f := data.Relationship, data.Relationship.Field("rel_type")
	tone := func(value string) data.Tone { return s.Vocabulary().Tone(k, f, value) }
	if tone("rivalry") != data.Mistrust || tone("alliance") != data.Trust || tone("other") != data.Neutral {
		t.Errorf("starting meanings: rivalry %s, alliance %s, other %s", tone("rivalry"), tone("alliance"), tone("other"))
	}
	if _, err := s.RenameInVocabulary(k, f, "rivalry", "strategic competition"); err != nil {
		t.Fatal(err)
	}
	if tone("strategic competition") != data.Mistrust {
		t.Errorf("a renamed value means %s", tone("strategic competition"))
	}
	if err := s.AddToVocabulary(k, f, "deterrence"); err != nil {
		t.Fatal(err)
	}
	if tone("deterrence") != data.Neutral {
		t.Errorf("a new value means %s", tone("deterrence"))
	}
	if err := s.SetToneInVocabulary(k, f, "deterrence", data.Mistrust); err != nil {
		t.Fatal(err)
	}
	if err := s.SetToneInVocabulary(k, f, "other", data.Neutral); err != nil {
		t.Fatal(err)
	}
	if err := s.SetToneInVocabulary(k, f, "no such value", data.Trust); err == nil {
		t.Error("a meaning for a value outside the list was taken")
	}
	if err := s.SetToneInVocabulary(data.Risk, data.Risk.Field("category"), "leak", data.Trust); err == nil {
		t.Error("a meaning for a list whose values carry none was taken")
	}
	log, _ := s.AuditLog(ctx, 0, 1)
	if len(log) != 1 || !strings.Contains(log[0].Title, "“other” means neutral") {
		t.Errorf("the trail says %+v", log)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if tone("deterrence") != data.Mistrust || tone("strategic competition") != data.Mistrust || tone("alliance") != data.Trust {
		t.Error("meanings were not read back")
	}

	// Lists as a workspace from before meanings wrote them.
	if _, err := s.db.Exec(`UPDATE meta SET value = '{"lists":{"relationship.rel_type":{"values":["alliance","feud"]}}}' WHERE key = 'vocabulary'`); err != nil {
		t.Fatal(err)
	}
	s.vocab.Store(nil)
	if tone("alliance") != data.Trust || tone("feud") != data.Neutral {
		t.Errorf("an older workspace's lists: alliance %s, feud %s", tone("alliance"), tone("feud"))
	}
}
