package share

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
)

// Tests run a real three-hub JetStream cluster on 127.0.0.1 in this
// process: no mocks.

// hubs is a test cluster and the authority its hubs trust.
type hubs struct {
	*Cluster
	auth *Authority
}

func cluster(t testing.TB) *hubs { return clusterIn(t, t.TempDir()) }

// clusterIn runs the hubs with their stores under dir.
func clusterIn(t testing.TB, dir string) *hubs {
	t.Helper()
	auth, err := NewAuthority("ws1")
	if err != nil {
		t.Fatal(err)
	}
	trust, err := auth.Trust()
	if err != nil {
		t.Fatal(err)
	}
	c, err := StartLocalCluster(dir, "test", 3, trust)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Shutdown)
	return &hubs{c, auth}
}

// connect is a connection with every right, as the administering desk has.
func connect(t testing.TB, c *hubs) jetstream.JetStream {
	t.Helper()
	creds, _, err := c.auth.credentials("test", nil)
	if err != nil {
		t.Fatal(err)
	}
	return connectAs(t, c, creds.Option())
}

func connectAs(t testing.TB, c *hubs, opts ...nats.Option) jetstream.JetStream {
	t.Helper()
	nc, err := nats.Connect(strings.Join(c.URLs(), ","), append(opts, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func stream(t testing.TB, js jetstream.JetStream) jetstream.Stream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := EnsureStream(ctx, js, "ws1", Replicas)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestThreeHubsHoldEveryVersion: the workspace's stream has a leader and
// two replicas, and a version published is there.
func TestThreeHubsHoldEveryVersion(t *testing.T) {
	c := cluster(t)
	js := connect(t, c)
	s := stream(t, js)
	ctx := context.Background()
	subj := Subject("ws1", data.TLPAmber, "rec-1")
	if subj != "cv.ws1.amber.r.rec-1" {
		t.Fatalf("subject %s", subj)
	}
	seq, err := Publish(ctx, js, subj, []byte("sealed v1"), 0, "edit-1")
	if err != nil || seq != 1 {
		t.Fatalf("%d %v", seq, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Cluster == nil || info.Cluster.Leader == "" || len(info.Cluster.Replicas) != 2 {
		t.Fatalf("cluster %+v", info.Cluster)
	}
}

// TestOneOfTwoConcurrentEditsWins: two desks edit the same version of a
// record at once; in every round exactly one is stored, the other is told
// it conflicts: nothing is silently overwritten.
func TestOneOfTwoConcurrentEditsWins(t *testing.T) {
	c := cluster(t)
	js := connect(t, c)
	other := connect(t, c)
	stream(t, js)
	ctx := context.Background()
	for round := 0; round < 50; round++ {
		subj := Subject("ws1", data.TLPAmber, fmt.Sprintf("rec-%d", round))
		base, err := Publish(ctx, js, subj, []byte("v1"), 0, fmt.Sprintf("r%d-v1", round))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, desk := range []jetstream.JetStream{js, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = Publish(ctx, desk, subj, []byte(fmt.Sprintf("v2 from desk %d", i)), base, fmt.Sprintf("r%d-desk%d", round, i))
			}()
		}
		wg.Wait()
		won, lost := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, ErrConflict):
				lost++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won != 1 || lost != 1 {
			t.Fatalf("round %d: %d stored, %d conflicts", round, won, lost)
		}
	}
}

// TestARetryIsStoredOnce: a desk that timed out and publishes the same
// edit again (the same message id) finds it stored once.
func TestARetryIsStoredOnce(t *testing.T) {
	c := cluster(t)
	js := connect(t, c)
	s := stream(t, js)
	ctx := context.Background()
	subj := Subject("ws1", data.TLPRed, "rec-1")
	first, err := Publish(ctx, js, subj, []byte("v1"), 0, "edit-1")
	if err != nil {
		t.Fatal(err)
	}
	again, err := js.Publish(ctx, subj, []byte("v1"), jetstream.WithMsgID("edit-1"))
	if err != nil || !again.Duplicate || again.Sequence != first {
		t.Fatalf("retry: %+v %v", again, err)
	}
	info, _ := s.Info(ctx)
	if info.State.Msgs != 1 {
		t.Fatalf("%d messages", info.State.Msgs)
	}
}

// TestLosingTheStreamLeaderLosesNothing: while a desk sends 200 edits,
// the hub leading the stream goes down; the desk retries each edit with
// its own id until it is stored, and the stream holds each exactly once.
func TestLosingTheStreamLeaderLosesNothing(t *testing.T) {
	c := cluster(t)
	js := connect(t, c)
	s := stream(t, js)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	const edits = 200
	var failover time.Duration
	for i := 0; i < edits; i++ {
		if i == edits/4 {
			info, err := s.Info(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for n, srv := range c.Servers {
				if srv.Name() == info.Cluster.Leader {
					c.Stop(n)
				}
			}
		}
		subj := Subject("ws1", data.TLPAmber, fmt.Sprintf("rec-%d", i))
		began := time.Now()
		for {
			one, stop := context.WithTimeout(ctx, 2*time.Second)
			_, err := Publish(one, js, subj, []byte("v1"), 0, fmt.Sprintf("edit-%d", i))
			stop()
			if err == nil || errors.Is(err, ErrConflict) { // a conflict on a retry: the first copy is in
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("edit %d never stored: %v", i, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
		failover = max(failover, time.Since(began))
	}
	t.Logf("the longest wait for one edit to be stored: %v", failover)
	var info *jetstream.StreamInfo
	for {
		one, stop := context.WithTimeout(ctx, 2*time.Second)
		var err error
		info, err = s.Info(one)
		stop()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatal(err)
		}
	}
	if info.State.Msgs != edits || info.State.NumSubjects != edits {
		t.Fatalf("%d messages on %d subjects, want %d", info.State.Msgs, info.State.NumSubjects, edits)
	}
}

// filesContaining lists the files under dir holding any of words.
func filesContaining(dir string, words []string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, w := range words {
			if bytes.Contains(b, []byte(w)) {
				found = append(found, path+": "+w)
			}
		}
		return nil
	})
	return found, err
}
