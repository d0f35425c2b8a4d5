package share

import (
	"context"
	"errors"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"convenor/data/store"
)

// Replica is a desk's own workspace, the replica it works on offline.
type Replica interface {
	Shared() string
	Outbox(ctx context.Context) ([]store.Outgoing, error)
	Sent(recordID, msgID string, seq uint64, subject string) error
	Conflict(recordID string, seq uint64, subject string, blob []byte) error
	Applied() uint64
	Apply(ctx context.Context, seq uint64, subject, recordID string, blob []byte) error
}

// Desk synchronises one replica with the team stream.
type Desk struct {
	Replica Replica
	JS      jetstream.JetStream
}

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
	for _, o := range out {
		subject := o.Previous
		if o.Blob != nil && o.TLP != "" {
			subject = Subject(ws, o.TLP, o.RecordID)
		}
		if subject == "" { // made and deleted here before it was ever sent
			if err := d.Replica.Sent(o.RecordID, o.MsgID, 0, ""); err != nil {
				return rep, err
			}
			continue
		}
		seq, err := PublishOver(ctx, d.JS, subject, o.Blob, o.Previous, o.Based, o.MsgID)
		if errors.Is(err, ErrConflict) {
			if err := d.keepTheirs(ctx, ws, o); err != nil {
				return rep, err
			}
			rep.Conflicts++
			continue
		}
		if err != nil {
			return rep, err
		}
		if err := d.Replica.Sent(o.RecordID, o.MsgID, seq, subject); err != nil {
			return rep, err
		}
		rep.Sent++
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
		return d.Replica.Sent(o.RecordID, o.MsgID, m.Sequence, subject)
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
		if err != nil {
			return n, err
		}
		got := 0
		for m := range batch.Messages() {
			got++
			meta, err := m.Metadata()
			if err != nil {
				return n, err
			}
			id := m.Subject()[strings.LastIndex(m.Subject(), ".")+1:]
			if err := d.Replica.Apply(ctx, meta.Sequence.Stream, m.Subject(), id, m.Data()); err != nil {
				return n, err
			}
			n++
			if meta.Sequence.Stream >= info.State.LastSeq {
				return n, batch.Error()
			}
		}
		if err := batch.Error(); err != nil {
			return n, err
		}
		if got == 0 {
			return n, nil
		}
	}
}
