package store

import (
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// Schema changes are plain SQL files, numbered, embedded in the binary and
// applied in order; PRAGMA user_version records how many have been applied.
// A small scheme rather than a migration library: SQLite already keeps the
// version in the file header, where it can be read without writing, which
// is what refusing a newer workspace untouched needs, and each step runs in
// the same transaction as the version bump so a crash never leaves half a
// migration behind.

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations returns the SQL of each schema version, version 1 first.
func migrations() []string {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		panic(err) // the pattern is a constant
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			panic(err) // embedded at build time
		}
		out[i] = string(b)
	}
	return out
}

// afterStep holds work a step needs that SQL cannot do, by the version the
// step brings the file to; it runs in the step's transaction.
var afterStep = map[int]func(*sql.Tx) error{4: chainAudit, 11: refoldSearch, 12: sortKeys}

// SchemaVersion is the workspace format this build writes.
var SchemaVersion = len(migrations())

// migrate brings the workspace up to SchemaVersion, one step per transaction.
func migrate(db *sql.DB) error {
	steps := migrations()
	for {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		var v int
		if err := tx.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
			tx.Rollback()
			return err
		}
		if v >= len(steps) {
			return tx.Rollback()
		}
		if _, err := tx.Exec(steps[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("upgrading the workspace to format %d: %w", v+1, err)
		}
		if fn := afterStep[v+1]; fn != nil {
			if err := fn(tx); err != nil {
				tx.Rollback()
				return fmt.Errorf("upgrading the workspace to format %d: %w", v+1, err)
			}
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}
