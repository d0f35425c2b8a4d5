package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/vault"
)

// secrets are texts of the demo that must never appear in a sealed file.
var secrets = []string{"Islamabad", "Pakistan", "Tehran", "envoy", "ایران", "ישראל", "Lahore", "Pakistani envoy", "DEMO —", "back-channel", "cleric"}

func leaks(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, s := range secrets {
		if bytes.Contains(b, []byte(s)) || bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(s))) {
			found = append(found, s)
		}
	}
	return found
}

func TestSealedWorkspaceRevealsNoRecordText(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.convenor")
	s, err := CreateSealed(path, "Desk workspace", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	// Working as usual while open: lists, links, full-text search, audit chain.
	if h, _ := s.Search(context.Background(), "Islamabad conference", 5); len(h) == 0 {
		t.Error("search finds nothing in a sealed workspace")
	}
	eng, _ := s.List(context.Background(), data.Query{Kind: data.Engagement, Text: "Islamabad conference"})
	full, _ := s.Get(eng[0].ID)
	if len(full.Links("participants")) < 4 {
		t.Errorf("participants: %v", full.Links("participants"))
	}
	edited := full.Clone()
	edited.Title = "Invitation-only conference in Islamabad (moved)"
	if err := s.Update(edited); err != nil {
		t.Fatal(err)
	}
	if rep, _ := s.Verify(context.Background()); !rep.Intact {
		t.Fatalf("chain: %v", rep)
	}
	backup, err := s.BackupNow(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	// The file and its write-ahead log, while open, and the backup.
	for _, p := range []string{path, path + "-wal", backup} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if l := leaks(t, p); len(l) > 0 {
			t.Errorf("%s reveals %v", filepath.Base(p), l)
		}
	}
	// The in-memory database must really be in memory: no stray files here
	// or in the working directory.
	for _, dir := range []string{dir, "."} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "file:") || strings.HasPrefix(e.Name(), "convenor-") {
				t.Errorf("stray file %s in %s", e.Name(), dir)
			}
		}
	}
	counts, _ := s.Counts(context.Background())
	s.Close()
	if l := leaks(t, path); len(l) > 0 {
		t.Errorf("closed file reveals %v", l)
	}

	// Wrong passphrase: refused, file untouched.
	before := fileHash(t, path)
	if _, err := OpenSealed(context.Background(), path, "wrong horse battery"); !errors.Is(err, data.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := Open(context.Background(), path); !errors.Is(err, data.ErrNeedsPassphrase) {
		t.Fatalf("without a passphrase: %v", err)
	}
	if fileHash(t, path) != before {
		t.Error("a refused open changed the file")
	}

	// The right one brings everything back.
	s, err = OpenSealed(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := s.Counts(context.Background())
	for k, n := range counts {
		if again[k] != n {
			t.Errorf("%s: %d after reopening, %d before", k, again[k], n)
		}
	}
	if got, _ := s.Get(eng[0].ID); got.Title != edited.Title || len(got.Links("participants")) != len(full.Links("participants")) {
		t.Errorf("reopened engagement: %q", got.Title)
	}
	if s.Meta("name") != demo.Name && s.Meta("name") != "Desk workspace" {
		t.Errorf("name: %q", s.Meta("name"))
	}
	if rep, _ := s.Verify(context.Background()); !rep.Intact {
		t.Fatalf("chain after reopening: %v", rep)
	}

	// A new passphrase: the old one stops working, the new one opens it.
	if err := s.ChangePassphrase("not the old one", "new passphrase here"); err == nil {
		t.Error("passphrase changed without the old one")
	}
	oldMeta, _ := readSealMeta(s.db, "vault")
	oldKey, _ := oldMeta.dataKey("correct horse battery")
	if err := s.ChangePassphrase("correct horse battery", "new passphrase here"); err != nil {
		t.Fatal(err)
	}
	// Re-keyed: the old data key opens none of what is in the file now.
	var blob []byte
	s.db.QueryRow("SELECT blob FROM vault.vault WHERE id = ?", eng[0].ID).Scan(&blob)
	if _, err := vault.Unseal(oldKey, blob, eng[0].ID); err == nil {
		t.Error("the old data key still opens records after the change")
	}
	if rep, _ := s.Verify(context.Background()); !rep.Intact {
		t.Errorf("chain after re-keying: %v", rep)
	}
	if n := count(t, s, "SELECT count(*) FROM audit WHERE action = 'workspace' AND title LIKE 'passphrase changed%'"); n != 1 {
		t.Errorf("%d audit entries for the passphrase change", n)
	}
	s.Close()
	if _, err := OpenSealed(context.Background(), path, "correct horse battery"); !errors.Is(err, data.ErrWrongPassphrase) {
		t.Errorf("old passphrase after the change: %v", err)
	}
	s, err = OpenSealed(context.Background(), path, "new passphrase here")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Counts(context.Background()); got["actor"] != counts["actor"] || got["engagement"] != counts["engagement"] {
		t.Errorf("after re-keying: %v", got)
	}
	if rep, _ := s.Verify(context.Background()); !rep.Intact {
		t.Errorf("chain after reopening a re-keyed file: %v", rep)
	}
	s.Close()

	// The backup is a sealed workspace too.
	b, err := OpenSealed(context.Background(), backup, "correct horse battery")
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if n, _ := b.Count(context.Background(), data.Query{Kind: data.Actor}); n != counts["actor"] {
		t.Errorf("backup actors: %d", n)
	}
	b.Close()
}

func TestGivingAPlainWorkspaceAPassphrase(t *testing.T) {
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	plainBackup, _ := s.BackupNow(context.Background(), 5)
	counts, _ := s.Counts(context.Background())
	rep, _ := s.Verify(context.Background())
	s.Close()
	if l := leaks(t, path); len(l) == 0 {
		t.Fatal("the plain file should show its text (test is blind)")
	}
	removed, err := SealWorkspace(context.Background(), path, "a long enough passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || removed[0] != plainBackup || fileExists(plainBackup) {
		t.Errorf("plain backups left: removed %v", removed)
	}
	for _, p := range []string{path, path + "-wal"} {
		if fileExists(p) {
			if l := leaks(t, p); len(l) > 0 {
				t.Errorf("%s reveals %v after sealing", filepath.Base(p), l)
			}
		}
	}
	sealed, err := OpenSealed(context.Background(), path, "a long enough passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer sealed.Close()
	again, _ := sealed.Counts(context.Background())
	for k, n := range counts {
		if again[k] != n {
			t.Errorf("%s: %d after sealing, %d before", k, again[k], n)
		}
	}
	// The old chain is carried over whole, then sealing itself is audited.
	var oldHead string
	sealed.db.QueryRow("SELECT hash FROM audit WHERE seq = ?", rep.Entries).Scan(&oldHead)
	if r2, _ := sealed.Verify(context.Background()); !r2.Intact || oldHead != rep.Head || r2.Entries != rep.Entries+1 {
		t.Errorf("audit chain after sealing: %v (head was %s)", r2, rep.Head)
	}
}

func TestAPassphraseMustBeLongEnough(t *testing.T) {
	if _, err := CreateSealed(filepath.Join(t.TempDir(), "x.convenor"), "x", "short"); err == nil {
		t.Error("a 5-character passphrase accepted")
	}
}

func TestRestoringASealedWorkspaceIsInItsTrailOnceUnlocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.convenor")
	s, err := CreateSealed(path, "Desk", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	minimal(t, s, data.Actor, "Pakistan")
	backup, err := s.BackupNow(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	minimal(t, s, data.Actor, "Iran")
	s.Close()
	aside, err := Restore(context.Background(), path, backup) // no passphrase needed to restore
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenSealed(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, _ := r.Count(context.Background(), data.Query{Kind: data.Actor}); n != 1 {
		t.Errorf("%d actors after restoring, want the backup's 1", n)
	}
	wantRestoreEntry(t, r, backup, aside)
	if rep, _ := r.Verify(context.Background()); !rep.Intact {
		t.Errorf("chain after the restore entry: %v", rep)
	}
}

// FuzzUnsealRecord: a vault blob changed outside Convenor is refused.
func FuzzUnsealRecord(f *testing.F) {
	key := make([]byte, 32)
	good, _ := vault.Seal(key, []byte(`{"id":"x","kind":"actor","title":"Iran","values":{"actor_type":"state"}}`), "x")
	f.Add(good)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, blob []byte) {
		plain, err := vault.Unseal(key, blob, "x")
		if err != nil {
			return
		}
		var sr sealedRecord
		if json.Unmarshal(plain, &sr) == nil {
			fromSealed(sr)
		}
	})
}
