package store

import (
	"database/sql"
	"encoding/json"

	"convenor/data/anchor"
)

// A restore replaces the whole file, audit trail included, by an older copy,
// so the trail of the restored file cannot already say it was restored.
// Restore leaves a note in the copy's meta table before it takes the
// workspace's name; the first open that can write the trail (a sealed
// workspace needs its passphrase) turns the note into an audit entry.
// The note holds file names and times only, never record text, so it can
// sit unsealed.

const metaRestored = "restored_from"

// restoreNote is what a restore leaves for the audit trail.
type restoreNote struct {
	Backup   string `json:"backup"`
	Replaced string `json:"replaced_file_kept_as"`
	At       string `json:"at"`
	Head     string `json:"backup_head,omitempty"` // where the backup's trail ended when it was taken
}

// leaveRestoreNote writes the note into the file copied from a backup,
// before it is renamed into place, with the head written into the backup
// when it was taken.
func leaveRestoreNote(file string, n restoreNote) error {
	db, err := sql.Open("sqlite3", dsn(file, "rw"))
	if err != nil {
		return err
	}
	var raw string
	var h anchor.Head
	if db.QueryRow("SELECT value FROM meta WHERE key = ?", metaBackupHead).Scan(&raw) == nil && json.Unmarshal([]byte(raw), &h) == nil && h.Seq > 0 {
		n.Head = h.String()
	}
	b, err := json.Marshal(n)
	if err != nil {
		return closeWhole(db, file, err)
	}
	_, err = db.Exec("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", metaRestored, string(b))
	// Closing the last connection folds the WAL back into the file, which
	// is then moved alone: closeWhole makes sure nothing stayed behind.
	return closeWhole(db, file, err)
}

// recordRestore turns a restore's note into an audit entry, once.
func (s *Store) recordRestore() error {
	raw := s.Meta(metaRestored)
	if raw == "" || s.readOnly {
		return nil
	}
	var n restoreNote
	if err := json.Unmarshal([]byte(raw), &n); err != nil {
		n.Backup = raw // keep what is there rather than lose the fact
	}
	return s.write("noting the restore in the audit trail", func(tx *sql.Tx) error {
		for _, schema := range s.metaSchemas() {
			if _, err := tx.Exec("DELETE FROM "+schema+".meta WHERE key = ?", metaRestored); err != nil {
				return err
			}
		}
		changes := map[string][2]string{
			"Backup":                {"", n.Backup},
			"Replaced file kept as": {"", n.Replaced},
			"Restored at":           {"", n.At},
		}
		if n.Head != "" {
			changes["Backup's trail ended at"] = [2]string{"", n.Head}
		}
		return s.auditWorkspace(tx, "restored from a backup", changes)
	})
}

// metaSchemas are the meta tables a fact about the workspace is kept in:
// the file's, and for a sealed workspace also the in-memory copy.
func (s *Store) metaSchemas() []string {
	if f := s.file.fileSchema(); f != "main" {
		return []string{"main", f}
	}
	return []string{"main"}
}
