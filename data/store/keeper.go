package store

import (
	"database/sql"

	"convenor/data"
)

// A store reads and writes its records in SQLite tables. For a plain
// workspace those tables are the file itself. A sealed workspace reads them
// into memory when it is unlocked and seals each write into the file too
// (vault_*.go). keeper is that difference, so the store's reads and writes
// carry no branch for sealing.
type keeper interface {
	// keep writes, inside tx, what the write under way changed (the
	// records in ids, deleted ones included, and its new audit entries)
	// to the file. The returned function runs once tx has committed.
	keep(tx *sql.Tx, ids map[string]*data.Kind) (committed func(), err error)
	// setMeta keeps a fact about the workspace (already written to
	// main.meta) in the file as well.
	setMeta(tx *sql.Tx, key, value string) error
	// fileSchema names the schema the workspace's file is reached under:
	// what a backup copies and where facts about the workspace are kept.
	fileSchema() string
	// sealed reports whether the file holds its records sealed.
	sealed() bool
	// close runs before the store closes its database.
	close(db *sql.DB)
	// check adds to verify's report what only the file can tell.
	check(db queryer, rep *data.ChainReport, last map[string]lastWrite) error
	// chainKey keys the audit chain's hashes; nil keeps them plain.
	chainKey() []byte
	// partsTable is where the bytes of attached files are kept; sealPart
	// and openPart are what is done to each part on its way in and out.
	partsTable() string
	sealPart(id string, n int, b []byte) ([]byte, error)
	openPart(id string, n int, kept []byte) ([]byte, error)
}

// plainFile keeps nothing beyond the tables: they are the file.
type plainFile struct{}

func (plainFile) keep(*sql.Tx, map[string]*data.Kind) (func(), error) { return func() {}, nil }
func (plainFile) setMeta(*sql.Tx, string, string) error               { return nil }
func (plainFile) fileSchema() string                                  { return "main" }
func (plainFile) sealed() bool                                        { return false }
func (plainFile) close(*sql.DB)                                       {}
func (plainFile) chainKey() []byte                                    { return nil }
func (plainFile) partsTable() string                                  { return "main.attachment_parts" }
func (plainFile) sealPart(_ string, _ int, b []byte) ([]byte, error)  { return b, nil }
func (plainFile) openPart(_ string, _ int, b []byte) ([]byte, error)  { return b, nil }
