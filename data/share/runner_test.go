package share

import (
	"testing"
	"time"

	"convenor/data"
)

// TestARunningDeskSynchronisesOnItsOwn: a change made at a running desk
// reaches the other running desk with nobody asking; with every hub down
// the desk says it is offline and how many changes wait, and sends them
// once a hub is back.
func TestARunningDeskSynchronisesOnItsOwn(t *testing.T) {
	c := cluster(t)
	a, b := desks(t, c, nil)
	statuses := make(chan Status, 100)
	ra, err := Run(storeOf(a), a.Team, time.Hour, func(s Status) { statuses <- s })
	if err != nil {
		t.Fatal(err)
	}
	defer ra.Stop()
	rb, err := Run(storeOf(b), b.Team, 500*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rb.Stop()
	oman := actor(t, storeOf(a), "Oman")
	waitFor(t, "the other desk to hold the change", func() bool { _, err := storeOf(b).Get(oman.ID); return err == nil })
	waitStatus(t, statuses, "a round with nothing waiting", func(s Status) bool { return s.Online && s.Waiting == 0 && !s.LastSync.IsZero() && s.Members == 2 })

	for i := range c.Servers {
		c.Stop(i)
	}
	actor(t, storeOf(a), "Qatar")
	waitStatus(t, statuses, "offline with one change waiting", func(s Status) bool { return !s.Online && s.Waiting == 1 })
	for i := range c.Servers {
		if err := c.Restart(i); err != nil {
			t.Fatal(err)
		}
	}
	waitStatus(t, statuses, "back online with nothing waiting", func(s Status) bool { return s.Online && s.Waiting == 0 && s.Err == nil })
	if ra.Me().Clearance != data.TLPRed || !ra.Administers() || rb.Administers() {
		t.Fatal("who is who")
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(60 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("waited in vain for %s", what)
		}
	}
}

func waitStatus(t *testing.T, statuses <-chan Status, what string, ok func(Status) bool) {
	t.Helper()
	end := time.After(90 * time.Second)
	for {
		select {
		case s := <-statuses:
			if ok(s) {
				return
			}
		case <-end:
			t.Fatalf("waited in vain for %s", what)
		}
	}
}
