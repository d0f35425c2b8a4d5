package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/vault"
)

// A sealed file written before records were bound to their versions opens
// as it is read-only, and is bound, in one audited step, when first
// unlocked for writing; from then on a record put back older is refused.
func TestASealedFileOfTheOlderFormatIsBoundOnItsFirstWritingUnlock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s, err := CreateSealed(path, "desk", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	// As the older format sealed them: bound to the id alone, no marker.
	v := s.file.(*vaultFile)
	rows, err := collect(s.db, scanBlob, "SELECT id, blob FROM vault.vault")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range rows {
		var version int64
		s.db.QueryRow("SELECT max(seq) FROM main.audit WHERE record_id = ?", b.aad).Scan(&version)
		plain, err := vault.Unseal(v.key, b.blob, versionAAD(b.aad, version))
		if err != nil {
			t.Fatal(err)
		}
		old, _ := vault.Seal(v.key, plain, b.aad)
		if _, err := s.db.Exec("UPDATE vault.vault SET blob = ? WHERE id = ?", old, b.aad); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec("DELETE FROM vault.meta WHERE key = ?", metaBound); err != nil {
		t.Fatal(err)
	}
	s.Close()

	r, err := OpenSealedReadOnly(ctx, path, "correct horse battery")
	if err != nil {
		t.Fatalf("the older format read-only: %v", err)
	}
	if n, _ := r.Count(ctx, data.Query{Kind: data.Signal}); n != 5 {
		t.Errorf("%d signals", n)
	}
	r.Close()
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var id string
	var before []byte
	raw.QueryRow("SELECT id, blob FROM vault LIMIT 1").Scan(&id, &before)

	w, err := OpenSealed(ctx, path, "correct horse battery")
	if err != nil {
		t.Fatalf("the first writing unlock: %v", err)
	}
	log, _ := w.AuditLog(ctx, 0, 1)
	if len(log) != 1 || !strings.HasPrefix(log[0].Title, "sealed records bound") {
		t.Errorf("the binding is not in the trail: %+v", log)
	}
	if rep, err := w.Verify(ctx); err != nil || !rep.Intact {
		t.Errorf("after binding: %s %v", rep, err)
	}
	w.Close()
	if r, err = OpenSealedReadOnly(ctx, path, "correct horse battery"); err != nil {
		t.Fatalf("bound, read-only: %v", err)
	}
	r.Close()
	if _, err := raw.Exec("UPDATE vault SET blob = ? WHERE id = ?", before, id); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSealedReadOnly(ctx, path, "correct horse battery"); err == nil || !strings.Contains(err.Error(), "not the version") {
		t.Errorf("the unbound copy put back after binding: %v", err)
	}
}
