package ui

import "sync"

// newest runs lookups made while someone types off the UI goroutine, and
// shows only the answer to the latest: an earlier, slower answer arriving
// late must not replace it.
type newest struct {
	mu    sync.Mutex
	asked int
}

// askNewest runs work in the background, then show on the UI goroutine
// unless a newer question was asked meanwhile.
func askNewest[T any](n *newest, work func() T, show func(T)) {
	n.mu.Lock()
	n.asked++
	mine := n.asked
	n.mu.Unlock()
	go func() {
		answer := work()
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
