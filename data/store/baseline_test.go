package store

import (
	"context"
	"strings"
	"testing"

	"convenor/data"
)

// A workspace of the format before states were recorded is bound once, in
// one audited step, on its first writing open; a record planted outside
// afterwards is named by verify, never bound on a later open.
func TestAnOlderWorkspaceIsBoundOnceAndSaysWhatItCannotTell(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for _, title := range []string{"Pakistan", "Iran", "Israel"} {
		minimal(t, s, data.Actor, title)
	}
	// As format 8 left it: no states, no marker; its chain rebuilt as it was.
	for _, stmt := range []string{"UPDATE audit SET state = ''", "DELETE FROM meta WHERE key = '" + metaStates + "'"} {
		if _, err := s.db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	tx, _ := s.db.Begin()
	if err := chainAudit(tx); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	path := s.Path()
	if rep, _ := s.Verify(ctx); !rep.Intact || rep.Unchecked != 3 {
		t.Fatalf("the older file before the upgrade: %s", rep)
	}
	s.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.Intact || rep.Unchecked != 0 || rep.Records != 3 {
		t.Fatalf("after the upgrade: %s %v", rep, err)
	}
	log, _ := s.AuditLog(ctx, 0, 1)
	if len(log) != 1 || !strings.HasPrefix(log[0].Title, "3 records bound to the audit trail") || !strings.Contains(log[0].Title, "cannot be told") {
		t.Errorf("the step is not said in the trail: %+v", log)
	}
	if _, err := s.db.Exec(`INSERT INTO records(id, kind, title, tlp, created_at, created_by, updated_at, updated_by)
		VALUES ('planted', 'actor', 'Planted', 'TLP:CLEAR', '2026-01-01T00:00:00.000Z', 'x', '2026-01-01T00:00:00.000Z', 'x');
		INSERT INTO actor(id, actor_type) VALUES ('planted', 'person')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if rep, _ := s.Verify(ctx); rep.Intact || len(rep.Unrecorded) != 1 {
		t.Errorf("a record planted after the upgrade: %s", rep)
	}
}
