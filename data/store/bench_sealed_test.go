package store

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
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
	err = s.write(func(tx *sql.Tx) error {
		for i := 0; i < benchSignals; i++ {
			r := benchSignal(i)
			if err := s.insert(tx, r, "create"); err != nil {
				return err
			}
		}
		return nil
	})
	s.Close()
	if err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "sealed benchmark workspace: %d signals written in %s\n", benchSignals, time.Since(start).Round(time.Millisecond))
	return path
}

func benchSignal(i int) *data.Record { return demo.SyntheticSignal(i) }

// BenchmarkSealedOpen opens a sealed workspace of 100,000 signals: derive
// the key, unseal every record and audit entry into memory, index them for
// search. Bare SQLite reads the same sealed rows from the same file.
func BenchmarkSealedOpen(b *testing.B) {
	path := sealedBenchWorkspace(b)
	compareOpen(b, path, func() (*Store, error) { return OpenSealedReadOnly(path, benchPassphrase) },
		"SELECT id, blob FROM vault", "SELECT seq, blob FROM vault_audit")
}

// BenchmarkSealedInsert saves one signal in a sealed workspace of 100,000
// (validate, write, index, audit, then seal the record and its audit entry
// into the file) against the same Insert in a plain workspace.
func BenchmarkSealedInsert(b *testing.B) {
	path := sealedBenchWorkspace(b)
	sealed, err := OpenSealed(path, benchPassphrase)
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
