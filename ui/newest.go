package ui

import (
	"context"
	"sync"
)

// newest runs lookups made while someone types off the UI goroutine, and
// shows only the answer to the latest: an earlier, slower answer arriving
// late must not replace it, and the earlier question's query is cancelled
// so it stops rather than running to the end.
type newest struct {
	mu     sync.Mutex
	asked  int
	cancel context.CancelFunc
}

// askNewest runs work in the background, then show on the UI goroutine
// unless a newer question was asked meanwhile.
func askNewest[T any](n *newest, work func(ctx context.Context) T, show func(T)) {
	ctx, cancel := context.WithCancel(context.Background())
	n.mu.Lock()
	n.asked++
	mine := n.asked
	if n.cancel != nil {
		n.cancel()
	}
	n.cancel = cancel
	n.mu.Unlock()
	go func() {
		answer := work(ctx)
		onUI(func() {
			n.mu.Lock()
			late := mine != n.asked
			n.mu.Unlock()
			if !late {
				show(answer)
			}
		})
	}()
}
