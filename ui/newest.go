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

// askNewest runs work in the background under a context that ends with
// parent (the workspace closing) or with the next question, then, on the
// UI goroutine, show with its answer or failed with its error, unless a
// newer question was asked meanwhile.
func askNewest[T any](parent context.Context, n *newest, work func(ctx context.Context) (T, error), show func(T), failed func(error)) {
	ctx, cancel := context.WithCancel(parent)
	n.mu.Lock()
	n.asked++
	mine := n.asked
	if n.cancel != nil {
		n.cancel()
	}
	n.cancel = cancel
	n.mu.Unlock()
	go func() {
		answer, err := work(ctx)
		onUI(func() {
			n.mu.Lock()
			late := mine != n.asked
			n.mu.Unlock()
			switch {
			case late || ctx.Err() != nil:
			case err != nil:
				failed(err)
			default:
				show(answer)
			}
		})
	}()
}
