package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// uiQueue holds what background work handed to the UI goroutine. The test
// driver would run it at once on the worker's goroutine, racing the test
// (a hint list built twice at the same time showed one tag twice); here it
// waits until the test itself runs it, in waitFor, as a real event loop
// would between two of the user's actions.
var uiQueue = make(chan func(), 4096)

func init() {
	onUI = func(f func()) { uiQueue <- f }
}

// runQueued runs, on the test's goroutine, what is waiting for the UI.
func runQueued() {
	for {
		select {
		case f := <-uiQueue:
			f()
		default:
			return
		}
	}
}

// newTestApp starts a test app with nothing left in the queue from an
// earlier test.
func newTestApp(t testing.TB) fyne.App {
	t.Helper()
	a := test.NewApp()
	forget := func() {
		for len(uiQueue) > 0 {
			<-uiQueue
		}
	}
	forget()
	t.Cleanup(func() { a.Quit(); forget() })
	return a
}

// settle waits until the shell's busy work (opening, restoring, unlocking)
// is done and shown.
func settle(t testing.TB, sh *Shell) {
	t.Helper()
	waitFor(t, func() bool { return sh.working.Load() == 0 && (sh.Bench == nil || sh.Bench.working.Load() == 0) })
}

func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	for i := 0; i < 1000; i++ { // up to 10 s: CI machines are slow
		runQueued()
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("timed out")
}
