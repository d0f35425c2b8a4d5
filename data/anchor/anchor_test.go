package anchor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func head(seq int64, c string) Head {
	return Head{Seq: seq, Hash: strings.Repeat(c, 64), Seen: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
}

func TestABookKeepsTheHeadsItWasGiven(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "anchors.json")
	b, err := Load(path)
	if err != nil || len(b.Heads) != 0 {
		t.Fatalf("a missing book: %v, %v", b, err)
	}
	b.Note("ws-1", head(7, "a"))
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved book: %v, %v", fi, err)
	}
	again, err := Load(path)
	if err != nil || again.Heads["ws-1"].Seq != 7 || again.Heads["ws-1"].Hash != head(7, "a").Hash {
		t.Fatalf("read back: %+v, %v", again, err)
	}
}

func TestAHeadIsSetAgainstTheOneLastSeen(t *testing.T) {
	b := &Book{Heads: map[string]Head{"ws": head(10, "a")}}
	trail := map[int64]string{10: head(10, "a").Hash}
	at := func(seq int64) (string, error) { return trail[seq], nil }
	for _, c := range []struct {
		id   string
		now  Head
		want Standing
	}{
		{"other", head(3, "c"), Unseen},
		{"ws", head(10, "a"), Same},
		{"ws", head(12, "b"), Ahead},
		{"ws", head(9, "a"), Behind},
		{"ws", head(10, "d"), Diverged},
	} {
		f, err := b.Check(c.id, c.now, at)
		if err != nil || f.Standing != c.want {
			t.Errorf("%s at %d: %v (%v), want %v", c.id, c.now.Seq, f.Standing, err, c.want)
		}
		if (c.want == Behind || c.want == Diverged) && (!strings.Contains(f.String(), "entry 10") || !strings.HasPrefix(f.String(), "Warning")) {
			t.Errorf("the warning does not name the heads: %s", f)
		}
	}
	trail[10] = head(10, "e").Hash // rewritten before entry 12
	if f, _ := b.Check("ws", head(12, "b"), at); f.Standing != Diverged {
		t.Errorf("a trail rewritten under the head last seen: %v", f.Standing)
	}
}

func TestADamagedBookIsRefusedAndLeftAsItIs(t *testing.T) {
	dir := t.TempDir()
	for _, bad := range []string{"{", `{"version": 9, "heads": {}}`, `{"version": 1, "heads": {"ws": {"seq": 3, "hash": "short"}}}`, `{"version": 1, "heads": {"": {"seq": 0}}}`} {
		path := filepath.Join(dir, "anchors.json")
		os.WriteFile(path, []byte(bad), 0o600)
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%q: %v", bad, err)
		}
		if raw, _ := os.ReadFile(path); string(raw) != bad {
			t.Errorf("%q was changed", bad)
		}
	}
}

// FuzzLoad: no book file, however damaged, makes Load panic or accept a
// head that is not one.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"version": 1, "heads": {"ws": {"seq": 3, "hash": "` + strings.Repeat("a", 64) + `"}}}`))
	f.Add([]byte(`{"version": 1, "heads": {}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		path := filepath.Join(t.TempDir(), "anchors.json")
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		b, err := Load(path)
		if err != nil {
			return
		}
		for id, h := range b.Heads {
			if id == "" || h.Seq < 0 || (h.Seq > 0 && len(h.Hash) != 64) {
				t.Fatalf("accepted %q: %+v", id, h)
			}
		}
	})
}
