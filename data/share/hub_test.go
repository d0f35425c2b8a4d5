package share

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"convenor/data"
)

// TestThreeHubsFromTheirConfigFilesOverTLS: the files the administering
// desk writes run three hubs (as `convenor hub` runs them); desks reach
// them over TLS checked against the workspace's own authority, with their
// credentials, and a member joins and receives. A client that does not
// trust the authority, or has no credentials, is refused.
func TestThreeHubsFromTheirConfigFilesOverTLS(t *testing.T) {
	ports, err := freePorts(3)
	if err != nil {
		t.Fatal(err)
	}
	var hubs []string
	for _, p := range ports {
		hubs = append(hubs, fmt.Sprintf("nats://127.0.0.1:%d", p))
	}
	st := sealed(t, "admin")
	facilitator := labelled(t, st, "Doha facilitator", data.TLPAmber)
	m, err := Start(st, "ws-tls", "Islamabad desk", hubs)
	if err != nil {
		t.Fatal(err)
	}
	files, err := m.HubFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 10 {
		t.Fatalf("%d files", len(files))
	}
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for i := range hubs {
		s, err := RunHub(fmt.Sprintf("hub-%d.conf", i+1), false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	}
	admin := deskOf(t, st, m)
	// The hubs elect a JetStream leader and take in the account first.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		one, stop := context.WithTimeout(ctx, 5*time.Second)
		_, err := admin.Sync(one)
		stop()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the hubs never took the workspace: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, err := admin.JS.Conn().TLSConnectionState(); err != nil {
		t.Fatalf("not over TLS: %v", err)
	}
	muscat := invite(t, admin, "Muscat desk", data.TLPAmber)
	if rep := syncRound(t, muscat); rep.Received != 2 { // the record and the team's vocabulary
		t.Fatalf("%+v", rep)
	}
	if r, err := storeOf(muscat).Get(facilitator.ID); err != nil || r.Title != facilitator.Title {
		t.Fatalf("%v %v", r, err)
	}

	if nc, err := nats.Connect(hubs[0], m.Creds.Option(), nats.Secure(), nats.MaxReconnects(0)); err == nil {
		nc.Close()
		t.Fatal("a client trusting only the system's authorities connected")
	} else if !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the workspace's authority: %v", err)
	}
	bare := *m
	bare.Creds = Credentials{}
	if nc, err := bare.Connect(nats.MaxReconnects(0)); err == nil {
		nc.Close()
		t.Fatal("a client without credentials connected")
	} else if !strings.Contains(strings.ToLower(err.Error()), "authorization") {
		t.Fatalf("without credentials: %v", err)
	}
}
