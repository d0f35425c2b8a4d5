package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/store"
)

// TestATeamWorkspaceFromTheCommandLine: a sealed demo workspace is shared
// on three hubs, each run as `convenor hub` from the files `share` wrote;
// a member is invited at AMBER and joins with the code; it holds the
// records up to AMBER and nothing above; the member is listed, revoked,
// and listed as revoked.
func TestATeamWorkspaceFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	admin := filepath.Join(dir, "islamabad.convenor")
	t.Setenv(passphraseEnv, "correct horse battery")
	if code, _, errOut := run("new", "--demo", "--sealed", admin); code != 0 {
		t.Fatal(errOut)
	}
	var hubs []string
	for i := 0; i < 3; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		hubs = append(hubs, fmt.Sprintf("nats://127.0.0.1:%d", l.Addr().(*net.TCPAddr).Port))
		l.Close()
	}
	conf := filepath.Join(dir, "hubs")
	code, out, errOut := run("share", admin, "--name", "peace-talks", "--as", "Islamabad desk", "--hubs", strings.Join(hubs, ","), "--hub-config", conf)
	if code != 0 || !strings.Contains(out, "administered here") {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	if code, _, errOut := run("share", admin, "--name", "again", "--as", "x", "--hubs", hubs[0], "--hub-config", conf); code != 1 || !strings.Contains(errOut, "exists") {
		t.Fatalf("sharing into an existing folder: %d %s", code, errOut)
	}
	var stops []func()
	for i := range hubs {
		hub := exec.Command(os.Args[0], "hub", "--config", filepath.Join(conf, fmt.Sprintf("hub-%d.conf", i+1)))
		hub.Env = append(os.Environ(), "CONVENOR_RUN_MAIN=1")
		var logs bytes.Buffer
		hub.Stdout, hub.Stderr = &logs, &logs
		if err := hub.Start(); err != nil {
			t.Fatal(err)
		}
		var once sync.Once
		stop := func() {
			once.Do(func() {
				hub.Process.Signal(syscall.SIGTERM)
				if err := hub.Wait(); err != nil {
					t.Errorf("hub %d: %v\n%s", i+1, err, logs.String())
				}
			})
		}
		stops = append(stops, stop)
		t.Cleanup(stop)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		code, out, errOut := run("sync", admin)
		if code == 0 {
			t.Log(out)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the hubs never took the workspace: %s", errOut)
		}
		time.Sleep(500 * time.Millisecond)
	}

	invitation := filepath.Join(dir, "muscat.convenor-invitation")
	code, out, errOut = run("invite", admin, "--name", "Muscat desk", "--clearance", "amber", "--out", invitation)
	if code != 0 {
		t.Fatal(errOut)
	}
	fields := strings.Fields(out)
	inviteCode := fields[len(fields)-1]
	member := filepath.Join(dir, "muscat.convenor")
	t.Setenv(invitationCodeEnv, "not the code at all")
	t.Setenv(passphraseEnv, "a passphrase of Muscat's own")
	if code, _, errOut := run("join", invitation, "--out", member); code != 1 || !strings.Contains(errOut, "code is wrong") {
		t.Fatalf("a wrong code: %d %s", code, errOut)
	}
	if _, err := os.Stat(member); err == nil {
		t.Fatal("a wrong code left a workspace behind")
	}
	t.Setenv(invitationCodeEnv, inviteCode)
	code, out, errOut = run("join", invitation, "--out", member)
	if code != 0 || !strings.Contains(out, "cleared to TLP:AMBER") {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	t.Log(out)
	s, err := store.OpenSealed(context.Background(), member, "a passphrase of Muscat's own")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, k := range data.Kinds {
		recs, err := s.List(context.Background(), data.Query{Kind: k, Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.TLP.Rank() < data.TLPAmber.Rank() {
				t.Fatalf("%s (%s) reached the AMBER desk", r.Title, r.TLP)
			}
			n++
		}
	}
	s.Close()
	if n == 0 {
		t.Fatal("the member received nothing")
	}

	t.Setenv(passphraseEnv, "correct horse battery")
	if code, out, _ := run("members", admin); code != 0 || !strings.Contains(out, "Muscat desk") || !strings.Contains(out, "TLP:AMBER") {
		t.Fatalf("%d %s", code, out)
	}
	if code, _, errOut := run("revoke", admin, "--member", "Muscat desk"); code != 0 {
		t.Fatal(errOut)
	}
	if code, out, _ := run("members", admin); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("%d %s", code, out)
	}
	t.Setenv(passphraseEnv, "a passphrase of Muscat's own")
	if code, _, errOut := run("sync", member); code != 1 || !strings.Contains(strings.ToLower(errOut), "authorization") {
		t.Fatalf("the revoked member synchronised: %d %s", code, errOut)
	}

	// The hubs stopped, their folders hold none of the demo's text.
	for _, stop := range stops {
		stop()
	}
	t.Setenv(passphraseEnv, "correct horse battery")
	s, err = store.OpenSealed(context.Background(), admin, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, k := range data.Kinds {
		recs, _ := s.List(context.Background(), data.Query{Kind: k, Limit: 10000})
		for _, r := range recs {
			if len(r.Title) >= 12 {
				words = append(words, r.Title)
			}
		}
	}
	s.Close()
	if len(words) < 30 {
		t.Fatalf("only %d titles to look for", len(words))
	}
	var found []string
	filepath.WalkDir(conf, func(path string, d fs.DirEntry, err error) error {
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
	if len(found) > 0 {
		t.Fatalf("the demo's text on the hubs: %v", found)
	}
	t.Logf("%d demo titles looked for in the hubs' folders, none found", len(words))
}
