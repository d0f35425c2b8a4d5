package share

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"convenor/data/store"
)

// Replica is a desk's own workspace, the replica it works on offline.
type Replica interface {
	Shared() string
	Outbox(ctx context.Context) ([]store.Outgoing, error)
	Sent(sent ...store.SentVersion) error
	Conflict(recordID string, seq uint64, subject string, blob []byte) error
	Applied() uint64
	Apply(ctx context.Context, in ...store.Incoming) error
}

// Desk synchronises one replica with the team stream.
type Desk struct {
	Replica Replica
	JS      jetstream.JetStream
}

// sentBatch is how many stored versions are written down at once.
const sentBatch = 256

// Report says what one round of synchronising did.
type Report struct {
	Sent, Received, Conflicts int
}

// Sync sends what waits in the outbox, then takes in every version the
// stream has that this desk has not: one round, from where the last one
// stopped. A version sent while another desk's came first is not stored:
// theirs is kept here as a conflict and this desk's change is held.
func (d *Desk) Sync(ctx context.Context) (Report, error) {
	var rep Report
	ws := d.Replica.Shared()
	if ws == "" {
		return rep, errors.New("this workspace is not shared")
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
		if o.Blob != nil && o.TLP != "" {
			subject = Subject(ws, o.TLP, o.RecordID)
		}
		if subject == "" { // made and deleted here before it was ever sent
			sent = append(sent, store.SentVersion{RecordID: o.RecordID, MsgID: o.MsgID})
			continue
		}
		seq, err := PublishOver(ctx, d.JS, subject, o.Blob, o.Previous, o.Based, o.MsgID)
		if errors.Is(err, ErrConflict) {
			if err := flush(); err != nil {
				return rep, err
			}
			if err := d.keepTheirs(ctx, ws, o); err != nil {
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
	n, err := d.receive(ctx, ws)
	rep.Received = n
	return rep, err
}

// keepTheirs fetches the version that beat this desk's and keeps it as a
// conflict, unless it is this desk's own (a retry whose answer was lost).
func (d *Desk) keepTheirs(ctx context.Context, ws string, o store.Outgoing) error {
	s, err := d.JS.Stream(ctx, StreamName(ws))
	if err != nil {
		return err
	}
	subject := o.Previous
	if subject == "" {
		subject = Subject(ws, o.TLP, o.RecordID)
	}
	m, err := s.GetLastMsgForSubject(ctx, subject)
	if err != nil {
		return err
	}
	if m.Header.Get(jetstream.MsgIDHeader) == o.MsgID {
		return d.Replica.Sent(store.SentVersion{RecordID: o.RecordID, MsgID: o.MsgID, Seq: m.Sequence, Subject: subject})
	}
	return d.Replica.Conflict(o.RecordID, m.Sequence, subject, m.Data)
}

// receive takes in the stream's messages after the last applied, in
// stream order, through an ordered consumer.
func (d *Desk) receive(ctx context.Context, ws string) (int, error) {
	s, err := d.JS.Stream(ctx, StreamName(ws))
	if err != nil {
		return 0, err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0, err
	}
	from := d.Replica.Applied()
	if info.State.LastSeq <= from {
		return 0, nil
	}
	c, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverByStartSequencePolicy, OptStartSeq: from + 1})
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		batch, err := c.FetchNoWait(500)
		if errors.Is(err, nats.ErrNoResponders) {
			// A hub between leaders: the round goes on once there is one.
			select {
			case <-ctx.Done():
				return n, ctx.Err()
			case <-time.After(50 * time.Millisecond):
				continue
			}
		}
		if err != nil {
			return n, err
		}
		var in []store.Incoming
		done := false
		for m := range batch.Messages() {
			meta, err := m.Metadata()
			if err != nil {
				return n, err
			}
			id := m.Subject()[strings.LastIndex(m.Subject(), ".")+1:]
			in = append(in, store.Incoming{Seq: meta.Sequence.Stream, Subject: m.Subject(), RecordID: id, Blob: m.Data()})
			done = done || meta.Sequence.Stream >= info.State.LastSeq
		}
		got := len(in)
		if err := d.Replica.Apply(ctx, in...); err != nil {
			return n, err
		}
		n += got
		if done {
			return n, nil
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrNoResponders) {
			return n, err
		}
		if got == 0 {
			if d.Replica.Applied() >= info.State.LastSeq {
				return n, nil
			}
			time.Sleep(20 * time.Millisecond) // the consumer catching up
		}
	}
}
