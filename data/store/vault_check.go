package store

import (
	"database/sql"
	"fmt"
	"strings"

	"convenor/data"
	"convenor/data/vault"
)

// check unseals every sealed record in the file and sets it against the
// trail, as unlocking does for the records it reads from the file (all of
// them, or only those written since the unlock image): a row that does
// not open under the entry that last wrote it was put back older or
// changed; a record the trail says exists that the file lacks was deleted.
func (v *vaultFile) check(db queryer, rep *data.ChainReport, last map[string]lastWrite) error {
	rep.KeyPending = v.chain == nil
	if err := plainRows(db, rep); err != nil {
		return err
	}
	if err := v.checkTeamSecrets(db, rep); err != nil {
		return err
	}
	if !v.bound {
		return nil
	}
	blobs, err := collect(db, scanBlob, "SELECT id, blob FROM vault.vault")
	if err != nil {
		return err
	}
	opens := make([]bool, len(blobs))
	if err := inParallel(len(blobs), func(i int) error {
		_, err := vault.Unseal(v.key, blobs[i].blob, versionAAD(blobs[i].aad, last[blobs[i].aad].seq))
		opens[i] = err == nil // a row that does not open is a finding, not a failure
		return nil
	}); err != nil {
		return err
	}
	have := make(map[string]bool, len(blobs))
	for i, b := range blobs {
		have[b.aad] = true
		if !opens[i] {
			rep.Changed = append(rep.Changed, "sealed "+last[b.aad].ref(b.aad))
		}
	}
	for id, w := range last {
		if !w.gone() && !have[id] {
			rep.Missing = append(rep.Missing, "sealed "+w.ref(id))
		}
	}
	if len(rep.Changed)+len(rep.Missing) > 0 {
		rep.Intact = false
	}
	return nil
}

// plainRows finds rows in the sealed file's plain tables. They are there
// because the file has a workspace's schema, and stay empty: a forged
// audit entry or record put there would be read by anyone who opens the
// file with another tool, while unlocking never looks at it. A shared
// workspace's bookkeeping is kept there (share.go): record ids, stream
// sequences and versions still sealed, nothing of any record's text.
func plainRows(db queryer, rep *data.ChainReport) error {
	tables, err := collect(db, func(rows *sql.Rows, name *string) error { return rows.Scan(name) },
		`SELECT name FROM vault.sqlite_master WHERE type = 'table'
		   AND name NOT IN ('meta', 'vault', 'vault_audit', 'vault_image', 'vault_attachment_parts', 'share_outbox', 'share_versions', 'share_conflicts', 'share_secrets', 'share_held_refs')
		   AND name NOT LIKE 'sqlite^_%' ESCAPE '^' AND name NOT LIKE 'search^_%' ESCAPE '^' ORDER BY name`)
	if err != nil {
		return err
	}
	for _, t := range tables {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM vault."` + strings.ReplaceAll(t, `"`, `""`) + `"`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			rows := "rows"
			if n == 1 {
				rows = "row"
			}
			rep.Unsealed = append(rep.Unsealed, fmt.Sprintf("%s: %d %s", t, n, rows))
			rep.Intact = false
		}
	}
	return nil
}

// check in a plain workspace has nothing to add: its records are its tables.
func (plainFile) check(queryer, *data.ChainReport, map[string]lastWrite) error {
	return nil
}

// checkTeamSecrets opens what a desk of a team workspace keeps sealed
// (share.go): one that does not open was changed outside Convenor.
func (v *vaultFile) checkTeamSecrets(db queryer, rep *data.ChainReport) error {
	type secret struct {
		name string
		blob []byte
	}
	secrets, err := collect(db, func(rows *sql.Rows, s *secret) error { return rows.Scan(&s.name, &s.blob) },
		"SELECT name, blob FROM vault.share_secrets ORDER BY name")
	if err != nil {
		return err
	}
	for _, s := range secrets {
		if _, err := vault.Unseal(v.key, s.blob, "team secret "+s.name); err != nil {
			rep.Changed = append(rep.Changed, "the team workspace's "+s.name+" (its keys and credentials)")
			rep.Intact = false
		}
	}
	return nil
}
