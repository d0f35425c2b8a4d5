package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

// everything is what an unlocked workspace holds, as text to compare:
// every record with its links, the whole trail, the name, a search.
func everything(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, k := range data.Kinds {
		page, err := s.List(context.Background(), data.Query{Kind: k, Limit: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			r, err := s.Get(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			j, _ := json.Marshal(r)
			fmt.Fprintf(&b, "%s\n", j)
		}
	}
	trail, err := s.AuditLog(context.Background(), 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range trail {
		fmt.Fprintf(&b, "%+v\n", e)
	}
	hits, err := s.Search(context.Background(), "signal", 1000)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "name %q, %d hits %v, chain %+v\n", s.Meta("name"), len(hits), hits, mustChain(t, s))
	return b.String()
}

func mustChain(t *testing.T, s *Store) data.ChainReport {
	t.Helper()
	rep, err := s.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func imageUpto(t *testing.T, path string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite3", dsn(path, "ro"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var raw string
	if err := db.QueryRow("SELECT value FROM meta WHERE key = ?", metaImage).Scan(&raw); err == sql.ErrNoRows {
		return 0
	} else if err != nil {
		t.Fatal(err)
	}
	var m imageMeta
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	return m.Upto
}

// An unlock from the image and the changes since must give exactly what
// unsealing every record gives, whatever was written after the image.
func TestUnlockingFromTheImageGivesWhatEveryRecordGives(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	s, err := CreateFilled(path, demo.Name, "correct horse battery", func(s *Store) error { return demo.Fill(s, now) })
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = OpenSealed(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < imageEvery; i++ {
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	first := imageUpto(t, path)
	if first == 0 {
		t.Fatal("closing after many writes wrote no unlock image")
	}

	// A few changes after the image: an edit, a delete that unlinks
	// others, a new record, a new name.
	s, err = OpenSealed(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if s.file.(*vaultFile).imageUpto != first {
		t.Fatalf("the unlock did not start from the image (entry %d)", first)
	}
	actors, err := s.List(context.Background(), data.Query{Kind: data.KindByName("actor"), Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := s.Get(actors[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	edited.Title += " (edited after the image)"
	if err := s.Update(edited); err != nil {
		t.Fatal(err)
	}
	signals, err := s.List(context.Background(), data.Query{Kind: data.KindByName("signal"), Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteWithDependants([]string{actors[1].ID, signals[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.Insert(demo.SyntheticSignal(10_000)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta("name", "Renamed after the image"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := imageUpto(t, path); got != first {
		t.Fatalf("a few writes rewrote the image (%d → %d)", first, got)
	}

	fromImage, err := OpenSealedReadOnly(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if fromImage.file.(*vaultFile).imageUpto != first {
		t.Fatal("the read-only unlock did not use the image")
	}
	want := everything(t, fromImage)
	fromImage.Close()
	if !strings.Contains(want, "(edited after the image)") || !strings.Contains(want, "Renamed after the image") {
		t.Fatal("changes made after the image are missing")
	}

	// The same file with its image damaged, then removed: every record
	// is read one by one, and the workspace is the same.
	for _, spoil := range []string{
		// Byte 101 changed, whatever it was (a zero written over a zero,
		// one run in 256, would change nothing).
		"UPDATE vault_image SET blob = substr(blob, 1, 100) || CASE WHEN substr(blob, 101, 1) = x'00' THEN x'01' ELSE x'00' END || substr(blob, 102) WHERE part = 0",
		"DELETE FROM vault_image",
	} {
		raw, err := sql.Open("sqlite3", dsn(path, "rw"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(spoil); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		full, err := OpenSealedReadOnly(context.Background(), path, "correct horse battery")
		if err != nil {
			t.Fatalf("after %q: %v", spoil, err)
		}
		if full.file.(*vaultFile).imageUpto != 0 {
			t.Fatalf("after %q the image was still used", spoil)
		}
		if got := everything(t, full); got != want {
			t.Errorf("after %q the workspace differs from the one unlocked from its image", spoil)
		}
		full.Close()
	}
}

// A new passphrase re-seals everything under a new key: the old image,
// unreadable under it, goes, and the next close writes one that opens.
func TestANewPassphraseReplacesTheImage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s, err := CreateSealed(path, "Desk", "first passphrase")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < imageEvery; i++ {
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if imageUpto(t, path) == 0 {
		t.Fatal("no image written")
	}
	s, err = OpenSealed(context.Background(), path, "first passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassphrase("first passphrase", "second passphrase"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT count(*) FROM vault.vault_image"); n != 0 {
		t.Fatalf("%d parts of the old image left after re-keying", n)
	}
	s.Close()
	again, err := OpenSealedReadOnly(context.Background(), path, "second passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.file.(*vaultFile).imageUpto == 0 {
		t.Error("closing after re-keying wrote no new image")
	}
	if n, _ := again.Count(context.Background(), data.Query{Kind: data.KindByName("signal")}); n != imageEvery {
		t.Errorf("%d signals after re-keying, want %d", n, imageEvery)
	}
}
