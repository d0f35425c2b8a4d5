package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

func TestBackupRotateAndRestore(t *testing.T) {
	s := newStore(t)
	path := s.Path()
	minimal(t, s, data.Actor, "Pakistan")
	first, err := s.BackupNow(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	minimal(t, s, data.Actor, "Iran") // after the backup
	clock := time.Now()
	for i := 0; i < 4; i++ {
		clock = clock.Add(time.Second)
		s.Now = func() time.Time { return clock }
		if _, err := s.BackupNow(context.Background(), 3); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := Backups(context.Background(), path)
	if len(list) != 3 {
		t.Fatalf("%d backups kept, want 3", len(list))
	}
	if fileExists(first) {
		t.Error("the oldest backup was not rotated out")
	}
	// A backup is a workspace on its own, and passes the checks.
	b, err := Open(context.Background(), list[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := b.Count(context.Background(), data.Query{Kind: data.Actor}); n != 2 {
		t.Errorf("newest backup has %d actors", n)
	}
	b.Close()

	// Restore needs the workspace closed.
	if _, err := Restore(context.Background(), path, list[2].Path); !errors.Is(err, data.ErrInUse) {
		t.Fatalf("restore over an open workspace: %v", err)
	}
	minimal(t, s, data.Actor, "Israel")
	s.Close()
	aside, err := Restore(context.Background(), path, list[2].Path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, _ := r.Count(context.Background(), data.Query{Kind: data.Actor}); n != 2 {
		t.Errorf("restored workspace has %d actors, want the backup's 2", n)
	}
	// The file that was replaced is kept, with everything in it.
	kept, err := Open(context.Background(), aside)
	if err != nil {
		t.Fatalf("kept-aside file: %v", err)
	}
	if n, _ := kept.Count(context.Background(), data.Query{Kind: data.Actor}); n != 3 {
		t.Errorf("kept-aside file has %d actors, want 3", n)
	}
	kept.Close()
	if rep, _ := r.Verify(context.Background()); !rep.Intact {
		t.Errorf("restored audit chain: %v", rep)
	}
	wantRestoreEntry(t, r, list[2].Path, aside)
	r.Close()
	if r, err = Open(context.Background(), path); err != nil { // a second open adds no second entry
		t.Fatal(err)
	}
	if log, _ := r.AuditLog(context.Background(), 0, 2); len(log) == 2 && log[1].Title == "restored from a backup" {
		t.Error("the restore was written into the trail twice")
	}

	// Restoring from something that is not a backup changes nothing.
	junk := filepath.Join(t.TempDir(), "junk.convenor")
	os.WriteFile(junk, []byte("not a backup"), 0o600)
	r.Close()
	before := fileHash(t, path)
	if _, err := Restore(context.Background(), path, junk); err == nil {
		t.Error("restored from a text file")
	}
	if fileHash(t, path) != before {
		t.Error("a refused restore changed the workspace")
	}
}

func TestOnlyOneWriterAndReadersMayLook(t *testing.T) {
	s := newStore(t)
	minimal(t, s, data.Actor, "Pakistan")
	if _, err := Open(context.Background(), s.Path()); !errors.Is(err, data.ErrInUse) {
		t.Fatalf("second writer: %v", err)
	}
	ro, err := OpenReadOnly(context.Background(), s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if n, _ := ro.Count(context.Background(), data.Query{Kind: data.Actor}); n != 1 {
		t.Errorf("reader sees %d actors", n)
	}
	r := data.NewRecord(data.Actor)
	r.Title = "Iran"
	r.Values["actor_type"] = "state"
	if err := ro.Insert(r); err == nil {
		t.Error("a read-only store wrote")
	}
	s.Close()
	again, err := Open(context.Background(), s.Path())
	if err != nil {
		t.Fatalf("after the writer closed: %v", err)
	}
	again.Close()
}

func TestIntegrityCheckFindsDamage(t *testing.T) {
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	if p, err := s.IntegrityCheck(context.Background()); err != nil || len(p) != 0 {
		t.Fatalf("sound file: %v %v", p, err)
	}
	// A dangling reference, written past the foreign keys.
	s.db.Exec("PRAGMA foreign_keys = OFF")
	s.db.Exec("UPDATE actor SET affiliation = 'gone' WHERE affiliation IS NOT NULL")
	if p, _ := s.IntegrityCheck(context.Background()); len(p) == 0 {
		t.Error("dangling references not found")
	}
}

func TestBackupsInTheSameSecondListNewestFirst(t *testing.T) {
	s := newStore(t)
	at := time.Date(2026, 11, 25, 21, 59, 6, 0, time.UTC)
	s.Now = func() time.Time { return at }
	var made []string
	for i := 0; i < 3; i++ {
		p, err := s.BackupNow(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, p)
	}
	list, _ := Backups(context.Background(), s.Path())
	for i, b := range list {
		if b.Path != made[len(made)-1-i] {
			t.Fatalf("backup %d is %s, want %s", i, filepath.Base(b.Path), filepath.Base(made[len(made)-1-i]))
		}
	}
}

// wantRestoreEntry checks that the newest audit entry says which backup
// came back and where the file it replaced is kept.
func wantRestoreEntry(t *testing.T, s *Store, backup, aside string) {
	t.Helper()
	log, err := s.AuditLog(context.Background(), 0, 1)
	if err != nil || len(log) != 1 {
		t.Fatalf("audit log: %v %v", log, err)
	}
	e := log[0]
	got := map[string]string{}
	for _, c := range e.Changes {
		got[c.Field] = c.After
	}
	if e.Action != "workspace" || e.Title != "restored from a backup" || got["Backup"] != backup || got["Replaced file kept as"] != aside {
		t.Errorf("restore not in the audit trail: %s %q %v", e.Action, e.Title, got)
	}
}

func TestLatestGoodBackupPassesOverADamagedOne(t *testing.T) {
	s := newStore(t)
	minimal(t, s, data.Actor, "Pakistan")
	older, err := s.BackupNow(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now().Add(2 * time.Second)
	s.Now = func() time.Time { return clock }
	newest, err := s.BackupNow(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := LatestGoodBackup(context.Background(), s.Path()); !ok || b.Path != newest {
		t.Fatalf("latest good backup %v %v, want %s", b.Path, ok, newest)
	}
	// Scribble over the newest backup's pages after the header.
	f, err := os.OpenFile(newest, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := f.Stat()
	junk := make([]byte, info.Size()-4096)
	for i := range junk {
		junk[i] = 0xA5
	}
	f.WriteAt(junk, 4096)
	f.Close()
	if b, ok := LatestGoodBackup(context.Background(), s.Path()); !ok || b.Path != older {
		t.Errorf("latest good backup %v %v, want the older %s", b.Path, ok, older)
	}
}
