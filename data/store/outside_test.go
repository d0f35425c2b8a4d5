package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/anchor"
	"convenor/data/demo"
	"convenor/data/store"
)

// Each attack is what someone with sqlite3 and the file could do to a
// closed workspace. Before records were bound to the trail, every one of
// them passed verify.
func TestVerifyNamesRecordsChangedOutsideTheApp(t *testing.T) {
	ctx := context.Background()
	attacks := []struct {
		name, sql string
		want      func(data.ChainReport) bool
	}{
		{"a RED record's label lowered to CLEAR",
			`UPDATE records SET tlp = 'TLP:CLEAR' WHERE id = (SELECT id FROM records WHERE tlp = 'TLP:RED' LIMIT 1)`,
			func(r data.ChainReport) bool { return len(r.Changed) == 1 }},
		{"an engagement's venue changed",
			`UPDATE engagement SET venue = 'Doha' WHERE id = (SELECT id FROM engagement WHERE venue <> 'Doha' LIMIT 1)`,
			func(r data.ChainReport) bool {
				return len(r.Changed) == 1 && strings.HasPrefix(r.Changed[0], "Engagement")
			}},
		{"a title changed",
			`UPDATE records SET title = title || ' (edited)' WHERE kind = 'actor' AND rowid = (SELECT min(rowid) FROM records WHERE kind = 'actor')`,
			func(r data.ChainReport) bool {
				return len(r.Changed) == 1 && strings.Contains(r.Changed[0], "(edited)")
			}},
		{"a participant linked",
			`INSERT INTO links(from_id, field, position, to_id, role)
			 SELECT e.id, 'participants', 99, (SELECT id FROM actor LIMIT 1), 'observer' FROM engagement e LIMIT 1`,
			func(r data.ChainReport) bool { return len(r.Changed) == 1 }},
		{"a follow-up marked done",
			`UPDATE follow_ups SET status = 'done' WHERE rowid = (SELECT min(rowid) FROM follow_ups WHERE status <> 'done')`,
			func(r data.ChainReport) bool { return len(r.Changed) == 1 }},
		{"a signal deleted",
			`DELETE FROM records WHERE id = (SELECT id FROM signal LIMIT 1)`,
			func(r data.ChainReport) bool { return len(r.Missing) == 1 && strings.HasPrefix(r.Missing[0], "Signal") }},
		{"a risk added",
			`INSERT INTO records(id, kind, title, tlp, created_at, created_by, updated_at, updated_by)
			 VALUES ('11111111-2222-3333-4444-555555555555', 'risk', 'Planted risk', 'TLP:CLEAR', '2026-01-01T00:00:00.000Z', 'x', '2026-01-01T00:00:00.000Z', 'x');
			 INSERT INTO risk(id, category, likelihood, impact) VALUES ('11111111-2222-3333-4444-555555555555', 'other', 1, 1)`,
			func(r data.ChainReport) bool {
				return len(r.Unrecorded) == 1 && strings.Contains(r.Unrecorded[0], "Planted risk")
			}},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "desk.convenor")
			s, err := store.CreateFilled(path, demo.Name, "", func(s *store.Store) error { return demo.Fill(s, time.Now()) })
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := s.Verify(ctx); err != nil || !rep.Intact || rep.Unchecked != 0 || rep.Records == 0 {
				t.Fatalf("before the attack: %+v, %v", rep, err)
			}
			s.Close()
			raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=0")
			if err != nil {
				t.Fatal(err)
			}
			res, err := raw.Exec(a.sql)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				t.Fatal("the attack changed nothing")
			}
			raw.Close()
			s, err = store.OpenReadOnly(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rep, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Intact || !a.want(rep) {
				t.Errorf("verify after the attack: %s", rep)
			}
			if !strings.Contains(rep.String(), "changed outside Convenor") {
				t.Errorf("the report does not say so: %s", rep)
			}
		})
	}
}

// Ordinary work leaves every record matching its trail: edits, a delete
// that unlinks others, an undo, and renaming a record others link to
// (their content holds the link, not the title).
func TestOrdinaryWorkKeepsRecordsMatchingTheirTrail(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.convenor")
	s, err := store.CreateFilled(path, demo.Name, "", func(s *store.Store) error { return demo.Fill(s, time.Now()) })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	actors, err := s.List(ctx, data.Query{Kind: data.Actor, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actors[:2] {
		r, err := s.Get(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		r.Title += " (renamed)"
		if err := s.Update(r); err != nil {
			t.Fatal(err)
		}
	}
	edits, err := s.DeleteWithDependants([]string{actors[2].ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Undo(edits...); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteWithDependants([]string{actors[3].ID}); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.Intact || rep.Unchecked != 0 {
		t.Errorf("after ordinary work: %s (%v)", rep, err)
	}
}

// A trail rewritten so that it checks out is still caught against the head
// this machine saw last, kept outside the file: a cut tail, an older copy
// of the whole file put back. Each is said once, and never refuses.
func TestTheAnchorCatchesACutTailAndAnOlderCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	book, err := anchor.Load(filepath.Join(dir, "data", "anchors.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "desk.convenor")
	s, err := store.CreateFilled(path, demo.Name, "", func(s *store.Store) error { return demo.Fill(s, time.Now()) })
	if err != nil {
		t.Fatal(err)
	}
	check := func(want anchor.Standing) anchor.Finding {
		t.Helper()
		f, checked, err := s.CheckAnchor(ctx, book)
		if err != nil || !checked || f.Standing != want {
			t.Fatalf("standing %v (checked %v, %v), want %v: %s", f.Standing, checked, err, want, f)
		}
		return f
	}
	check(anchor.Unseen)
	check(anchor.Same)
	older, err := s.BackupNow(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	check(anchor.Ahead)
	s.Close()

	// The last two entries and what they wrote, cut with sqlite3: the
	// chain still checks out.
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM records WHERE id IN (SELECT record_id FROM audit ORDER BY seq DESC LIMIT 2);
		DELETE FROM audit WHERE seq > (SELECT max(seq) - 2 FROM audit)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if s, err = store.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.Intact {
		t.Fatalf("the cut file does not verify by itself, so this test proves nothing: %s %v", rep, err)
	}
	f := check(anchor.Behind)
	if !strings.Contains(f.String(), "shorter") {
		t.Errorf("the warning: %s", f)
	}
	check(anchor.Same) // said once
	s.Close()

	// An older copy of the whole file put back, then written to: another
	// entry where the head last seen was.
	b, err := os.ReadFile(older)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(path + "-wal")
	if s, err = store.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := 10; i < 14; i++ {
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	if f := check(anchor.Diverged); !strings.Contains(f.String(), "not the one this machine last saw") {
		t.Errorf("the warning: %s", f)
	}
}

// Each backup carries the head its trail had when it was taken. A backup
// as it was taken is said to be one, on any machine, without moving the
// head this machine saw back to it; one whose tail was cut since is
// warned of even where nothing was seen before; a restore names where the
// backup's trail ended.
func TestTheHeadWrittenIntoABackupCatchesItsCutTail(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	book, err := anchor.Load(filepath.Join(dir, "data", "anchors.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "desk.convenor")
	s, err := store.CreateFilled(path, demo.Name, "", func(s *store.Store) error { return demo.Fill(s, time.Now()) })
	if err != nil {
		t.Fatal(err)
	}
	backup, err := s.BackupNow(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	taken, _ := s.Head(ctx)
	for i := 0; i < 3; i++ {
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.CheckAnchor(ctx, book); err != nil {
		t.Fatal(err)
	}
	id := s.ID()
	seen := book.Heads[id]
	s.Close()

	checkBackup := func(book *anchor.Book, want anchor.Standing) anchor.Finding {
		t.Helper()
		b, err := store.OpenReadOnly(ctx, backup)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		f, checked, err := b.CheckAnchor(ctx, book)
		if err != nil || !checked || !f.Backup || f.Standing != want {
			t.Fatalf("standing %v (backup %v, checked %v, %v), want %v: %s", f.Standing, f.Backup, checked, err, want, f)
		}
		return f
	}
	if f := checkBackup(book, anchor.Same); f.Last.Seq != taken.Seq || f.Last.Hash != taken.Hash || !strings.Contains(f.String(), "is a backup taken on") {
		t.Errorf("the backup as taken: %s", f)
	}
	if book.Heads[id] != seen {
		t.Errorf("checking a backup moved the head seen from %v to %v", seen, book.Heads[id])
	}

	raw, err := sql.Open("sqlite3", "file:"+backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM records WHERE id IN (SELECT record_id FROM audit ORDER BY seq DESC LIMIT 2);
		DELETE FROM audit WHERE seq > (SELECT max(seq) - 2 FROM audit)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	fresh, err := anchor.Load(filepath.Join(dir, "elsewhere", "anchors.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []*anchor.Book{fresh, fresh, book} { // every time, on any machine
		if f := checkBackup(b, anchor.Behind); !strings.Contains(f.String(), "cut after the backup was taken") {
			t.Errorf("the warning: %s", f)
		}
	}

	// A sound backup restored: the restore says where its trail ended.
	second, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	backup, err = second.BackupNow(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	taken, _ = second.Head(ctx)
	second.Close()
	if _, err := store.Restore(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	r, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	log, err := r.AuditLog(ctx, 0, 1)
	if err != nil || len(log) != 1 {
		t.Fatal(log, err)
	}
	var ended string
	for _, c := range log[0].Changes {
		if c.Field == "Backup's trail ended at" {
			ended = c.After
		}
	}
	if ended != taken.String() {
		t.Errorf("the restore entry says the backup ended at %q, want %q", ended, taken)
	}
}
