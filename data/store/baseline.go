package store

import (
	"database/sql"
	"fmt"
	"time"
)

// metaStates marks a workspace whose every record's last entry carries
// its state (or was bound by the one baseline step below).
const metaStates = "states_recorded"

// baseline binds, once, the records of a workspace written before entries
// carried states: each gets a "baseline" entry with its state as it stands,
// and one workspace entry says what this cannot tell (a change made to
// them outside Convenor before now). Later, a record no entry wrote is
// named by verify, never bound silently. It runs on the first writing
// open after the upgrade (for a sealed file, with its passphrase).
func (s *Store) baseline() error {
	if s.Meta(metaStates) != "" {
		return nil
	}
	return s.write("binding the records to the audit trail", func(tx *sql.Tx) error {
		ids, err := collect(tx, func(rows *sql.Rows, id *string) error { return rows.Scan(id) },
			`SELECT a.record_id FROM audit a
			JOIN (SELECT record_id, max(seq) AS m FROM audit WHERE record_id <> '' GROUP BY record_id) l
				ON a.record_id = l.record_id AND a.seq = l.m
			WHERE a.state = '' AND a.action <> 'delete' AND EXISTS (SELECT 1 FROM records r WHERE r.id = a.record_id)
			ORDER BY a.seq`)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		for _, id := range ids {
			r, err := get(tx, id)
			if err != nil {
				return err
			}
			s.changed(id, r.Kind) // a sealed record is sealed again, bound to this entry
			if err := s.auditRecord(tx, now, how{action: "baseline"}, r, map[string][2]string{}); err != nil {
				return err
			}
		}
		if len(ids) > 0 {
			what := fmt.Sprintf("%d records bound to the audit trail as they stood on %s; a change made to them outside Convenor before then cannot be told",
				len(ids), now.Format(time.DateOnly))
			if err := s.auditWorkspace(tx, what, nil); err != nil {
				return err
			}
		}
		if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES (?, '1')", metaStates); err != nil {
			return err
		}
		return s.file.setMeta(tx, metaStates, "1")
	})
}
