package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"

	"convenor/data"
	"convenor/data/vault"
)

// A shared workspace keeps, beside its records, what the team stream
// needs (data/share moves it): every change goes into an outbox in the
// same transaction as the change, a record's version in the stream is
// remembered, and a version that conflicts with an unsent change here is
// kept whole for a person to choose. The store hands versions out and
// takes them in as plain JSON; data/share seals them under the key of
// their clearance level before they leave the desk, so servers hold
// ciphertext. What this desk keeps of them (conflicts, team secrets) is
// sealed under the workspace's own data key.

// metaShared names the workspace in the team stream; set, changes are
// queued for it.
const metaShared = "share.workspace"

// VocabularyID is the vocabulary's place in the stream: the lists travel
// as a record does, at TLP:CLEAR, since every member needs them to take
// in records.
const VocabularyID = "vocabulary"

// Shared is the workspace's name in the team stream, or "".
func (s *Store) Shared() string { return s.Meta(metaShared) }

// Share makes the workspace a shared one under name: from now on every
// change is queued to be sent, and every record already here, and the
// vocabulary, is queued now. Only a sealed workspace can be shared: the
// hubs must hold ciphertext only.
func (s *Store) Share(name string) error { return s.share(name, true) }

// ShareJoined makes a new workspace a desk of the shared workspace name:
// what it holds (its starting vocabulary) is not sent, and the team's
// arrives with the first synchronisation.
func (s *Store) ShareJoined(name string) error { return s.share(name, false) }

func (s *Store) share(name string, queue bool) error {
	if !s.Sealed() {
		return errors.New("only a sealed workspace can be shared: seal it with a passphrase first")
	}
	err := s.write("sharing the workspace", func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES (?, ?)", metaShared, name); err != nil {
			return err
		}
		if err := s.file.setMeta(tx, metaShared, name); err != nil {
			return err
		}
		if queue {
			if _, err := tx.Exec("INSERT OR IGNORE INTO " + s.shareTable("share_outbox") + "(record_id, msg_id) SELECT '" + VocabularyID + "', lower(hex(randomblob(16))) UNION ALL SELECT id, lower(hex(randomblob(16))) FROM main.records"); err != nil {
				return err
			}
		}
		return s.auditWorkspace(tx, "shared as "+name, map[string][2]string{"shared_as": {"", name}})
	})
	if err == nil {
		s.sharing.Store(true)
	}
	return err
}

// shareTable is a share table where the file keeps it (a sealed
// workspace's main database lives in memory).
func (s *Store) shareTable(name string) string { return s.file.fileSchema() + "." + name }

// queueChanges puts the records a write changed into the outbox, each
// under a fresh message id, unless the write applies a version that came
// from the stream.
func (s *Store) queueChanges(tx *sql.Tx, c *changes) error {
	if !s.sharing.Load() || c.fromStream {
		return nil
	}
	ids := c.ids
	if c.vocabulary {
		ids = maps.Clone(ids)
		ids[VocabularyID] = nil
	}
	for id := range ids {
		if _, err := tx.Exec("INSERT INTO "+s.shareTable("share_outbox")+"(record_id, msg_id) VALUES (?, ?) ON CONFLICT(record_id) DO UPDATE SET msg_id = excluded.msg_id",
			id, uuid.NewString()); err != nil {
			return err
		}
	}
	return nil
}

// Outgoing is one record waiting to be sent: its version (a deletion when
// the record is gone), the message id it goes under, and the stream
// version it was based on (0: none).
type Outgoing struct {
	RecordID, MsgID string
	TLP             data.TLP // the record's label; "" when it was deleted
	Based           uint64   // the stream version it was based on (0: none) …
	Previous        string   // … on this subject ("" when none)
	Version         []byte   // plain JSON: data/share seals it before it leaves
	// Files are the record's attached files: their bytes travel apart
	// (data/share puts them in the hubs' object store first).
	Files []data.Attachment
}

// Outbox lists what waits to be sent, not held by a conflict.
func (s *Store) Outbox(ctx context.Context) ([]Outgoing, error) {
	rows, err := collect(s.under(ctx), func(rows *sql.Rows, o *Outgoing) error {
		return rows.Scan(&o.RecordID, &o.MsgID, &o.Based, &o.Previous)
	}, "SELECT o.record_id, o.msg_id, COALESCE(v.seq, 0), COALESCE(v.subject, '') FROM "+s.shareTable("share_outbox")+" o LEFT JOIN "+s.shareTable("share_versions")+
		" v ON v.record_id = o.record_id WHERE o.held = 0 ORDER BY o.rowid")
	if err != nil {
		return nil, err
	}
	for i := range rows {
		o := &rows[i]
		if o.RecordID == VocabularyID {
			o.TLP = data.TLPClear
			if o.Version, err = json.Marshal(version{ID: VocabularyID, Vocabulary: s.Vocabulary()}); err != nil {
				return nil, err
			}
			continue
		}
		r, err := get(s.under(ctx), o.RecordID)
		switch {
		case errors.Is(err, data.ErrNotFound):
			r = nil // a deletion goes where the record's versions are
		case err != nil:
			return nil, err
		default:
			held, err := heldFor(s.under(ctx), s.shareTable("share_held_refs"), o.RecordID)
			if err != nil {
				return nil, err
			}
			held.putBack(r)
			o.TLP = travelsAt(r)
			o.Files = r.Attachments
		}
		if o.Version, err = versionOf(o.RecordID, r); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// version is a record as the stream carries it; Deleted marks a deletion.
// The vocabulary travels the same way, as its own version.
type version struct {
	ID         string           `json:"id"`
	Deleted    bool             `json:"deleted,omitempty"`
	Record     *sealedRecord    `json:"record,omitempty"`
	Vocabulary *data.Vocabulary `json:"vocabulary,omitempty"`
	// Withdrawn marks a deletion that is a move: the record now travels
	// at To, and desks not cleared for it drop their copy.
	Withdrawn bool     `json:"withdrawn,omitempty"`
	To        data.TLP `json:"to,omitempty"`
}

// WithdrawalOf is the version that says, on a record's old subject, that
// it now travels at another label.
func WithdrawalOf(id string, to data.TLP) ([]byte, error) {
	return json.Marshal(version{ID: id, Deleted: true, Withdrawn: true, To: to})
}

// WithdrawnTo reads a version: the label the record moved to, when it is
// a withdrawal.
func WithdrawnTo(plain []byte) (data.TLP, bool) {
	var v struct {
		Withdrawn bool     `json:"withdrawn"`
		To        data.TLP `json:"to"`
	}
	if json.Unmarshal(plain, &v) != nil || !v.Withdrawn {
		return "", false
	}
	return v.To, true
}

// travelsAt is the label a record's versions travel under: the most
// restrictive of its own and its contact points', so a desk not cleared
// for a contact point never receives it.
func travelsAt(r *data.Record) data.TLP {
	labels := []data.TLP{r.TLP}
	for _, c := range r.Contacts() {
		labels = append(labels, c.TLP)
	}
	return data.MostRestrictive(labels...)
}

func versionOf(id string, r *data.Record) ([]byte, error) {
	ver := version{ID: id, Deleted: r == nil}
	if r != nil {
		sr := toSealed(r)
		// A linked record's title is filled in when read: it is not the
		// record's to carry, and may be labelled above it.
		for key, links := range sr.Links {
			bare := make([]data.Link, len(links))
			for i, l := range links {
				bare[i] = data.Link{ID: l.ID, Role: l.Role}
			}
			sr.Links[key] = bare
		}
		ver.Record = &sr
	}
	return json.Marshal(ver)
}

func readVersion(id string, plain []byte) (*version, error) {
	var ver version
	if err := json.Unmarshal(plain, &ver); err != nil || ver.ID != id {
		return nil, fmt.Errorf("a version of %s is not one Convenor wrote", id)
	}
	if id == VocabularyID {
		if ver.Vocabulary == nil {
			return nil, errors.New("the team's vocabulary came damaged")
		}
		if err := ver.Vocabulary.Check(); err != nil {
			return nil, fmt.Errorf("the team's vocabulary is not one Convenor wrote: %w", err)
		}
		ver.Vocabulary.Complete()
		return &ver, nil
	}
	if !ver.Deleted && ver.Record == nil {
		return nil, fmt.Errorf("a version of %s is not one Convenor wrote", id)
	}
	return &ver, nil
}

// SentVersion is a version the stream has stored: the record, the
// message id it went under, where it is.
type SentVersion struct {
	RecordID, MsgID, Subject string
	Seq                      uint64
}

// Sent records versions the stream has stored, in one transaction: each
// outbox entry goes, unless the record changed again meanwhile (its
// message id is then another), which then is sent based on this one.
func (s *Store) Sent(sent ...SentVersion) error {
	return s.shareWrite(func(tx *sql.Tx) error {
		for _, v := range sent {
			if _, err := tx.Exec("DELETE FROM "+s.shareTable("share_outbox")+" WHERE record_id = ? AND msg_id = ?", v.RecordID, v.MsgID); err != nil {
				return err
			}
			if v.Subject == "" {
				continue // never sent: made and deleted here in between
			}
			if _, err := tx.Exec("INSERT OR REPLACE INTO "+s.shareTable("share_versions")+"(record_id, seq, subject) VALUES (?, ?, ?)", v.RecordID, v.Seq, v.Subject); err != nil {
				return err
			}
		}
		return nil
	})
}

// VersionOf is the stream sequence of the version of a record this desk
// has (0: none).
func (s *Store) VersionOf(ctx context.Context, recordID string) (uint64, error) {
	var seq uint64
	err := s.under(ctx).QueryRow("SELECT seq FROM "+s.shareTable("share_versions")+" WHERE record_id = ?", recordID).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return seq, err
}

// Applied is the last stream sequence this desk has taken in.
func (s *Store) Applied() uint64 {
	var seq uint64
	fmt.Sscan(s.Meta("share.applied"), &seq)
	return seq
}

// Conflict keeps another desk's version of a record this desk changed
// too: the change here is held (not sent) until a person chooses.
// The bytes of files its version attaches that this desk lacked are kept
// with it, for when it is chosen.
func (s *Store) Conflict(recordID string, seq uint64, subject string, version []byte, files map[string][]byte) error {
	if _, err := readVersion(recordID, version); err != nil {
		return err
	}
	return s.shareWrite(func(tx *sql.Tx) error {
		for id, b := range files {
			if err := s.putParts(tx, id, b); err != nil {
				return err
			}
		}
		return s.keepConflict(tx, recordID, seq, subject, version)
	})
}

// conflictAAD binds a kept version to its record and place in the stream.
func conflictAAD(recordID string, seq uint64) string {
	return fmt.Sprintf("share conflict %s@%d", recordID, seq)
}

func (s *Store) keepConflict(tx *sql.Tx, recordID string, seq uint64, subject string, version []byte) error {
	v, ok := s.file.(*vaultFile)
	if !ok {
		return errors.New("only a sealed workspace can be shared")
	}
	blob, err := vault.Seal(v.key, version, conflictAAD(recordID, seq))
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT OR IGNORE INTO "+s.shareTable("share_conflicts")+"(record_id, seq, subject, blob, found_at) VALUES (?, ?, ?, ?, ?)",
		recordID, seq, subject, blob, s.Now().UTC().Format(timeLayout)); err != nil {
		return err
	}
	_, err = tx.Exec("UPDATE "+s.shareTable("share_outbox")+" SET held = 1 WHERE record_id = ?", recordID)
	return err
}

// Theirs is another desk's version of a record that conflicts with this
// desk's: nil Record when they deleted it.
type Theirs struct {
	RecordID string
	Seq      uint64
	Record   *data.Record
	// Withdrawn: another desk raised the record above this desk's
	// clearance; nil Record.
	Withdrawn bool
}

// Conflicts lists the versions waiting for a person's choice.
func (s *Store) Conflicts(ctx context.Context) ([]Theirs, error) {
	type row struct {
		id   string
		seq  uint64
		blob []byte
	}
	rows, err := collect(s.under(ctx), func(rows *sql.Rows, r *row) error { return rows.Scan(&r.id, &r.seq, &r.blob) },
		"SELECT record_id, seq, blob FROM "+s.shareTable("share_conflicts")+" ORDER BY found_at, record_id")
	if err != nil {
		return nil, err
	}
	v, ok := s.file.(*vaultFile)
	if !ok {
		return nil, errors.New("only a sealed workspace can be shared")
	}
	var out []Theirs
	for _, r := range rows {
		plain, err := vault.Unseal(v.key, r.blob, conflictAAD(r.id, r.seq))
		if err != nil {
			return nil, fmt.Errorf("the kept version of %s does not open: the file was changed outside Convenor", r.id)
		}
		ver, err := readVersion(r.id, plain)
		if err != nil {
			return nil, err
		}
		t := Theirs{RecordID: r.id, Seq: r.seq, Withdrawn: ver.Withdrawn}
		if !ver.Deleted {
			if t.Record, err = fromSealed(*ver.Record); err != nil {
				return nil, err
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// Incoming is another desk's version of a record, at Seq in the stream,
// opened (plain JSON), with the signature of the member who sent it.
type Incoming struct {
	Seq               uint64
	Subject, RecordID string
	Version           []byte
	Signed            *Signature
	// Files are the bytes of attached files this desk lacked, by id.
	Files map[string][]byte
}

// FilesOf lists the files a version's record has attached.
func FilesOf(version []byte) []data.Attachment {
	if !bytes.Contains(version, []byte(`"attachments"`)) {
		return nil // most records have none: no need to read it all again
	}
	var v struct {
		Record *struct {
			Files []data.Attachment `json:"attachments"`
		} `json:"record"`
	}
	if json.Unmarshal(version, &v) != nil || v.Record == nil {
		return nil
	}
	return v.Record.Files
}

// MissingFiles are those of files whose bytes this desk does not hold.
func (s *Store) MissingFiles(ctx context.Context, files []data.Attachment) ([]data.Attachment, error) {
	var out []data.Attachment
	for _, a := range files {
		var n int
		if err := s.under(ctx).QueryRow("SELECT count(*) FROM "+s.file.partsTable()+" WHERE attachment_id = ?", a.ID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			out = append(out, a)
		}
	}
	return out, nil
}

// Signature is a member's signature of a version it sent (data/share
// checks it before the version is taken in). It goes into the version's
// 'sync' audit entry, where verify checks it again.
type Signature struct {
	By     string // the member: "Muscat desk (id)"
	Key    string // its ed25519 public key, base64
	Digest string // the SHA-256 of what it sealed, hex
	Sig    string // its signature of SignedText(record, Digest), base64
}

// SignedText is what a member signs for a version of a record.
func SignedText(recordID, digest string) []byte {
	return []byte("convenor version 1\n" + recordID + "\n" + digest)
}

// Audit entry fields a signature is kept in.
const (
	fieldSignedBy  = "signed_by"
	fieldSignerKey = "signer_key"
	fieldDigest    = "version_digest"
	fieldSignature = "signature"
)

func (sig *Signature) into(changes map[string][2]string) {
	changes[fieldSignedBy] = [2]string{"", sig.By}
	changes[fieldSignerKey] = [2]string{"", sig.Key}
	changes[fieldDigest] = [2]string{"", sig.Digest}
	changes[fieldSignature] = [2]string{"", sig.Sig}
}

// Apply takes in other desks' versions, in stream order, in one
// transaction: each written here as it is (its times and authors kept),
// audited as 'sync', and not sent back. A record with an unsent change
// here is not overwritten: the version is kept as a conflict. Versions
// this desk already has (its own, or older) change nothing. It returns
// how many versions were taken in (written, or kept as conflicts).
func (s *Store) Apply(ctx context.Context, in ...Incoming) (taken int, err error) {
	if len(in) == 0 {
		return 0, nil
	}
	// The team's vocabulary replaces this desk's, unless this desk has a
	// change to it not yet sent: then theirs is added to it, and the
	// result sent. Records are checked against it as it stands at them.
	voc := s.Vocabulary()
	var vocabChanged bool
	var pendingVocab int
	if err := s.under(ctx).QueryRow("SELECT count(*) FROM "+s.shareTable("share_outbox")+" WHERE record_id = ?", VocabularyID).Scan(&pendingVocab); err != nil {
		return 0, err
	}
	vocabAt, err := s.VersionOf(ctx, VocabularyID)
	if err != nil {
		return 0, err
	}
	records := make([]*data.Record, len(in)) // nil: a deletion
	withdrawn := make([]bool, len(in))
	for i, m := range in {
		ver, err := readVersion(m.RecordID, m.Version)
		if err != nil {
			return 0, err
		}
		if ver.Vocabulary != nil && m.Seq <= vocabAt {
			continue // this desk's own, come back, or older
		}
		if ver.Vocabulary != nil {
			switch merged := voc.WithValuesOf(ver.Vocabulary); {
			case pendingVocab == 0:
				voc, vocabChanged = ver.Vocabulary, true
			case merged != nil:
				voc, vocabChanged = merged, true
			}
			continue
		}
		if ver.Deleted {
			withdrawn[i] = ver.Withdrawn
			continue
		}
		r, err := fromSealed(*ver.Record)
		if err != nil {
			return 0, err
		}
		r.Tags = data.NormalizeTags(r.Tags)
		// A value the team's lists have and this desk's not yet (they
		// travel separately) is added here rather than refused.
		if more := voc.Admitting(r); more != nil {
			voc, vocabChanged = more, true
		}
		if err := data.ValidateIn(r, voc); err != nil {
			return 0, fmt.Errorf("another desk's version of %s is not valid here: %w", m.RecordID, err)
		}
		records[i] = r
	}
	err = s.shareApply(func(tx *sql.Tx) error {
		if vocabChanged {
			if err := s.takeVocabulary(tx, voc); err != nil {
				return err
			}
			taken++
		}
		// Records new here are inserted first and audited together, read
		// back in one query per table, as an import's are.
		var added []*data.Record
		sync := how{action: "sync", keepTimes: true, signed: map[string]*Signature{}}
		for _, m := range in {
			if m.Signed != nil {
				sync.signed[m.RecordID] = m.Signed
			}
		}
		for i, m := range in {
			if m.RecordID == VocabularyID {
				if m.Seq <= vocabAt {
					continue
				}
				if _, err := tx.Exec("INSERT OR REPLACE INTO "+s.shareTable("share_versions")+"(record_id, seq, subject) VALUES (?, ?, ?)", m.RecordID, m.Seq, m.Subject); err != nil {
					return err
				}
				continue
			}
			took, err := s.applyOne(tx, sync, m, records[i], withdrawn[i], &added)
			if err != nil {
				return err
			}
			if took {
				taken++
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := s.auditBatch(tx, sync, added, s.Now().UTC()); err != nil {
			return err
		}
		if err := s.restoreArrived(tx); err != nil {
			return err
		}
		last := fmt.Sprint(in[len(in)-1].Seq)
		if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES ('share.applied', ?)", last); err != nil {
			return err
		}
		return s.file.setMeta(tx, "share.applied", last)
	})
	if err != nil {
		return 0, err
	}
	if vocabChanged {
		s.vocab.Store(voc)
	}
	return taken, nil
}

// takeVocabulary writes the team's vocabulary here, audited.
func (s *Store) takeVocabulary(tx *sql.Tx, v *data.Vocabulary) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES (?, ?)", metaVocabulary, string(b)); err != nil {
		return err
	}
	if err := s.file.setMeta(tx, metaVocabulary, string(b)); err != nil {
		return err
	}
	return s.auditWorkspace(tx, "vocabulary taken in from the team workspace", nil)
}

// applyOne writes one version, unless this desk has it or a newer one
// (false), or keeps it as a conflict.
func (s *Store) applyOne(tx *sql.Tx, sync how, m Incoming, incoming *data.Record, withdrawn bool, added *[]*data.Record) (bool, error) {
	var have uint64
	if err := tx.QueryRow("SELECT COALESCE(max(seq), 0) FROM "+s.shareTable("share_versions")+" WHERE record_id = ?", m.RecordID).Scan(&have); err != nil {
		return false, err
	}
	if have >= m.Seq {
		return false, nil
	}
	var pending int
	if err := tx.QueryRow("SELECT count(*) FROM "+s.shareTable("share_outbox")+" WHERE record_id = ?", m.RecordID).Scan(&pending); err != nil {
		return false, err
	}
	// Files first: a record's attachments are written only over bytes
	// the workspace holds.
	for id, b := range m.Files {
		if err := s.putParts(tx, id, b); err != nil {
			return false, err
		}
	}
	if pending > 0 {
		return true, s.keepConflict(tx, m.RecordID, m.Seq, m.Subject, m.Version)
	}
	if _, err := get(tx, m.RecordID); incoming != nil && errors.Is(err, data.ErrNotFound) {
		if err := s.holdBack(tx, incoming); err != nil {
			return false, err
		}
		unaudited := sync
		unaudited.unaudited = true
		if err := s.insertAs(tx, incoming, unaudited); err != nil {
			return false, err
		}
		*added = append(*added, incoming)
	} else {
		// A later version of a record added in this batch: the entries of
		// those added so far go first, so the trail keeps its order.
		if slices.ContainsFunc(*added, func(r *data.Record) bool { return r.ID == m.RecordID }) {
			if err := s.auditBatch(tx, sync, *added, s.Now().UTC()); err != nil {
				return false, err
			}
			*added = (*added)[:0]
		}
		if withdrawn {
			if err := s.holdReferencesTo(tx, m.RecordID); err != nil {
				return false, err
			}
		}
		if err := s.applyVersion(tx, sync, m.RecordID, incoming); err != nil {
			return false, err
		}
	}
	_, err := tx.Exec("INSERT OR REPLACE INTO "+s.shareTable("share_versions")+"(record_id, seq, subject) VALUES (?, ?, ?)", m.RecordID, m.Seq, m.Subject)
	return err == nil, err
}

// applyVersion writes incoming (nil: a deletion) over what this desk has.
func (s *Store) applyVersion(tx *sql.Tx, sync how, id string, incoming *data.Record) error {
	_, err := get(tx, id)
	switch {
	case errors.Is(err, data.ErrNotFound) && incoming == nil:
		return nil
	case errors.Is(err, data.ErrNotFound):
		return s.insertAs(tx, incoming, sync)
	case err != nil:
		return err
	case incoming == nil:
		// audited as a delete, so verify knows it is gone
		_, err := s.deleteAs(tx, id, how{action: "delete", signed: sync.signed})
		return err
	}
	if err := s.holdBack(tx, incoming); err != nil {
		return err
	}
	return s.updateAs(tx, incoming, sync)
}

// shareWrite runs bookkeeping that changes no record, in one transaction.
func (s *Store) shareWrite(fn func(tx *sql.Tx) error) error {
	return s.write("keeping the team workspace's place", fn)
}

// shareApply runs a write of versions from the stream: nothing it
// changes is queued to be sent back.
func (s *Store) shareApply(fn func(tx *sql.Tx) error) error {
	return s.write("taking in another desk's change", func(tx *sql.Tx) error {
		s.notes.pending.fromStream = true
		return fn(tx)
	})
}

// Resolve ends a conflict on a record with a person's choice, audited as
// 'resolve': keeping theirs writes the other desk's version here and drops
// this desk's change; keeping mine sends this desk's version over theirs.
// A merge is an edit made after keeping one of them.
func (s *Store) Resolve(ctx context.Context, recordID string, keepTheirs bool) error {
	conflicts, err := s.Conflicts(ctx)
	if err != nil {
		return err
	}
	var latest *Theirs
	var subject string
	for i := range conflicts {
		if conflicts[i].RecordID == recordID && (latest == nil || conflicts[i].Seq > latest.Seq) {
			latest = &conflicts[i]
		}
	}
	if latest == nil {
		return fmt.Errorf("record %s has no conflict to resolve", recordID)
	}
	if err := s.under(ctx).QueryRow("SELECT subject FROM "+s.shareTable("share_conflicts")+" WHERE record_id = ? AND seq = ?", recordID, latest.Seq).Scan(&subject); err != nil {
		return err
	}
	if latest.Withdrawn && !keepTheirs {
		return errors.New("another desk raised this record above this desk's clearance: keeping this desk's version would lower it again. Copy what you need into a new record, then keep theirs")
	}
	choice := "this desk's version, sent over the other desk's"
	if keepTheirs {
		choice = "the other desk's version"
	}
	return s.shareApply(func(tx *sql.Tx) error {
		mine, err := get(tx, recordID)
		if err != nil && !errors.Is(err, data.ErrNotFound) {
			return err
		}
		changes, _ := json.Marshal(map[string][2]string{"kept": {"", choice}, "their_version": {"", fmt.Sprint(latest.Seq)}})
		title, kind, state := recordID, "workspace", ""
		if mine != nil {
			title, kind, state = mine.Title, mine.Kind.Name, mine.State()
			s.changed(recordID, mine.Kind) // sealed again, bound to this entry
		}
		if err := appendAudit(tx, s.file.chainKey(), s.Now().UTC().Format(timeLayout), s.User, "resolve", kind, recordID, title, string(changes), state); err != nil {
			return err
		}
		if _, err := tx.Exec("DELETE FROM "+s.shareTable("share_conflicts")+" WHERE record_id = ?", recordID); err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT OR REPLACE INTO "+s.shareTable("share_versions")+"(record_id, seq, subject) VALUES (?, ?, ?)", recordID, latest.Seq, subject); err != nil {
			return err
		}
		if !keepTheirs {
			_, err := tx.Exec("UPDATE "+s.shareTable("share_outbox")+" SET held = 0 WHERE record_id = ?", recordID)
			return err
		}
		if _, err := tx.Exec("DELETE FROM "+s.shareTable("share_outbox")+" WHERE record_id = ?", recordID); err != nil {
			return err
		}
		if latest.Record != nil {
			latest.Record.Tags = data.NormalizeTags(latest.Record.Tags)
			s.changed(recordID, latest.Record.Kind)
		}
		if latest.Withdrawn {
			if err := s.holdReferencesTo(tx, recordID); err != nil {
				return err
			}
		}
		return s.applyVersion(tx, how{action: "sync", keepTimes: true}, recordID, latest.Record)
	})
}

// TeamSecret is what this desk keeps under name for the team workspace
// (data/share decides what), nil when there is none.
func (s *Store) TeamSecret(name string) ([]byte, error) {
	v, ok := s.file.(*vaultFile)
	if !ok {
		return nil, nil // a plain workspace is never shared
	}
	var blob []byte
	err := s.db.QueryRow("SELECT blob FROM "+s.shareTable("share_secrets")+" WHERE name = ?", name).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	plain, err := vault.Unseal(v.key, blob, "team secret "+name)
	if err != nil {
		return nil, errors.New("the team workspace's keys do not open: the file was changed outside Convenor")
	}
	return plain, nil
}

// SetTeamSecret keeps value under name, sealed. A note (who was invited,
// which keys were renewed) goes into the audit trail with it.
func (s *Store) SetTeamSecret(name string, value []byte, note string) error {
	v, ok := s.file.(*vaultFile)
	if !ok {
		return errors.New("only a sealed workspace can be shared")
	}
	blob, err := vault.Seal(v.key, value, "team secret "+name)
	if err != nil {
		return err
	}
	return s.shareWrite(func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT OR REPLACE INTO "+s.shareTable("share_secrets")+"(name, blob) VALUES (?, ?)", name, blob); err != nil {
			return err
		}
		if note == "" {
			return nil
		}
		return s.auditWorkspace(tx, note, nil)
	})
}

// ShareCounts says how many changes wait to be sent (held ones too) and
// how many versions wait for a person's choice.
func (s *Store) ShareCounts(ctx context.Context) (waiting, conflicts int, err error) {
	q := s.under(ctx)
	if err = q.QueryRow("SELECT count(*) FROM " + s.shareTable("share_outbox")).Scan(&waiting); err != nil {
		return
	}
	err = q.QueryRow("SELECT count(DISTINCT record_id) FROM " + s.shareTable("share_conflicts")).Scan(&conflicts)
	return
}
