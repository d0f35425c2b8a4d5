package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

// TestCrashChild is not a test on its own: TestKilledWriterLosesNoCommittedWrite
// runs this test binary as a child that writes until it is killed. It says
// "try ID TITLE" before each write and "ok ID TITLE" once the write returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("CONVENOR_CRASH_WORKSPACE")
	if path == "" {
		t.Skip("only run as the crash test's child")
	}
	var s *Store
	var err error
	if pass := os.Getenv("CONVENOR_CRASH_PASSPHRASE"); pass != "" {
		s, err = OpenSealed(context.Background(), path, pass)
	} else {
		s, err = Open(context.Background(), path)
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	fmt.Println("ready")
	if other := os.Getenv("CONVENOR_CRASH_REKEY"); other != "" {
		// Re-key back and forth until killed.
		cur, next := os.Getenv("CONVENOR_CRASH_PASSPHRASE"), other
		for {
			fmt.Println("try", next)
			if err := s.ChangePassphrase(cur, next); err != nil {
				fmt.Println("error", err)
				os.Exit(3)
			}
			fmt.Println("ok", next)
			cur, next = next, cur
		}
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	var ids []string
	for i := 0; ; i++ {
		if len(ids) > 0 && rng.Intn(4) == 0 {
			id := ids[rng.Intn(len(ids))]
			r, err := s.Get(id)
			if err != nil {
				fmt.Println("error", err)
				os.Exit(3)
			}
			r.Title = fmt.Sprintf("edited %d-%d", os.Getpid(), i)
			fmt.Println("try", id, r.Title)
			if err := s.Update(r); err != nil {
				fmt.Println("error", err)
				os.Exit(3)
			}
			fmt.Println("ok", id, r.Title)
			continue
		}
		r := data.NewRecord(data.Signal)
		r.Title = fmt.Sprintf("signal %d-%d", os.Getpid(), i)
		r.Values["occurred_on"] = "2026-11-25"
		r.Values["signal_type"] = "maritime"
		r.Values["severity"] = int64(2)
		r.Values["summary"] = strings.Repeat("A tanker was boarded near the strait. ", 20)
		fmt.Println("try", "new", r.Title)
		if err := s.Insert(r); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		ids = append(ids, r.ID)
		fmt.Println("ok", r.ID, r.Title)
	}
}

// TestKilledWriterLosesNoCommittedWrite kills a writing child with SIGKILL at
// random moments, 200 times, and after each checks that the workspace opens,
// passes SQLite's integrity check and the audit chain, and holds every write
// the child was told had committed.
func TestKilledWriterLosesNoCommittedWrite(t *testing.T) {
	rounds := 200
	if testing.Short() {
		rounds = 20
	}
	path := filepath.Join(t.TempDir(), "crash.convenor")
	s, err := Create(path, "crash test")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	killWriter(t, path, "", rounds, func() (*Store, error) { return Open(context.Background(), path) })
}

// The same for a sealed workspace, where each write also seals what it
// changed into the attached file: fewer rounds, as each open derives the
// key with Argon2id.
func TestKilledWriterLosesNoCommittedWriteWhenSealed(t *testing.T) {
	rounds := 60
	if testing.Short() {
		rounds = 10
	}
	path := filepath.Join(t.TempDir(), "sealed-crash.convenor")
	const pass = "crash test passphrase"
	s, err := CreateSealed(path, "crash test", pass)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	killWriter(t, path, pass, rounds, func() (*Store, error) { return OpenSealed(context.Background(), path, pass) })
}

func killWriter(t *testing.T, path, pass string, rounds int, open func() (*Store, error)) {
	rng := rand.New(rand.NewSource(1))
	committed := map[string]string{} // id → last title reported committed
	pending := map[string][]string{} // id → titles tried after it
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CONVENOR_CRASH_WORKSPACE="+path, "CONVENOR_CRASH_PASSPHRASE="+pass)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		if l := <-lines; l != "ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: child said %q", round, l)
		}
		deadline := time.After(time.Duration(1+rng.Intn(40)) * time.Millisecond)
		if pass != "" { // unsealing takes a while; leave time to write
			deadline = time.After(time.Duration(20+rng.Intn(60)) * time.Millisecond)
		}
		var said []string
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				said = append(said, l)
			case <-deadline:
				cmd.Process.Signal(syscall.SIGKILL)
				for l := range lines {
					said = append(said, l)
				}
				break read
			}
		}
		cmd.Wait()
		for _, l := range said {
			f := strings.SplitN(l, " ", 3)
			switch f[0] {
			case "error":
				t.Fatalf("round %d: child failed: %s", round, l)
			case "ok":
				committed[f[1]] = f[2]
				delete(pending, f[1])
			case "try":
				if f[1] != "new" {
					pending[f[1]] = append(pending[f[1]], f[2])
				}
			}
		}

		st, err := open()
		if err != nil {
			t.Fatalf("round %d: workspace does not open after the kill: %v", round, err)
		}
		if p, err := st.IntegrityCheck(context.Background()); err != nil || len(p) != 0 {
			t.Fatalf("round %d: integrity: %v %v", round, p, err)
		}
		if rep, err := st.Verify(context.Background()); err != nil || !rep.Intact {
			t.Fatalf("round %d: audit chain: %v %v", round, rep, err)
		}
		for id, title := range committed {
			r, err := st.Get(id)
			if err != nil {
				t.Fatalf("round %d: committed record %s (%q) is gone", round, id, title)
			}
			if r.Title != title && !contains(pending[id], r.Title) {
				t.Fatalf("round %d: record %s is %q, committed as %q", round, id, r.Title, title)
			}
			committed[id] = r.Title // an unreported write that did land is now the truth
		}
		st.Close()
	}
	t.Logf("%d kills, %d records written and checked", rounds, len(committed))
}

// TestKilledReKeyLosesNothing kills a child that changes the passphrase
// back and forth: after each kill, the passphrase last reported (or the one
// being set, if its transaction committed) opens the file with every record.
func TestKilledReKeyLosesNothing(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	path := filepath.Join(t.TempDir(), "rekey.convenor")
	a, b := "first passphrase", "second passphrase"
	s, err := CreateSealed(path, "re-key", a)
	if err != nil {
		t.Fatal(err)
	}
	demo.Fill(s, testNow)
	want, _ := s.Counts(context.Background())
	s.Close()
	current := a
	rng := rand.New(rand.NewSource(2))
	for round := 0; round < rounds; round++ {
		other := b
		if current == b {
			other = a
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CONVENOR_CRASH_WORKSPACE="+path, "CONVENOR_CRASH_PASSPHRASE="+current, "CONVENOR_CRASH_REKEY="+other)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		if !sc.Scan() || sc.Text() != "ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: child: %q", round, sc.Text())
		}
		time.AfterFunc(time.Duration(50+rng.Intn(400))*time.Millisecond, func() { cmd.Process.Signal(syscall.SIGKILL) })
		trying := ""
		for sc.Scan() {
			f := strings.SplitN(sc.Text(), " ", 2)
			switch f[0] {
			case "try":
				trying = f[1]
			case "ok":
				current, trying = f[1], ""
			case "error":
				t.Fatalf("round %d: %s", round, sc.Text())
			}
		}
		cmd.Wait()
		st, err := OpenSealed(context.Background(), path, current)
		if err != nil && trying != "" {
			st, err = OpenSealed(context.Background(), path, trying) // it committed before the kill
			current = trying
		}
		if err != nil {
			t.Fatalf("round %d: neither passphrase opens the file: %v", round, err)
		}
		got, _ := st.Counts(context.Background())
		for k, n := range want {
			if got[k] != n {
				t.Fatalf("round %d: %s %d, want %d", round, k, got[k], n)
			}
		}
		if rep, _ := st.Verify(context.Background()); !rep.Intact {
			t.Fatalf("round %d: chain %v", round, rep)
		}
		st.Close()
	}
}
