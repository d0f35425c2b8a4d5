package share

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
	"convenor/data/store"
)

// Replica is a desk's own workspace, the replica it works on offline.
type Replica interface {
	Shared() string
	Outbox(ctx context.Context) ([]store.Outgoing, error)
	Sent(sent ...store.SentVersion) error
	Conflict(recordID string, seq uint64, subject string, version []byte, files map[string][]byte) error
	Applied() uint64
	Apply(ctx context.Context, in ...store.Incoming) (int, error)
	AttachmentBytes(ctx context.Context, a data.Attachment, w io.Writer) error
	MissingFiles(ctx context.Context, files []data.Attachment) ([]data.Attachment, error)
	secrets
}

// Desk synchronises one replica with the team stream, as a member.
type Desk struct {
	Replica Replica
	JS      jetstream.JetStream
	Team    *Membership
	ready   bool     // the stream is known to exist as configured
	certs   sync.Map // members' certificates found good
}

// sentBatch is how many stored versions are written down at once.
const sentBatch = 256

// Report says what one round of synchronising did. Withheld are records
// labelled above this desk's clearance: they stay here, unsent.
type Report struct {
	Sent, Received, Conflicts int
	Withheld                  []string
	// Refused are versions in the stream without a valid member's
	// signature: not taken in.
	Refused []string
}

// Sync sends what waits in the outbox, then takes in every version the
// stream has that this desk may read and has not: one round, from where
// the last one stopped. A version sent while another desk's came first is
// not stored: theirs is kept here as a conflict and this desk's change is
// held.
func (d *Desk) Sync(ctx context.Context) (Report, error) {
	var rep Report
	ws := d.Replica.Shared()
	if ws == "" || d.Team == nil {
		return rep, errors.New("this workspace is not shared")
	}
	if d.Team.Me.Admin && !d.ready {
		if _, err := EnsureStream(ctx, d.JS, ws, Replicas); err != nil {
			return rep, err
		}
		if err := ensureBuckets(ctx, d.JS, ws, Replicas); err != nil {
			return rep, err
		}
		d.ready = true
	}
	out, err := d.Replica.Outbox(ctx)
	if err != nil {
		return rep, err
	}
	// What the stream stored is written down a batch at a time: a crash
	// in between only makes the next round send those again, under the
	// same message ids, stored once.
	var sent []store.SentVersion
	flush := func() error {
		err := d.Replica.Sent(sent...)
		sent = sent[:0]
		return err
	}
	for _, o := range out {
		subject := o.Previous
		if o.TLP != "" {
			subject = Subject(ws, o.TLP, o.RecordID)
		}
		if subject == "" { // made and deleted here before it was ever sent
			sent = append(sent, store.SentVersion{RecordID: o.RecordID, MsgID: o.MsgID})
			continue
		}
		level, _ := subjectParts(subject)
		if len(d.Team.Keys[level]) == 0 {
			rep.Withheld = append(rep.Withheld, o.RecordID)
			continue
		}
		if err := d.sendFiles(ctx, ws, level, o.Files); err != nil {
			return rep, err
		}
		plain, header, err := d.Team.sign(o.RecordID, o.Version)
		if err != nil {
			return rep, err
		}
		blob, err := d.Team.Keys.seal(level, o.RecordID, plain)
		if err != nil {
			return rep, err
		}
		seq, err := d.publish(ctx, subject, blob, header, o)
		if errors.Is(err, ErrConflict) && o.RecordID == store.VocabularyID {
			// Lists are merged, not chosen between: theirs arrives with
			// this round's receiving, is added to this desk's, and the
			// result goes out next round.
			continue
		}
		if errors.Is(err, ErrConflict) {
			if err := flush(); err != nil {
				return rep, err
			}
			if err := d.keepTheirs(ctx, ws, o, err); err != nil {
				return rep, err
			}
			rep.Conflicts++
			continue
		}
		if err != nil {
			if ferr := flush(); ferr != nil {
				return rep, ferr
			}
			return rep, err
		}
		sent = append(sent, store.SentVersion{RecordID: o.RecordID, MsgID: o.MsgID, Seq: seq, Subject: subject})
		rep.Sent++
		if len(sent) == sentBatch {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}
	n, refused, err := d.receive(ctx, ws)
	rep.Received, rep.Refused = n, refused
	return rep, err
}

// publish stores a version expecting the version it was based on. A
// version moving to another label's subject first withdraws the record
// from the old one, expecting the version there: an edit made meanwhile at
// the old label then conflicts, and any made later is refused, since the
// old subject has moved on. Then the version goes on its new subject,
// expecting nothing new on the old one since the withdrawal. A retry
// after a crash in between finds its own withdrawal and goes on.
func (d *Desk) publish(ctx context.Context, subject string, blob []byte, header nats.Header, o store.Outgoing) (uint64, error) {
	if o.Previous == "" || o.Previous == subject {
		return PublishOver(ctx, d.JS, subject, blob, header, o.Previous, o.Based, o.MsgID)
	}
	oldLevel, _ := subjectParts(o.Previous)
	withdrawal, err := store.WithdrawalOf(o.RecordID, o.TLP)
	if err != nil {
		return 0, err
	}
	plain, wheader, err := d.Team.sign(o.RecordID, withdrawal)
	if err != nil {
		return 0, err
	}
	sealed, err := d.Team.Keys.seal(oldLevel, o.RecordID, plain)
	if err != nil {
		return 0, err
	}
	wid := o.MsgID + ".withdrawn"
	wseq, err := PublishOver(ctx, d.JS, o.Previous, sealed, wheader, "", o.Based, wid)
	if errors.Is(err, ErrConflict) {
		m, lerr := lastOn(ctx, d.JS, o.Previous, lastSequence(err))
		if lerr != nil {
			return 0, lerr
		}
		if m.MsgID != wid {
			return 0, err
		}
		wseq = m.Seq
	} else if err != nil {
		return 0, err
	}
	return PublishOver(ctx, d.JS, subject, blob, header, o.Previous, wseq, o.MsgID)
}

// subjectParts reads a record subject's level token and record id.
func subjectParts(subject string) (level, recordID string) {
	parts := strings.Split(subject, ".")
	if len(parts) != 5 {
		return "", ""
	}
	return parts[2], parts[4]
}

// keepTheirs fetches the version that beat this desk's and keeps it as a
// conflict, unless it is this desk's own (a retry whose answer was lost).
func (d *Desk) keepTheirs(ctx context.Context, ws string, o store.Outgoing, refused error) error {
	subject := o.Previous
	if subject == "" {
		subject = Subject(ws, o.TLP, o.RecordID)
	}
	m, err := lastOn(ctx, d.JS, subject, lastSequence(refused))
	if err != nil {
		return err
	}
	if m.MsgID == o.MsgID {
		return d.Replica.Sent(store.SentVersion{RecordID: o.RecordID, MsgID: o.MsgID, Seq: m.Seq, Subject: subject})
	}
	level, _ := subjectParts(subject)
	plain, err := d.Team.Keys.open(level, o.RecordID, m.Data)
	if err != nil {
		return err
	}
	version, _, err := d.Team.checkSigned(o.RecordID, plain, m.Header, &d.certs)
	if err != nil {
		return err
	}
	files, err := d.fetchFiles(ctx, ws, level, version)
	if err != nil {
		return err
	}
	return d.Replica.Conflict(o.RecordID, m.Seq, subject, version, files)
}
