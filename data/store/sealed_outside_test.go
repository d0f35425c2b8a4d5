package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

const pass = "correct horse battery"

// Each attack on a sealed file: with the key unknown, the attacker can
// still move, keep and delete sealed rows. Before records were bound to
// the entry that wrote them, each of these unsealed without complaint.
func TestUnlockRefusesSealedRowsPutBackOrRemoved(t *testing.T) {
	ctx := context.Background()
	attacks := []struct{ name, sql, want string }{
		{"an older copy of a record put back", "UPDATE vault SET blob = (SELECT blob FROM old) WHERE id = (SELECT id FROM old)", "not the version its audit trail last wrote"},
		{"a record's sealed row deleted", "DELETE FROM vault WHERE id = (SELECT id FROM old)", "missing from the file"},
		{"the last entry of the sealed trail cut", "DELETE FROM vault_audit WHERE seq = (SELECT max(seq) FROM vault_audit)", "not the version its audit trail last wrote"},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sealed.convenor")
			s, err := store.CreateFilled(path, demo.Name, pass, func(s *store.Store) error { return demo.Fill(s, time.Now()) })
			if err != nil {
				t.Fatal(err)
			}
			actors, err := s.List(ctx, data.Query{Kind: data.Actor, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			id := actors[0].ID
			s.Close()
			raw, err := sql.Open("sqlite3", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec("CREATE TABLE old AS SELECT id, blob FROM vault WHERE id = ?", id); err != nil {
				t.Fatal(err)
			}
			// A legitimate edit of the record after the copy was kept.
			if s, err = store.OpenSealed(ctx, path, pass); err != nil {
				t.Fatal(err)
			}
			r, err := s.Get(id)
			if err != nil {
				t.Fatal(err)
			}
			r.Title += " (edited)"
			if err := s.Update(r); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if _, err := raw.Exec(a.sql); err != nil {
				t.Fatal(err)
			}
			if _, err := store.OpenSealedReadOnly(ctx, path, pass); err == nil || !strings.Contains(err.Error(), a.want) || !strings.Contains(err.Error(), id) {
				t.Errorf("unlock after the attack: %v", err)
			}
		})
	}
}

// A record's older sealed row put back under an unlock image taken after
// the record's last write is not read by unlocking (the image holds the
// record), so verify unseals every row and names it.
func TestVerifyCatchesASealedRowPutBackBehindTheImage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s, err := store.CreateSealed(path, "desk", pass)
	if err != nil {
		t.Fatal(err)
	}
	a := demo.SyntheticSignal(0)
	if err := s.Insert(a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("CREATE TABLE old AS SELECT id, blob FROM vault WHERE id = ?", a.ID); err != nil {
		t.Fatal(err)
	}
	if s, err = store.OpenSealed(ctx, path, pass); err != nil {
		t.Fatal(err)
	}
	a.Title += " (edited)"
	if err := s.Update(a); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 300; i++ { // enough for closing to write an image
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if _, err := raw.Exec("UPDATE vault SET blob = (SELECT blob FROM old) WHERE id = ?", a.ID); err != nil {
		t.Fatal(err)
	}
	r, err := store.OpenSealedReadOnly(ctx, path, pass)
	if err != nil {
		t.Fatalf("the image hides the row, so unlocking works: %v", err)
	}
	defer r.Close()
	rep, err := r.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Intact || len(rep.Changed) != 1 || !strings.Contains(rep.Changed[0], a.ID) {
		t.Errorf("verify: %s", rep)
	}
}
