package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

func TestNewWorkspaceHasCurrentFormatAndSettings(t *testing.T) {
	s := newStore(t)
	var fk, version, appID int
	var journal string
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	s.db.QueryRow("PRAGMA application_id").Scan(&appID)
	s.db.QueryRow("PRAGMA journal_mode").Scan(&journal)
	if fk != 1 || version != SchemaVersion || appID != ApplicationID || journal != "wal" {
		t.Fatalf("foreign_keys=%d user_version=%d application_id=%x journal=%s", fk, version, appID, journal)
	}
	var sync, busy int
	s.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	s.db.QueryRow("PRAGMA busy_timeout").Scan(&busy)
	if sync != 2 || busy < 1000 {
		t.Fatalf("synchronous=%d (want 2, FULL) busy_timeout=%d", sync, busy)
	}
}

// The tables hold exactly the columns the kinds describe.
func TestSchemaMatchesTheDescriptions(t *testing.T) {
	s := newStore(t)
	for _, k := range data.Kinds {
		rows, err := s.db.Query("SELECT name FROM pragma_table_xinfo(?)", k.Table)
		if err != nil {
			t.Fatal(err)
		}
		cols := map[string]bool{}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			cols[n] = true
		}
		rows.Close()
		for _, f := range k.Columns() {
			if !cols[f.Key] {
				t.Errorf("%s: field %s has no column", k.Label, f.Key)
			}
			delete(cols, f.Key)
		}
		delete(cols, "id")
		for c := range cols {
			t.Errorf("%s: column %s is not described", k.Label, c)
		}
	}
}

func TestCreateRefusesToOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, []byte("my notes"), 0o600)
	if _, err := Create(path, "x"); err == nil {
		t.Fatal("Create overwrote a file")
	}
	if b, _ := os.ReadFile(path); string(b) != "my notes" {
		t.Fatal("file changed")
	}
}

func TestReopenKeepsRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ws.convenor")
	s, err := Create(path, "x")
	if err != nil {
		t.Fatal(err)
	}
	r := data.NewRecord(data.Actor)
	r.Title = "Pakistan"
	if err := s.Insert(r); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, created, err := OpenOrCreate(path, "x")
	if err != nil || created {
		t.Fatalf("reopen: created=%v err=%v", created, err)
	}
	defer s.Close()
	if got, err := s.Get(r.ID); err != nil || got.Title != "Pakistan" {
		t.Fatalf("after reopen: %v %v", got, err)
	}
}

// Files Convenor must not open are refused with a clear reason and are
// left byte for byte as they were.
func TestRefusesFilesItCannotOpenAndLeavesThemUntouched(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct {
		make   func(path string)
		reason error
		says   string
	}{
		"newer": {func(p string) {
			s, _ := Create(p, "x")
			s.db.Exec("PRAGMA user_version = 99")
			s.Close()
		}, data.ErrNewerVersion, "newer version of Convenor"},
		"foreign": {func(p string) {
			db, _ := sql.Open("sqlite3", p)
			db.Exec("CREATE TABLE invoices(n INTEGER)")
			db.Close()
		}, data.ErrNotWorkspace, "database of another program"},
		"text":  {func(p string) { os.WriteFile(p, []byte("minutes of the meeting\n"), 0o600) }, data.ErrNotWorkspace, "not a database file"},
		"empty": {func(p string) { os.WriteFile(p, nil, 0o600) }, data.ErrNotWorkspace, "empty"},
		"damaged": {func(p string) {
			s, _ := Create(p, "x")
			demo.Fill(s, testNow)
			s.Close()
			b, _ := os.ReadFile(p)
			for i := 4096 * 2; i < len(b) && i < 4096*12; i++ {
				b[i] = byte(i * 7)
			}
			os.WriteFile(p, b, 0o600)
		}, data.ErrDamaged, "damaged"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".convenor")
			c.make(path)
			before := fileHash(t, path)
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if !errors.Is(err, c.reason) {
				t.Errorf("reason: %v", err)
			}
			var oe *data.OpenError
			if !errors.As(err, &oe) || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), path) {
				t.Errorf("message %q should name the file and say %q", err, c.says)
			}
			if fileHash(t, path) != before {
				t.Error("the refused file was changed")
			}
			if _, _, err := OpenOrCreate(path, "x"); err == nil {
				t.Error("OpenOrCreate accepted it")
			}
			if fileHash(t, path) != before {
				t.Error("OpenOrCreate changed the refused file")
			}
		})
	}
}

// An older workspace is brought up to date step by step.
func TestMigrationsRunInOrderAndOnlyOnce(t *testing.T) {
	s := newStore(t)
	if err := migrate(s.db); err != nil {
		t.Fatal(err)
	}
	var v int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion || SchemaVersion != len(migrations()) {
		t.Fatalf("version %d, want %d", v, SchemaVersion)
	}
}
