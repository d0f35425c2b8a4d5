package share

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
	"convenor/data/store"
)

// A running desk keeps its workspace synchronised in the background: a
// round after every change made here (a second's pause gathers a burst
// of them), and every interval to take in what others sent. Offline, the
// changes wait in the outbox, and the connection keeps trying the hubs;
// the window is told how things stand after every round.

// Status is how a desk's synchronising stands.
type Status struct {
	Online    bool
	Waiting   int       // changes made here, not yet sent
	Conflicts int       // records whose two versions wait for a choice
	Withheld  int       // records labelled above this desk's clearance
	Refused   int       // versions without a valid member's signature, not taken in
	LastSync  time.Time // the last round that finished (zero: none yet)
	Members   int       // on the administering desk; 0 elsewhere
	Err       error     // what stopped the last round, if anything
}

// Runner synchronises one open workspace until stopped.
type Runner struct {
	st       *store.Store
	desk     *Desk
	nc       *nats.Conn
	every    time.Duration
	onStatus func(Status)
	kick     chan struct{}
	stop     context.CancelFunc
	done     chan struct{}

	mu      sync.Mutex // one round, invitation or revocation at a time
	members atomic.Pointer[[]Member]
	last    Status // the runner goroutine's own
}

// Run starts synchronising st as the member m describes, every interval
// and after each change; onStatus is called (from the runner's goroutine)
// after every round and connection change. It returns at once: the
// connection is made on the runner's goroutine, so a hub slow to answer
// never holds up the caller (the window).
func Run(st *store.Store, m *Membership, every time.Duration, onStatus func(Status)) (*Runner, error) {
	r := &Runner{st: st, every: every, onStatus: onStatus, kick: make(chan struct{}, 1), done: make(chan struct{}),
		desk: &Desk{Replica: st, Team: m}}
	r.publishMembers()
	var ctx context.Context
	ctx, r.stop = context.WithCancel(context.Background())
	unsubscribe := st.Subscribe(func(data.Changed) { r.Kick() })
	go func() {
		defer close(r.done)
		defer unsubscribe()
		if r.connect() {
			r.Kick()
			r.loop(ctx)
		}
	}()
	return r, nil
}

// connect opens the connection, which then keeps trying the hubs for as
// long as it is open; false when it cannot even be set up (a damaged
// certificate authority), said through onStatus.
func (r *Runner) connect() bool {
	nc, err := r.desk.Team.Connect(nats.RetryOnFailedConnect(true),
		nats.ConnectHandler(func(*nats.Conn) { r.Kick() }),
		nats.ReconnectHandler(func(*nats.Conn) { r.Kick() }),
		nats.DisconnectErrHandler(func(*nats.Conn, error) { r.Kick() }))
	var js jetstream.JetStream
	if err == nil {
		if js, err = jetstream.New(nc); err != nil {
			nc.Close()
		}
	}
	if err != nil {
		if r.onStatus != nil {
			r.onStatus(Status{Err: err})
		}
		return false
	}
	r.mu.Lock()
	r.nc, r.desk.JS = nc, js
	r.mu.Unlock()
	return true
}

// Kick asks for a round soon (after changes here, or on demand).
func (r *Runner) Kick() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Stop ends synchronising and closes the connection; a round under way
// is cancelled (what it wrote stays written).
func (r *Runner) Stop() {
	r.stop()
	<-r.done
	if r.nc != nil {
		r.nc.Close()
	}
}

func (r *Runner) loop(ctx context.Context) {
	tick := time.NewTicker(r.every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-r.kick:
			// gather a burst of changes into one round
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
		r.round(ctx)
	}
}

func (r *Runner) round(ctx context.Context) {
	st := r.last
	st.Online = r.nc.IsConnected()
	st.Err = nil
	if st.Online {
		one, cancel := context.WithTimeout(ctx, 5*time.Minute)
		r.mu.Lock()
		rep, err := r.desk.Sync(one)
		r.mu.Unlock()
		cancel()
		if ctx.Err() != nil {
			return
		}
		st.Withheld = len(rep.Withheld)
		st.Refused += len(rep.Refused)
		if err != nil {
			st.Err = err
		} else {
			st.LastSync = time.Now()
		}
		st.Online = r.nc.IsConnected()
	} else if err := r.nc.LastError(); err != nil {
		st.Err = err
	}
	var err error
	st.Waiting, st.Conflicts, err = r.st.ShareCounts(ctx)
	if err != nil && st.Err == nil && !errors.Is(err, context.Canceled) {
		st.Err = err
	}
	st.Members = len(r.Members())
	r.last = st
	if r.onStatus != nil {
		r.onStatus(st)
	}
}

// Me is this desk as a member.
func (r *Runner) Me() Member { return r.desk.Team.Me }

// Administers says whether this desk administers the workspace.
func (r *Runner) Administers() bool { return r.desk.Team.Authority != nil }

// Workspace is the team workspace's name.
func (r *Runner) Workspace() string { return r.desk.Team.Workspace }

// Members lists the members not revoked, as the administering desk knows
// them (nil elsewhere).
func (r *Runner) Members() []Member {
	var live []Member
	for _, m := range r.Everyone() {
		if m.Revoked == nil {
			live = append(live, m)
		}
	}
	return live
}

// Everyone lists every member the administering desk knows, revoked ones
// too. It never waits for a round under way: the window asks.
func (r *Runner) Everyone() []Member {
	if p := r.members.Load(); p != nil {
		return *p
	}
	return nil
}

// publishMembers keeps a copy of the members for Everyone, taken while
// nothing else changes them.
func (r *Runner) publishMembers() {
	all := append([]Member(nil), r.desk.Team.Members...)
	r.members.Store(&all)
}

// Invite admits a member (see Membership.Invite).
func (r *Runner) Invite(name string, clearance data.TLP, code string) ([]byte, *Member, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	file, m, err := r.desk.Team.Invite(r.st, name, clearance, code)
	r.publishMembers()
	return file, m, err
}

// Revoke removes a member (see Membership.Revoke); it needs the hubs.
func (r *Runner) Revoke(ctx context.Context, idOrName string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.nc == nil || !r.nc.IsConnected() {
		return errors.New("the hubs cannot be reached: a member can be revoked only while online")
	}
	err := r.desk.Team.Revoke(ctx, r.st, r.desk.JS, idOrName)
	r.publishMembers()
	return err
}
