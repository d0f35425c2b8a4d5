package store

import (
	"context"

	"convenor/data"
	"convenor/data/vault"
)

// check unseals every sealed record in the file and sets it against the
// trail, as unlocking does for the records it reads from the file (all of
// them, or only those written since the unlock image): a row that does
// not open under the entry that last wrote it was put back older or
// changed; a record the trail says exists that the file lacks was deleted.
func (v *vaultFile) check(ctx context.Context, db queryer, rep *data.ChainReport) error {
	if !v.bound {
		return nil
	}
	type write struct {
		seq           int64
		action, title string
		kind          string
	}
	last := map[string]write{}
	rows, err := db.Query(`SELECT a.record_id, a.seq, a.action, a.title, a.kind FROM audit a
		JOIN (SELECT record_id, max(seq) AS m FROM audit WHERE record_id <> '' GROUP BY record_id) l
		ON a.record_id = l.record_id AND a.seq = l.m`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		var w write
		if err := rows.Scan(&id, &w.seq, &w.action, &w.title, &w.kind); err != nil {
			rows.Close()
			return err
		}
		last[id] = w
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	blobs, err := collect(db, scanBlob, "SELECT id, blob FROM vault.vault")
	if err != nil {
		return err
	}
	opens := make([]bool, len(blobs))
	inParallel(len(blobs), func(i int) error {
		_, err := vault.Unseal(v.key, blobs[i].blob, versionAAD(blobs[i].aad, last[blobs[i].aad].seq))
		opens[i] = err == nil
		return nil
	})
	ref := func(id string, w write) string {
		label := w.kind
		if k := data.KindByName(w.kind); k != nil {
			label = k.Label
		}
		return data.RecordRef("sealed "+label, w.title, id)
	}
	have := make(map[string]bool, len(blobs))
	for i, b := range blobs {
		have[b.aad] = true
		if !opens[i] {
			rep.Changed = append(rep.Changed, ref(b.aad, last[b.aad]))
		}
	}
	for id, w := range last {
		if w.action != "delete" && !have[id] {
			rep.Missing = append(rep.Missing, ref(id, w))
		}
	}
	if len(rep.Changed)+len(rep.Missing) > 0 {
		rep.Intact = false
	}
	return nil
}

// check in a plain workspace has nothing to add: its records are its tables.
func (plainFile) check(context.Context, queryer, *data.ChainReport) error { return nil }
