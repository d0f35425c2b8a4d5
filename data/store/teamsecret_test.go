package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"convenor/data/store"
)

// TestAChangedTeamSecretIsFoundByVerify: what a desk of a team workspace
// keeps sealed (its keys and credentials) opens only as written; a blob
// changed outside Convenor is refused when read and reported by verify;
// a plain workspace has none.
func TestAChangedTeamSecretIsFoundByVerify(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk ü.convenor")
	s, err := store.CreateSealed(path, "desk", pass)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Share("peace-talks"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTeamSecret("membership", []byte(`{"workspace":"peace-talks"}`), "joined"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.TeamSecret("membership"); err != nil || string(got) != `{"workspace":"peace-talks"}` {
		t.Fatalf("%s %v", got, err)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.Intact {
		t.Fatalf("%s %v", rep, err)
	}
	s.Close()
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE share_secrets SET blob = zeroblob(80) WHERE name = 'membership'"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s, err = store.OpenSealed(ctx, path, pass)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.TeamSecret("membership"); err == nil || !strings.Contains(err.Error(), "changed outside Convenor") {
		t.Fatalf("reading it: %v", err)
	}
	rep, err := s.Verify(ctx)
	if err != nil || rep.Intact || !strings.Contains(rep.String(), "the team workspace's membership") {
		t.Fatalf("%s %v", rep, err)
	}
	plain, err := store.Create(filepath.Join(t.TempDir(), "plain.convenor"), "plain")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if got, err := plain.TeamSecret("membership"); got != nil || err != nil {
		t.Fatalf("a plain workspace: %s %v", got, err)
	}
}
