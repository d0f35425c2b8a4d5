package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"convenor/data"
)

// sealedFile makes a closed sealed workspace holding one record.
func sealedFile(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s, err := CreateSealed(path, "desk", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	minimal(t, s, data.Actor, "Iran")
	s.Close()
	return path
}

// setSealMeta rewrites the file's 'sealed' row as an attacker with sqlite3
// would; edit changes its JSON form.
func setSealMeta(t testing.TB, path string, edit func(m map[string]any)) {
	t.Helper()
	db, err := sql.Open("sqlite3", dsn(path, "rw"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var raw string
	if err := db.QueryRow("SELECT value FROM meta WHERE key='sealed'").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal([]byte(raw), &m)
	edit(m)
	b, _ := json.Marshal(m)
	if _, err := db.Exec("UPDATE meta SET value=? WHERE key='sealed'", string(b)); err != nil {
		t.Fatal(err)
	}
}

// TestAFileCannotMakeTheKeyDerivationCrashHangOrExhaustMemory: parameters
// out of bounds are refused with a sentence by check and by unlock, before
// a passphrase is tried, and quickly.
func TestAFileCannotMakeTheKeyDerivationCrashHangOrExhaustMemory(t *testing.T) {
	cases := map[string]func(kdf map[string]any){
		"no passes":         func(k map[string]any) { k["time"] = 0 },
		"no threads":        func(k map[string]any) { k["threads"] = 0 },
		"4 TiB of memory":   func(k map[string]any) { k["memory_kib"] = 4294967295 },
		"4 billion passes":  func(k map[string]any) { k["time"] = 4294967295 },
		"too little memory": func(k map[string]any) { k["memory_kib"] = 1 },
		"no salt":           func(k map[string]any) { k["salt"] = "" },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			path := sealedFile(t)
			setSealMeta(t, path, func(m map[string]any) { edit(m["kdf"].(map[string]any)) })
			start := time.Now()
			if _, err := IsSealed(context.Background(), path); !errors.Is(err, data.ErrDamaged) || !strings.Contains(err.Error(), "sealing information is damaged") {
				t.Errorf("check: %v", err)
			}
			if _, err := OpenSealed(context.Background(), path, "correct horse battery"); !errors.Is(err, data.ErrDamaged) {
				t.Errorf("unlock: %v", err)
			}
			if _, err := Open(context.Background(), path); !errors.Is(err, data.ErrDamaged) {
				t.Errorf("plain open: %v", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("refusing took %v", d)
			}
		})
	}
	t.Run("short wrapped key", func(t *testing.T) {
		path := sealedFile(t)
		setSealMeta(t, path, func(m map[string]any) { m["wrapped_key"] = "AAAA" })
		if _, err := OpenSealed(context.Background(), path, "correct horse battery"); !errors.Is(err, data.ErrDamaged) {
			t.Errorf("unlock: %v", err)
		}
	})
}

// TestAFileHoldingAVaultNeverOpensPlain: deleting the 'sealed' row does not
// turn a sealed file, even a new empty one, into a plain workspace.
func TestAFileHoldingAVaultNeverOpensPlain(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.convenor")
	s, err := CreateSealed(empty, "desk", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, path := range []string{sealedFile(t), empty} {
		db, _ := sql.Open("sqlite3", dsn(path, "rw"))
		if _, err := db.Exec("DELETE FROM meta WHERE key='sealed'"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if s, err := Open(context.Background(), path); !errors.Is(err, data.ErrDamaged) {
			if s != nil {
				s.Close()
			}
			t.Errorf("%s opened as plain: %v", filepath.Base(path), err)
		}
		if s, err := OpenReadOnly(context.Background(), path); !errors.Is(err, data.ErrDamaged) {
			if s != nil {
				s.Close()
			}
			t.Errorf("%s read as plain: %v", filepath.Base(path), err)
		}
		if _, err := IsSealed(context.Background(), path); err == nil || !strings.Contains(err.Error(), "changed outside Convenor") {
			t.Errorf("check: %v", err)
		}
	}
}

// FuzzSealedMeta: whatever a file's sealing information says (parameters,
// salt, wrapped key, name), check and unlock refuse it with a reason or
// open it; never a panic, a hang or a runaway allocation.
func FuzzSealedMeta(f *testing.F) {
	path := sealedFile(f)
	db, _ := sql.Open("sqlite3", dsn(path, "ro"))
	var good string
	db.QueryRow("SELECT value FROM meta WHERE key='sealed'").Scan(&good)
	db.Close()
	f.Add(good)
	f.Add(`{"kdf":{"salt":"AAAAAAAAAAAAAAAAAAAAAA==","time":0,"memory_kib":8,"threads":1},"wrapped_key":"","name":""}`)
	f.Add(`{"kdf":{"salt":"AAAAAAAAAAAAAAAAAAAAAA==","time":1,"memory_kib":4294967295,"threads":255}}`)
	f.Add(`{"kdf":{"time":4294967295}}`)
	f.Add(`{"kdf":null}`)
	f.Add(`[]`)
	f.Add(``)
	f.Fuzz(func(t *testing.T, meta string) {
		m := &sealMeta{}
		if json.Unmarshal([]byte(meta), m) == nil && m.KDF.Check() == nil && uint64(m.KDF.Memory)*uint64(m.KDF.Time) > 64*1024 {
			// In bounds but slow by design; the fuzzer has better to do.
			return
		}
		p := filepath.Join(t.TempDir(), "f.convenor")
		if err := copyFile(path, p); err != nil {
			t.Fatal(err)
		}
		db, _ := sql.Open("sqlite3", dsn(p, "rw"))
		if _, err := db.Exec("UPDATE meta SET value=? WHERE key='sealed'", meta); err != nil {
			t.Fatal(err)
		}
		db.Close()
		IsSealed(context.Background(), p)
		if s, err := OpenSealed(context.Background(), p, "correct horse battery"); err == nil {
			s.Close()
		}
	})
}
