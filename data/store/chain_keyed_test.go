package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/anchor"
	"convenor/data/demo"
	"convenor/data/vault"
)

const keyedPass = "correct horse battery"

// headOf is the trail's last entry as the in-memory audit table holds it.
func headOf(t *testing.T, s *Store) (seq int64, hash string) {
	t.Helper()
	if err := s.db.QueryRow("SELECT seq, hash FROM main.audit ORDER BY seq DESC LIMIT 1").Scan(&seq, &hash); err != nil {
		t.Fatal(err)
	}
	return seq, hash
}

// sealedWithSignals makes a sealed workspace at path holding three signals.
func sealedWithSignals(t *testing.T, path string) *Store {
	t.Helper()
	s, err := CreateSealed(path, "desk", keyedPass)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := s.Insert(demo.SyntheticSignal(i)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// keyedFlags lists each entry's keyed flag in order, as "0010…".
func keyedFlags(t *testing.T, s *Store) string {
	t.Helper()
	flags, err := collect(s.db, func(rows *sql.Rows, k *string) error { return rows.Scan(k) }, "SELECT keyed FROM main.audit ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(flags, "")
}

// forgeSealedEntry appends to a closed sealed file an audit entry sealed
// under its data key, as one who could seal but not key the chain would:
// its hash is recomputed as a plain SHA-256 over the real head.
func forgeSealedEntry(t *testing.T, path string, keyed bool) {
	t.Helper()
	s, err := OpenSealedReadOnly(context.Background(), path, keyedPass)
	if err != nil {
		t.Fatal(err)
	}
	seq, prev := headOf(t, s)
	key := s.file.(*vaultFile).key
	s.Close()
	seq++
	row := auditRow{At: "2026-11-26T10:00:00Z", User: "someone", Action: "workspace", Kind: "workspace",
		Title: "passphrase changed", Changes: "{}", Keyed: keyed}
	row.Hash = entryHash(nil, prev, seq, row.At, row.User, row.Action, row.Kind, row.RecordID, row.Title, row.Changes, row.State)
	plain, _ := json.Marshal(row)
	blob, err := vault.Seal(key, plain, strconv.FormatInt(seq, 10))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("INSERT INTO vault_audit(seq, blob) VALUES (?, ?)", seq, blob); err != nil {
		t.Fatal(err)
	}
}

// In a sealed workspace every entry is keyed from its birth, and an entry
// whose hash was recomputed without the chain key is named by verify,
// whether it says it is keyed or not; so are rows forged into the file's
// plain tables, which unlocking never reads.
func TestASealedTrailIsKeyedSoAnEntryWithARecomputedPlainHashIsCaught(t *testing.T) {
	ctx := context.Background()
	newSealed := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "sealed.convenor")
		s := sealedWithSignals(t, path)
		if got := keyedFlags(t, s); got != "1111" {
			t.Errorf("keyed flags of a new sealed workspace: %s", got)
		}
		if rep, err := s.Verify(ctx); err != nil || !rep.Intact {
			t.Fatalf("before the attack: %s %v", rep, err)
		}
		s.Close()
		return path
	}
	verify := func(t *testing.T, path string) data.ChainReport {
		s, err := OpenSealedReadOnly(ctx, path, keyedPass)
		if err != nil {
			t.Fatalf("unlock after the attack: %v", err)
		}
		defer s.Close()
		rep, err := s.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	for _, keyed := range []bool{false, true} {
		t.Run("forged entry, keyed="+strconv.FormatBool(keyed), func(t *testing.T) {
			path := newSealed(t)
			forgeSealedEntry(t, path, keyed)
			rep := verify(t, path)
			if rep.Intact || rep.BrokenAt != 5 {
				t.Errorf("verify after a forged fifth entry: %s", rep)
			}
		})
	}
	t.Run("rows forged into the plain tables", func(t *testing.T) {
		path := newSealed(t)
		raw, err := sql.Open("sqlite3", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		h := entryHash(nil, genesis, 1, "2026-01-01T00:00:00Z", "someone", "workspace", "workspace", "", "approved by the minister", "{}", "")
		if _, err := raw.Exec(`INSERT INTO audit(seq, at, user, action, kind, record_id, title, changes, hash)
			VALUES (1, '2026-01-01T00:00:00Z', 'someone', 'workspace', 'workspace', '', 'approved by the minister', '{}', ?)`, h); err != nil {
			t.Fatal(err)
		}
		rep := verify(t, path)
		if rep.Intact || len(rep.Unsealed) != 1 || rep.Unsealed[0] != "audit: 1 row" || !strings.Contains(rep.String(), "plain text") {
			t.Errorf("verify after a plain entry was forged into the sealed file: %s", rep)
		}
	})
}

// A plain workspace has no chain key: an entry marked keyed in it was
// written outside Convenor.
func TestAnEntryMarkedKeyedInAPlainWorkspaceIsCaught(t *testing.T) {
	s := newStore(t)
	minimal(t, s, data.Actor, "Ministry of Foreign Affairs")
	if _, err := s.db.Exec("UPDATE audit SET keyed = 1 WHERE seq = 1"); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(context.Background())
	if err != nil || rep.Intact || rep.BrokenAt != 1 || !strings.Contains(rep.Problem, "no key") {
		t.Errorf("verify: %s %v", rep, err)
	}
}

// makeChainPlain turns an open sealed workspace back into the format
// before the chain was keyed: plain hashes, no chain key.
func makeChainPlain(t *testing.T, s *Store) {
	t.Helper()
	v := s.file.(*vaultFile)
	tx, err := s.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	entries, err := readAudit(tx, "main", 0)
	if err != nil {
		t.Fatal(err)
	}
	prev := genesis
	for _, e := range entries {
		a := e.row
		prev = entryHash(nil, prev, e.seq, a.At, a.User, a.Action, a.Kind, a.RecordID, a.Title, a.Changes, a.State)
		if _, err := tx.Exec("UPDATE main.audit SET hash = ?, keyed = 0 WHERE seq = ?", prev, e.seq); err != nil {
			t.Fatal(err)
		}
	}
	m, err := readSealMeta(tx, "vault")
	if err != nil {
		t.Fatal(err)
	}
	m.ChainKey = nil
	for _, stmt := range []string{"DELETE FROM vault.vault_audit", "DELETE FROM vault.vault_image"} {
		if _, err := tx.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeSealMeta(tx, "vault", m); err != nil {
		t.Fatal(err)
	}
	v.auditDone, v.chain = 0, nil
	if _, err := v.keep(tx, nil); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// A sealed file from before the chain was keyed reads as it is; its first
// writing unlock keys the chain in one audited entry that covers the plain
// entries before it, whose hashes stay, so the head this machine saw is
// still in the trail. Changing the passphrase keeps the chain key.
func TestAnOlderSealedTrailIsKeyedOnceAndTheHeadsSeenStay(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s := sealedWithSignals(t, path)
	makeChainPlain(t, s)
	oldSeq, oldHash := headOf(t, s)
	book, err := anchor.Load(filepath.Join(t.TempDir(), "anchors.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CheckAnchor(ctx, book); err != nil {
		t.Fatal(err)
	}
	s.Close()

	r, err := OpenSealedReadOnly(ctx, path, keyedPass)
	if err != nil {
		t.Fatal(err)
	}
	if got := keyedFlags(t, r); got != "0000" {
		t.Errorf("the older format read-only: keyed flags %s", got)
	}
	if rep, err := r.Verify(ctx); err != nil || !rep.Intact || !rep.KeyPending || !strings.Contains(rep.String(), "not keyed yet") {
		t.Errorf("the older format read-only: %s %v", rep, err)
	}
	r.Close()

	w, err := OpenSealed(ctx, path, keyedPass)
	if err != nil {
		t.Fatal(err)
	}
	if got := keyedFlags(t, w); got != "00001" {
		t.Errorf("after the first writing unlock: keyed flags %s", got)
	}
	log, _ := w.AuditLog(ctx, 0, 1)
	if len(log) != 1 || !strings.HasPrefix(log[0].Title, "audit trail keyed") {
		t.Errorf("the keying is not in the trail: %+v", log)
	}
	var kept string
	w.db.QueryRow("SELECT hash FROM main.audit WHERE seq = ?", oldSeq).Scan(&kept)
	if kept != oldHash {
		t.Errorf("entry %d's hash changed when the chain was keyed", oldSeq)
	}
	if f, _, err := w.CheckAnchor(ctx, book); err != nil || f.Standing != anchor.Ahead {
		t.Errorf("the head seen before the keying: %v %v", f, err)
	}
	if rep, err := w.Verify(ctx); err != nil || !rep.Intact || rep.KeyPending || rep.Keyed != 1 {
		t.Errorf("after keying: %s %v", rep, err)
	}
	keyedSeq, keyedHash := headOf(t, w)
	if err := w.ChangePassphrase(keyedPass, "another long passphrase"); err != nil {
		t.Fatal(err)
	}
	w.Close()

	w, err = OpenSealed(ctx, path, "another long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got := keyedFlags(t, w); got != "000011" {
		t.Errorf("after the passphrase change and another unlock: keyed flags %s (keyed twice?)", got)
	}
	w.db.QueryRow("SELECT hash FROM main.audit WHERE seq = ?", keyedSeq).Scan(&kept)
	if kept != keyedHash {
		t.Errorf("the keyed entry's hash changed with the passphrase")
	}
	if f, _, err := w.CheckAnchor(ctx, book); err != nil || f.Standing != anchor.Ahead {
		t.Errorf("the head seen before the passphrase change: %v %v", f, err)
	}
	if rep, err := w.Verify(ctx); err != nil || !rep.Intact {
		t.Errorf("after the passphrase change: %s %v", rep, err)
	}
}

// Sealing a plain workspace keeps its entries' hashes (so the head seen
// before is still in the trail) and keys every entry from the sealing on.
func TestSealingKeepsThePlainTrailAndKeysFromThere(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.convenor")
	s, err := Create(path, "desk")
	if err != nil {
		t.Fatal(err)
	}
	minimal(t, s, data.Actor, "Ministry of Foreign Affairs")
	minimal(t, s, data.Actor, "Foreign Office")
	book, err := anchor.Load(filepath.Join(t.TempDir(), "anchors.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CheckAnchor(ctx, book); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := SealWorkspace(ctx, path, keyedPass); err != nil {
		t.Fatal(err)
	}
	w, err := OpenSealed(ctx, path, keyedPass)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	flags := keyedFlags(t, w)
	if !strings.HasSuffix(flags, "01") || strings.Count(flags, "1") != 1 {
		t.Errorf("keyed flags after sealing: %s", flags)
	}
	if f, _, err := w.CheckAnchor(ctx, book); err != nil || f.Standing != anchor.Ahead {
		t.Errorf("the head seen before sealing: %v %v", f, err)
	}
	if rep, err := w.Verify(ctx); err != nil || !rep.Intact {
		t.Errorf("after sealing: %s %v", rep, err)
	}
}

// A plain trail rewritten in the middle with every later hash recomputed
// checks out on its own, as docs/TRUST.md says; the head this machine saw
// catches it.
func TestAMiddleRewrittenWithEveryLaterHashIsCaughtByTheHeadSeen(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for _, title := range []string{"Pakistan", "Iran", "Israel", "United States", "Qatar"} {
		minimal(t, s, data.Actor, title)
	}
	book, err := anchor.Load(filepath.Join(t.TempDir(), "anchors.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CheckAnchor(ctx, book); err != nil {
		t.Fatal(err)
	}
	entries, err := readAudit(s.db, "main", 0)
	if err != nil {
		t.Fatal(err)
	}
	prev := genesis
	for _, e := range entries {
		a := e.row
		if e.seq == 3 {
			a.User = "someone else"
		}
		prev = entryHash(nil, prev, e.seq, a.At, a.User, a.Action, a.Kind, a.RecordID, a.Title, a.Changes, a.State)
		if _, err := s.db.Exec("UPDATE audit SET user = ?, hash = ? WHERE seq = ?", a.User, prev, e.seq); err != nil {
			t.Fatal(err)
		}
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.Intact {
		t.Fatalf("the rewritten chain does not check out by itself, so this test proves nothing: %s %v", rep, err)
	}
	if f, _, err := s.CheckAnchor(ctx, book); err != nil || f.Standing != anchor.Diverged {
		t.Errorf("the head seen before the rewrite: %v %v", f, err)
	}
}
