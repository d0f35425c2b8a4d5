package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// An idle window must not repaint. Fyne's test driver runs no animations
// and has no paint loop, so this is checked with the real driver: the test
// binary is started again as the app itself (TestMain), in a real window
// under Xvfb, once per screen and dialog, all at once, and each one's CPU
// time over a quiet interval is compared with a bare Fyne window holding
// one entry, measured alongside. No entry has the focus: a focused entry's
// cursor blinks in whichever window the display gives the keyboard, which
// is Fyne's own cost and would make the comparison a lottery. So this is
// stricter than comparing with a blinking bare window (scripts/bench-desktop
// does that, for a lone window). A window that repaints at frame rate uses
// a whole core; one at rest, next to nothing.

// idleScreens are what the user can leave on screen, and how to get there.
var idleScreens = map[string]func(sh *Shell){
	"dashboard":    func(sh *Shell) {}, // what a first start shows
	"heat map":     func(sh *Shell) { sh.Bench.showView(sh.Bench.heatmap) },
	"stakeholders": func(sh *Shell) { sh.Bench.showView(sh.Bench.stakeholders) },
	"network map":  func(sh *Shell) { sh.Bench.showView(sh.Bench.network) },
	"calendar":     func(sh *Shell) { sh.Bench.showView(sh.Bench.calendar) },
	"roadmap":      func(sh *Shell) { sh.Bench.showView(sh.Bench.roadmap) },
	"timeline":     func(sh *Shell) { sh.Bench.showView(sh.Bench.timeline) },
	"actors list":  func(sh *Shell) { sh.Bench.showKind(data.Actor) },
	"record form": func(sh *Shell) {
		recs, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Risk, Limit: 1})
		sh.Bench.openRecord(recs[0].ID)
	},
	"search":        func(sh *Shell) { sh.Bench.showSearch() },
	"export dialog": func(sh *Shell) { sh.Bench.askExport() },
	"settings":      func(sh *Shell) { sh.showSettings() },
	"history": func(sh *Shell) {
		recs, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Risk, Limit: 1})
		r, _ := sh.Store.Get(recs[0].ID)
		sh.Bench.showHistory(r)
	},
	"audit trail":    func(sh *Shell) { sh.Bench.showAuditTrail() },
	"check result":   func(sh *Shell) { sh.checkWorkspace() },
	"restore dialog": func(sh *Shell) { sh.askRestore() },
	"delete confirm": func(sh *Shell) {
		recs, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Actor, Limit: 1})
		sh.Bench.confirmDelete([]string{recs[0].ID}, "“"+recs[0].Title+"”", nil)
	},
	"locked":  nil, // a sealed workspace waiting for its passphrase
	"refused": nil, // a file that is not a workspace
}

func TestMain(m *testing.M) {
	if screen := os.Getenv("CONVENOR_IDLE_SCREEN"); screen != "" {
		runIdleChild(screen)
		return
	}
	os.Exit(m.Run())
}

// runIdleChild is the app (or the bare window) the parent measures.
func runIdleChild(screen string) {
	onUI = fyne.Do // a real event loop, not the tests' queue
	dir := os.Getenv("CONVENOR_IDLE_DIR")
	a := app.NewWithID("io.convenor.idle-test")
	if screen == "bare" {
		w := a.NewWindow("bare")
		e := widget.NewEntry()
		w.SetContent(e)
		w.Resize(fyne.NewSize(1280, 800))
		w.ShowAndRun()
		return
	}
	sh := NewShell(a, dir)
	sh.Win.Resize(fyne.NewSize(1280, 800))
	path := filepath.Join(dir, "demo.convenor")
	switch screen {
	case "locked":
		path = filepath.Join(dir, "sealed.convenor")
	case "refused":
		path = filepath.Join(dir, "notes.convenor")
	}
	sh.openThen(path, false, false, func() {
		if go2 := idleScreens[screen]; go2 != nil && sh.Store != nil {
			go2(sh)
		}
		// A focused entry's cursor blinks, and so repaints, in whichever
		// window has the display's keyboard: Fyne's own cost, the same as
		// a bare window's, and not what is measured here.
		sh.Win.Canvas().Unfocus()
		fmt.Println("shown")
	})
	sh.Win.ShowAndRun()
}

// cpuTicks is the process's user and system time, in 1/100 s.
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b)[strings.LastIndexByte(string(b), ')')+2:])
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return u + s
}

// startXvfb starts a virtual display for the test, or skips it saying why.
func startXvfb(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("SKIPPED: Xvfb is not installed (scripts/env.sh installs it); the idle window is not measured")
	}
	for n := 70 + os.Getpid()%100; n < 200; n++ {
		sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		if _, err := os.Stat(sock); err == nil {
			continue
		}
		x := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", "1280x800x24", "-nolisten", "tcp")
		if err := x.Start(); err != nil {
			t.Skipf("SKIPPED: Xvfb does not start: %v", err)
		}
		t.Cleanup(func() { x.Process.Kill(); x.Wait() })
		for i := 0; i < 100; i++ {
			if _, err := os.Stat(sock); err == nil {
				return fmt.Sprintf(":%d", n)
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Skip("SKIPPED: Xvfb started but its display never appeared")
	}
	t.Skip("SKIPPED: no free display number")
	return ""
}

// startIdleChild starts the child for screen and returns it once it has
// shown what it was asked to.
func startIdleChild(t *testing.T, display, dir, screen string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "WAYLAND_DISPLAY=", "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"CONVENOR_IDLE_SCREEN="+screen, "CONVENOR_IDLE_DIR="+dir, "LANG=en_US.UTF-8")
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGKILL); cmd.Wait() })
	if screen == "bare" {
		return cmd
	}
	shown := make(chan bool, 1)
	go func() {
		buf := make([]byte, 256)
		var got strings.Builder
		for {
			n, err := out.Read(buf)
			got.Write(buf[:n])
			if strings.Contains(got.String(), "shown") {
				shown <- true
				return
			}
			if err != nil {
				shown <- false
				return
			}
		}
	}()
	select {
	case ok := <-shown:
		if !ok {
			t.Fatalf("%s: the app ended before showing", screen)
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("%s: not shown within 90 s", screen)
	}
	return cmd
}

// TestAnIdleWindowDoesNotRepaint: on every screen and dialog, with a
// workspace open, locked or refused, the window at rest costs no more
// than a bare window. All windows run at once on one display and are
// measured over the same quiet interval.
func TestAnIdleWindowDoesNotRepaint(t *testing.T) {
	if testing.Short() {
		t.Skip("a real window under Xvfb; not in -short")
	}
	display := startXvfb(t)
	dir := t.TempDir()
	s, err := createDemo(filepath.Join(dir, "demo.convenor"), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = createDemo(filepath.Join(dir, "sealed.convenor"), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	os.WriteFile(filepath.Join(dir, "notes.convenor"), []byte("not a workspace"), 0o600)

	screens := []string{"bare"}
	for screen := range idleScreens {
		screens = append(screens, screen)
	}
	procs := map[string]*exec.Cmd{}
	for _, screen := range screens {
		// Each its own copy of the workspace: one writer per file.
		sub := filepath.Join(dir, strings.ReplaceAll(screen, " ", "-"))
		os.Mkdir(sub, 0o700)
		for _, f := range []string{"demo.convenor", "sealed.convenor", "notes.convenor"} {
			b, _ := os.ReadFile(filepath.Join(dir, f))
			os.WriteFile(filepath.Join(sub, f), b, 0o600)
		}
		procs[screen] = startIdleChild(t, display, sub, screen)
	}
	// Start-up work (first frames, the backup on open, the race
	// detector's own start) is over well before this.
	time.Sleep(4 * time.Second)
	const quiet = 3 * time.Second
	start := map[string]int{}
	for screen, cmd := range procs {
		start[screen] = cpuTicks(t, cmd.Process.Pid)
	}
	time.Sleep(quiet)
	used := map[string]int{}
	for screen, cmd := range procs {
		used[screen] = cpuTicks(t, cmd.Process.Pid) - start[screen]
	}
	bare := used["bare"]
	limit := bare*3/2 + 10 // 0.1 s of slack: a few ticks are noise at this scale
	t.Logf("bare window: %d ticks over %v; limit %d", bare, quiet, limit)
	for _, screen := range screens[1:] {
		t.Logf("%-15s %4d ticks", screen, used[screen])
		if used[screen] > limit {
			t.Errorf("%s: %d ticks of CPU over %v at rest, more than %d (a bare window: %d); something repaints the window without end",
				screen, used[screen], quiet, limit, bare)
		}
	}
}
