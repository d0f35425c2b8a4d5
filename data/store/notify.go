package store

import (
	"sort"
	"sync"

	"convenor/data"
)

// After each committed write (an edit, a delete, an undo, a restore's
// entry, a change to the workspace itself) the store says what changed to
// everyone who subscribed: the sidebar counts, lists, the open form and the
// views refresh from that one notice instead of each write's caller
// refreshing them by hand. A write that fails says nothing.

// changes is what the write under way has changed so far.
type changes struct {
	ids       map[string]*data.Kind
	workspace bool
	// fromStream: the write takes in another desk's version, which is
	// not queued to be sent back.
	fromStream bool
	// vocabulary: the write changed the vocabulary, which is sent as a
	// record is.
	vocabulary bool
}

// notifier holds the subscribers and the write under way's changes.
type notifier struct {
	writing sync.Mutex // one write at a time: pending belongs to it
	pending *changes

	mu   sync.Mutex
	next int
	subs map[int]func(data.Changed)
}

// Subscribe calls fn after every committed write with what it changed. fn
// runs on the writing goroutine, after the write's locks are released, so
// it may read the store; a window hands the notice to its UI goroutine.
// The returned function ends the subscription.
func (s *Store) Subscribe(fn func(data.Changed)) (cancel func()) {
	n := &s.notes
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.subs == nil {
		n.subs = map[int]func(data.Changed){}
	}
	id := n.next
	n.next++
	n.subs[id] = fn
	return func() {
		n.mu.Lock()
		delete(n.subs, id)
		n.mu.Unlock()
	}
}

// changed notes that the write under way changed record id of kind k.
func (s *Store) changed(id string, k *data.Kind) {
	if p := s.notes.pending; p != nil {
		p.ids[id] = k
	}
}

// changedWorkspace notes that the write under way changed the workspace
// itself (its name, its passphrase, a restore).
func (s *Store) changedWorkspace() {
	if p := s.notes.pending; p != nil {
		p.workspace = true
	}
}

// notify tells every subscriber what a committed write changed.
func (s *Store) notify(c *changes) {
	if c == nil || (len(c.ids) == 0 && !c.workspace) {
		return
	}
	out := data.Changed{Workspace: c.workspace}
	kinds := map[*data.Kind]bool{}
	for id, k := range c.ids {
		out.IDs = append(out.IDs, id)
		if k != nil && !kinds[k] {
			kinds[k] = true
			out.Kinds = append(out.Kinds, k)
		}
	}
	sort.Strings(out.IDs)
	sort.Slice(out.Kinds, func(i, j int) bool { return out.Kinds[i].Name < out.Kinds[j].Name })
	s.notes.mu.Lock()
	subs := make([]func(data.Changed), 0, len(s.notes.subs))
	for _, fn := range s.notes.subs {
		subs = append(subs, fn)
	}
	s.notes.mu.Unlock()
	for _, fn := range subs {
		fn(out)
	}
}
