package share

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
	"convenor/data/store"
)

// A desk reads the stream through one consumer per level it is cleared
// for, plus one for its keys, each filtered to its subjects: the hubs let
// a member make no other. The consumers' messages are merged back into
// stream order, so versions are applied as the stream holds them and a
// key renewal is taken in before the versions sealed under it.

// feed is one consumer of a round and the messages it has fetched.
type feed struct {
	name, filter string
	keys         bool
	cons         jetstream.Consumer
	left         uint64 // messages it had when made that are not yet fetched
	last         uint64 // the stream sequence of the last one fetched
	buf          []jetstream.Msg
}

// applyBatch is how many versions are written in one transaction.
const applyBatch = 500

func (d *Desk) feeds(ws string) []*feed {
	me := d.Team.Me.ID
	var out []*feed
	for _, l := range data.AtMost(d.Team.Me.Clearance) {
		out = append(out, &feed{name: consumerName(me, levelToken(l)), filter: LevelFilter(ws, l)})
	}
	return append(out, &feed{name: consumerName(me, "keys"), filter: KeySubject(ws, me), keys: true})
}

// open (re)makes a feed's consumer to start after stream sequence from.
// An answer lost between hubs is asked for again, not waited for.
func (d *Desk) open(ctx context.Context, ws string, f *feed, from uint64) error {
	for {
		one, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := d.openOnce(one, ws, f, from)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			return err
		}
	}
}

func (d *Desk) openOnce(ctx context.Context, ws string, f *feed, from uint64) error {
	stream := StreamName(ws)
	if err := d.JS.DeleteConsumer(ctx, stream, f.name); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return err
	}
	cons, err := d.JS.CreateOrUpdateConsumer(ctx, stream, jetstream.ConsumerConfig{
		Name:              f.name,
		FilterSubject:     f.filter,
		DeliverPolicy:     jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:       from + 1,
		AckPolicy:         jetstream.AckNonePolicy,
		InactiveThreshold: 2 * time.Minute, // a desk gone mid-round leaves nothing behind
		Replicas:          1,
		MemoryStorage:     true,
	})
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return errors.New("the team workspace's stream does not exist yet: the administering desk makes it when it first synchronises")
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", f.filter, err)
	}
	f.cons, f.last, f.buf = cons, from, nil
	f.left = cons.CachedInfo().NumPending
	return nil
}

// fill fetches the feed's next messages when it has none in hand. A
// fetch that brings nothing although messages are due (a hub lost, the
// consumer with it) makes the consumer again after the last one taken.
func (d *Desk) fill(ctx context.Context, ws string, f *feed) error {
	for len(f.buf) == 0 && f.left > 0 {
		batch, err := f.cons.Fetch(int(min(f.left, applyBatch)), jetstream.FetchMaxWait(2*time.Second))
		if err == nil {
			for m := range batch.Messages() {
				meta, err := m.Metadata()
				if err != nil {
					return err
				}
				if meta.Sequence.Stream <= f.last {
					continue
				}
				f.buf = append(f.buf, m)
				f.last = meta.Sequence.Stream
				f.left = meta.NumPending
			}
			err = batch.Error()
		}
		if len(f.buf) > 0 {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, jetstream.ErrNoHeartbeat) {
			time.Sleep(100 * time.Millisecond) // a hub between leaders
		}
		if err := d.open(ctx, ws, f, f.last); err != nil && ctx.Err() == nil {
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nil
}

// receive takes in the stream's messages after the last applied, in
// stream order, and says how many versions changed something here.
func (d *Desk) receive(ctx context.Context, ws string) (n int, refused []string, err error) {
	from := d.Replica.Applied()
	feeds := d.feeds(ws)
	defer func() {
		stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, f := range feeds {
			if f.cons != nil {
				d.JS.DeleteConsumer(stop, StreamName(ws), f.name)
			}
		}
	}()
	for _, f := range feeds {
		if err := d.open(ctx, ws, f, from); err != nil {
			return 0, nil, err
		}
	}
	// Messages are opened and their signatures checked a batch at a time,
	// on every core: on one, checking 100,000 signatures alone takes ten
	// seconds. Applying them stays in stream order, on this goroutine.
	var pending []jetstream.Msg
	flush := func() error {
		in, err := d.openAll(ctx, ws, pending, &refused)
		pending = pending[:0]
		if err != nil {
			return err
		}
		took, err := d.Replica.Apply(ctx, in...)
		n += took
		return err
	}
	for {
		var next *feed
		for _, f := range feeds {
			if err := d.fill(ctx, ws, f); err != nil {
				return n, refused, err
			}
			if len(f.buf) > 0 && (next == nil || seqOf(f.buf[0]) < seqOf(next.buf[0])) {
				next = f
			}
		}
		if next == nil {
			return n, refused, flush()
		}
		m := next.buf[0]
		next.buf = next.buf[1:]
		if next.keys {
			if err := flush(); err != nil {
				return n, refused, err
			}
			if err := d.Team.takeKeys(d.Replica, m.Data()); err != nil {
				return n, refused, err
			}
			continue
		}
		if pending = append(pending, m); len(pending) == applyBatch {
			if err := flush(); err != nil {
				return n, refused, err
			}
		}
	}
}

// openAll opens and checks a batch of versions, in parallel, and returns
// those to take in, in order, with the files they attach that this desk
// lacks. Versions without a valid signature are left out and named in
// refused.
func (d *Desk) openAll(ctx context.Context, ws string, msgs []jetstream.Msg, refused *[]string) ([]store.Incoming, error) {
	type opened struct {
		version []byte
		sig     *store.Signature
		err     error
	}
	out := make([]opened, len(msgs))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(msgs); i += workers {
				level, id := subjectParts(msgs[i].Subject())
				plain, err := d.Team.Keys.open(level, id, msgs[i].Data())
				if err != nil {
					out[i].err = err
					continue
				}
				out[i].version, out[i].sig, out[i].err = d.Team.checkSigned(id, plain, msgs[i].Headers(), &d.certs)
			}
		}()
	}
	wg.Wait()
	var in []store.Incoming
	for i, m := range msgs {
		o := out[i]
		if errors.Is(o.err, errUnsigned) {
			*refused = append(*refused, o.err.Error())
			continue
		}
		if o.err != nil {
			return nil, o.err
		}
		// A record moved to another label: a desk cleared for it takes
		// the version there; one that is not drops its copy.
		if to, ok := store.WithdrawnTo(o.version); ok && d.Team.Keys.Holds(to) {
			continue
		}
		level, id := subjectParts(m.Subject())
		files, err := d.fetchFiles(ctx, ws, level, o.version)
		if err != nil {
			return nil, err
		}
		in = append(in, store.Incoming{Seq: seqOf(m), Subject: m.Subject(), RecordID: id, Version: o.version, Signed: o.sig, Files: files})
	}
	return in, nil
}

func seqOf(m jetstream.Msg) uint64 {
	meta, _ := m.Metadata() // checked when fetched
	return meta.Sequence.Stream
}
