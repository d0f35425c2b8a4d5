package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/vault"
)

const benchPassphrase = "benchmark passphrase"

var (
	sealedBenchOnce sync.Once
	sealedBenchPath string
)

// sealedBenchWorkspace writes benchSignals signals into a new sealed
// workspace, in one transaction, once per run, and closes it.
func sealedBenchWorkspace(b *testing.B) string {
	b.Helper()
	sealedBenchOnce.Do(func() { sealedBenchPath = buildSealedBench(b) })
	if sealedBenchPath == "" {
		b.Fatal("no sealed benchmark workspace")
	}
	return sealedBenchPath
}

func buildSealedBench(b *testing.B) string {
	dir, err := os.MkdirTemp(benchTempDir(b), "sealed")
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "sealed.convenor")
	s, err := CreateSealed(path, "benchmark", benchPassphrase)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	err = s.write("filling the benchmark workspace", func(tx *sql.Tx) error {
		for i := 0; i < benchSignals; i++ {
			r := benchSignal(i)
			if err := s.insert(tx, r, "create"); err != nil {
				return err
			}
		}
		return nil
	})
	written := time.Since(start)
	s.Close() // writes the unlock image
	if err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "sealed benchmark workspace: %d signals written in %s, closed (unlock image written) in %s\n",
		benchSignals, written.Round(time.Millisecond), (time.Since(start) - written).Round(time.Millisecond))
	return path
}

func benchSignal(i int) *data.Record { return demo.SyntheticSignal(i) }

// BenchmarkSealedOpen unlocks a sealed workspace of 100,000 signals and
// closes it: derive the key, unseal every record and audit entry into
// memory, ready to list and search. The bare baseline is what unlocking
// would be with nothing but SQLite and the cipher: the same sealed rows
// read, decrypted on every core and bulk-loaded by prepared statements
// into an in-memory database with the same schema and full-text index,
// its indexes built after the load (the key is given, not derived).
func BenchmarkSealedOpen(b *testing.B) {
	path := sealedBenchWorkspace(b)
	key := benchDataKey(b, path)
	compare(b, func(int) {
		s, err := OpenSealedReadOnly(context.Background(), path, benchPassphrase)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}, func(int) {
		if err := bareUnseal(path, key); err != nil {
			b.Fatal(err)
		}
	})
	if st, err := os.Stat(path); err == nil { // the sealed rows and the unlock image
		b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
	}
}

func benchDataKey(b *testing.B, path string) []byte {
	db, err := sql.Open("sqlite3", dsn(path, "ro"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	m, err := readSealMeta(db, "main")
	if err != nil {
		b.Fatal(err)
	}
	key, err := m.dataKey(benchPassphrase)
	if err != nil {
		b.Fatal(err)
	}
	return key
}

func bareUnseal(path string, key []byte) error {
	file, err := sql.Open("sqlite3", dsn(path, "ro"))
	if err != nil {
		return err
	}
	defer file.Close()
	blobs, err := collect(file, scanBlob, "SELECT id, blob FROM vault")
	if err != nil {
		return err
	}
	ablobs, err := collect(file, scanBlob, "SELECT seq, blob FROM vault_audit ORDER BY seq")
	if err != nil {
		return err
	}
	recs := make([]*data.Record, len(blobs))
	if err := inParallel(len(blobs), func(i int) error {
		plain, err := vault.Unseal(key, blobs[i].blob, blobs[i].aad)
		if err != nil {
			return err
		}
		var sr sealedRecord
		if err := json.Unmarshal(plain, &sr); err != nil {
			return err
		}
		recs[i], err = fromSealed(sr)
		return err
	}); err != nil {
		return err
	}
	entries := make([]auditRow, len(ablobs))
	if err := inParallel(len(ablobs), func(i int) error {
		plain, err := vault.Unseal(key, ablobs[i].blob, ablobs[i].aad)
		if err != nil {
			return err
		}
		return json.Unmarshal(plain, &entries[i])
	}); err != nil {
		return err
	}
	mem, err := sql.Open("sqlite3", "file:bare?mode=memory&_foreign_keys=1")
	if err != nil {
		return err
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1)
	if err := migrate(mem); err != nil {
		return err
	}
	tx, err := mem.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rebuild, err := dropIndexes(tx)
	if err != nil {
		return err
	}
	prep := map[string]*sql.Stmt{}
	exec := func(q string, args ...any) error {
		st := prep[q]
		if st == nil {
			if st, err = tx.Prepare(q); err != nil {
				return err
			}
			prep[q] = st
		}
		_, err := st.Exec(args...)
		return err
	}
	for seq, r := range recs {
		if err := exec(`INSERT INTO records(seq, id, kind, title, tlp, tags, notes, created_at, created_by, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			seq+1, r.ID, r.Kind.Name, r.Title, string(r.TLP), tagsJSON(r.Tags), r.Notes,
			r.CreatedAt.Format(timeLayout), r.CreatedBy, r.UpdatedAt.Format(timeLayout), r.UpdatedBy); err != nil {
			return err
		}
		names, marks, args := []string{"id"}, []string{"?"}, []any{r.ID}
		for _, f := range r.Kind.Columns() {
			if f.Writable() {
				names, marks, args = append(names, f.Key), append(marks, "?"), append(args, toDB(f, r.Values[f.Key]))
			}
		}
		if err := exec(fmt.Sprintf("INSERT INTO %s(%s) VALUES (%s)", r.Kind.Table, strings.Join(names, ","), strings.Join(marks, ",")), args...); err != nil {
			return err
		}
		for _, tag := range r.Tags {
			if err := exec("INSERT OR IGNORE INTO record_tags(tag, seq) VALUES (?, ?)", tag, seq+1); err != nil {
				return err
			}
		}
		for i := range r.Kind.Fields {
			if f := &r.Kind.Fields[i]; f.Type == data.Links {
				for pos, l := range r.Links(f.Key) {
					if err := exec("INSERT INTO links(from_id, field, position, to_id, role) VALUES (?,?,?,?,?)", r.ID, f.Key, pos, l.ID, l.Role); err != nil {
						return err
					}
				}
			}
		}
		if err := exec("INSERT INTO search(rowid, title, body) VALUES (?,?,?)", seq+1, r.Title, searchBody(r)); err != nil {
			return err
		}
	}
	for i, a := range entries {
		if err := exec(`INSERT INTO audit(seq, at, user, action, kind, record_id, title, changes, hash) VALUES (?,?,?,?,?,?,?,?,?)`,
			ablobs[i].aad, a.At, a.User, a.Action, a.Kind, a.RecordID, a.Title, a.Changes, a.Hash); err != nil {
			return err
		}
	}
	for _, stmt := range rebuild {
		if _, err := tx.Exec(stmt); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// BenchmarkSealedInsert saves one signal in a sealed workspace of 100,000
// (validate, write, index, audit, then seal the record and its audit entry
// into the file) against the same Insert in a plain workspace.
func BenchmarkSealedInsert(b *testing.B) {
	path := sealedBenchWorkspace(b)
	sealed, err := OpenSealed(context.Background(), path, benchPassphrase)
	if err != nil {
		b.Fatal(err)
	}
	defer sealed.Close()
	plain := benchWorkspace(b)
	compare(b, func(i int) {
		if err := sealed.Insert(benchSignal(benchSignals + i)); err != nil {
			b.Fatal(err)
		}
	}, func(i int) {
		if err := plain.Insert(benchSignal(benchSignals + i)); err != nil {
			b.Fatal(err)
		}
	})
}
