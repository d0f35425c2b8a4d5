package store

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"convenor/data"
)

// The audit log is a hash chain: entry n's hash covers entry n-1's hash and
// every column of entry n. Anyone who edits or deletes an entry without
// recomputing every later hash is caught by Verify at that entry. In a
// plain workspace anyone who can write the file can recompute them all;
// the head this machine last saw (data/anchor) and the one written into
// each backup still catch that. In a sealed workspace the hash is an HMAC
// under the chain key, which is sealed under the data key: without the
// passphrase no entry can be forged or recomputed. Entries from before
// the workspace was sealed stay plain, and are covered by the first keyed
// entry's hash; a plain entry after a keyed one is refused.

// genesis is the "previous hash" of the first entry.
const genesis = "convenor-audit-v1"

// entryHash is plain SHA-256 when key is nil, else HMAC-SHA256 under key.
func entryHash(key []byte, prev string, seq int64, at, user, action, kind, recordID, title, changes, state string) string {
	return string(newChainHasher(key).sum(key != nil, prev, seq, at, user, action, kind, recordID, title, changes, state))
}

// chainHasher hashes entry after entry without allocating for each: verify
// hashes every entry of the trail.
type chainHasher struct {
	plain, keyed hash.Hash // keyed is nil without a key
	buf          []byte
	digest       [sha256.Size]byte
	hex          [2 * sha256.Size]byte
}

func newChainHasher(key []byte) *chainHasher {
	c := &chainHasher{plain: sha256.New(), buf: make([]byte, 0, 32)}
	if key != nil {
		c.keyed = hmac.New(sha256.New, key)
	}
	return c
}

// sum is an entry's hash in hex, valid until the next call.
func (c *chainHasher) sum(keyed bool, prev string, seq int64, at, user, action, kind, recordID, title, changes, state string) []byte {
	h := c.plain
	if keyed {
		h = c.keyed
	}
	h.Reset()
	part := func(s string) {
		// Length-prefixed, so no two different entries hash the same text.
		c.buf = append(strconv.AppendInt(c.buf[:0], int64(len(s)), 10), ':')
		c.buf = append(append(c.buf, s...), ';')
		h.Write(c.buf)
	}
	part(prev)
	part(strconv.FormatInt(seq, 10))
	for _, p := range [...]string{at, user, action, kind, recordID, title, changes} {
		part(p)
	}
	if state != "" { // entries from before states were recorded hash as they did
		part(state)
	}
	hex.Encode(c.hex[:], h.Sum(c.digest[:0]))
	return c.hex[:]
}

// appendAudit writes one entry at the end of the chain, keyed when key is
// not nil.
func appendAudit(tx *sql.Tx, key []byte, at, user, action, kind, recordID, title, changes, state string) error {
	var seq int64
	var prev string
	err := tx.QueryRow("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&seq, &prev)
	if err == sql.ErrNoRows {
		seq, prev, err = 0, genesis, nil
	}
	if err != nil {
		return err
	}
	seq++
	_, err = tx.Exec(`INSERT INTO audit(seq, at, user, action, kind, record_id, title, changes, state, keyed, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		seq, at, user, action, kind, recordID, title, changes, state, key != nil, entryHash(key, prev, seq, at, user, action, kind, recordID, title, changes, state))
	return err
}

// chainAudit computes the hashes of entries written before the chain existed.
func chainAudit(tx *sql.Tx) error {
	rows, err := tx.Query("SELECT seq, at, user, action, kind, record_id, title, changes FROM audit ORDER BY seq")
	if err != nil {
		return err
	}
	type entry struct {
		seq                                           int64
		at, user, action, kind, recordID, title, chgs string
	}
	var all []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.seq, &e.at, &e.user, &e.action, &e.kind, &e.recordID, &e.title, &e.chgs); err != nil {
			rows.Close()
			return err
		}
		all = append(all, e)
	}
	rows.Close()
	prev := genesis
	for _, e := range all {
		prev = entryHash(nil, prev, e.seq, e.at, e.user, e.action, e.kind, e.recordID, e.title, e.chgs, "")
		if _, err := tx.Exec("UPDATE audit SET hash = ? WHERE seq = ?", prev, e.seq); err != nil {
			return err
		}
	}
	return nil
}

// Verify walks the audit chain from the first entry and reports the first
// one that was changed, inserted or removed after it was written. When the
// chain holds, every record is then checked against the last entry that
// wrote it (records_check.go). The records are read and hashed while the
// chain is walked, on another core.
func (s *Store) Verify(ctx context.Context) (data.ChainReport, error) {
	var states []recordState
	var statesErr error
	read := make(chan struct{})
	go func() {
		defer close(read)
		states, statesErr = s.recordStates(ctx)
	}()
	rep, last, err := verifyChain(s.under(ctx), s.file.chainKey())
	<-read
	if err != nil || !rep.Intact {
		return rep, failed("verifying the audit trail", err, false)
	}
	if statesErr != nil {
		return rep, failed("verifying the records", statesErr, false)
	}
	compareRecords(&rep, states, last)
	if err := s.file.check(s.under(ctx), &rep, last); err != nil {
		return rep, failed("verifying the sealed records", err, false)
	}
	return rep, failed("verifying the attached files", s.checkAttachments(s.under(ctx), &rep), false)
}

// lastWrite is the last entry that wrote a record.
type lastWrite struct {
	seq                        int64
	action, state, kind, title string
}

// gone reports whether the entry deleted the record.
func (w lastWrite) gone() bool { return w.action == "delete" }

// ref names the record as the entry knew it.
func (w lastWrite) ref(id string) string {
	label := w.kind
	if k := data.KindByName(w.kind); k != nil {
		label = k.Label
	}
	return data.RecordRef(label, w.title, id)
}

// verifyChain walks the chain; key is the workspace's chain key, nil for a
// plain workspace.
func verifyChain(db queryer, key []byte) (data.ChainReport, map[string]lastWrite, error) {
	rep := data.ChainReport{Intact: true}
	var size int64 // the last entry's number bounds how many records it names
	if err := db.QueryRow("SELECT COALESCE(max(seq), 0) FROM audit").Scan(&size); err != nil {
		return rep, nil, err
	}
	rows, err := db.Query("SELECT seq, at, user, action, kind, record_id, title, changes, state, keyed, hash FROM audit ORDER BY seq")
	if err != nil {
		return rep, nil, err
	}
	defer rows.Close()
	last := make(map[string]lastWrite, size)
	hasher := newChainHasher(key)
	prev, want, sawKeyed := genesis, int64(1), false
	for rows.Next() {
		var seq int64
		var keyed bool
		var at, user, action, kind, recordID, title, changes, state, hash string
		if err := rows.Scan(&seq, &at, &user, &action, &kind, &recordID, &title, &changes, &state, &keyed, &hash); err != nil {
			return rep, nil, err
		}
		switch {
		case seq != want:
			rep.Intact, rep.BrokenAt = false, want
			rep.Problem = fmt.Sprintf("entries %d to %d are missing", want, seq-1)
			if seq < want {
				rep.BrokenAt, rep.Problem = seq, "an entry was inserted out of order"
			}
		case keyed && key == nil:
			rep.Intact, rep.BrokenAt = false, seq
			rep.Problem = "it claims to be keyed, but this workspace has no key: it was written outside Convenor"
		case !keyed && sawKeyed:
			rep.Intact, rep.BrokenAt = false, seq
			rep.Problem = "it is not keyed, yet keyed entries come before it: it was written outside Convenor"
		case string(hasher.sum(keyed, prev, seq, at, user, action, kind, recordID, title, changes, state)) != hash:
			rep.Intact, rep.BrokenAt = false, seq
			rep.Problem = "its content or hash was changed after it was written (" + strings.ToLower(action) + " of “" + title + "”)"
		default:
			if signed, problem := checkSignature(action, recordID, changes); problem != "" {
				rep.Intact, rep.BrokenAt, rep.Problem = false, seq, problem
			} else if signed {
				rep.Signed++
			}
		}
		if !rep.Intact {
			return rep, nil, nil
		}
		if recordID != "" {
			last[recordID] = lastWrite{seq, action, state, kind, title}
		}
		rep.Entries++
		if keyed {
			rep.Keyed++
		}
		prev, want, sawKeyed = hash, seq+1, sawKeyed || keyed
	}
	rep.Head = prev
	return rep, last, rows.Err()
}

// checkSignature checks the author's signature a change from another desk
// carries: whether there is one, and what is wrong with it.
func checkSignature(action, recordID, changes string) (signed bool, problem string) {
	if (action != "sync" && action != "delete") || !strings.Contains(changes, `"`+fieldSignature+`"`) {
		return false, ""
	}
	var c map[string][2]string
	if err := json.Unmarshal([]byte(changes), &c); err != nil {
		return false, "its changes cannot be read"
	}
	by := c[fieldSignedBy][1]
	key, err1 := base64.StdEncoding.DecodeString(c[fieldSignerKey][1])
	sig, err2 := base64.StdEncoding.DecodeString(c[fieldSignature][1])
	if err1 != nil || err2 != nil || len(key) != ed25519.PublicKeySize {
		return true, "the signature of " + by + " is damaged"
	}
	if !ed25519.Verify(key, SignedText(recordID, c[fieldDigest][1]), sig) {
		return true, "the signature of " + by + " does not match what it signs: the entry was changed"
	}
	return true, ""
}
