package store

import (
	"context"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

func TestAuditChainCatchesAHandEditedRow(t *testing.T) {
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(context.Background())
	if err != nil || !rep.Intact || rep.Entries < 50 || len(rep.Head) != 64 {
		t.Fatalf("fresh demo: %+v %v", rep, err)
	}

	// Someone edits entry 12 with a plain SQLite tool.
	if _, err := s.db.Exec("UPDATE audit SET user = 'someone else' WHERE seq = 12"); err != nil {
		t.Fatal(err)
	}
	rep, _ = s.Verify(context.Background())
	if rep.Intact || rep.BrokenAt != 12 || rep.Entries != 11 || !strings.Contains(rep.String(), "broken at entry 12") {
		t.Fatalf("edited row: %+v", rep)
	}
	s.db.Exec("UPDATE audit SET user = (SELECT user FROM audit WHERE seq = 11) WHERE seq = 12")
	if rep, _ = s.Verify(context.Background()); !rep.Intact {
		t.Fatalf("restored row: %+v", rep)
	}

	// ... or deletes entry 30 ...
	s.db.Exec("DELETE FROM audit WHERE seq = 30")
	if rep, _ = s.Verify(context.Background()); rep.Intact || rep.BrokenAt != 30 || !strings.Contains(rep.Problem, "missing") {
		t.Fatalf("deleted row: %+v", rep)
	}
	// ... or rewrites a hash to match its own edit: the next entry breaks.
	s.db.Exec("UPDATE audit SET hash = 'f00' WHERE seq = 40")
	if rep, _ = s.Verify(context.Background()); rep.BrokenAt != 30 {
		t.Fatalf("first break is reported: %+v", rep)
	}
}

func TestChainIsBuiltForEntriesWrittenBeforeIt(t *testing.T) {
	s := newStore(t)
	minimal(t, s, data.Actor, "Pakistan")
	minimal(t, s, data.Actor, "Iran")
	// As a format-3 file had them: no hashes.
	s.db.Exec("UPDATE audit SET hash = '', state = ''") // nor states
	if rep, _ := s.Verify(context.Background()); rep.Intact {
		t.Fatal("entries without hashes pass")
	}
	tx, _ := s.db.Begin()
	if err := chainAudit(tx); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	minimal(t, s, data.Actor, "Israel") // new entries continue the chain
	if rep, _ := s.Verify(context.Background()); !rep.Intact || rep.Entries != 3 || rep.Unchecked != 2 {
		t.Fatalf("after chaining: %+v", rep)
	}
}
