package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

// A Go panic ends the program with a stack trace on standard error, which
// a desktop throws away. The runtime is asked to write a copy into the
// data folder (debug.SetCrashOutput); at the next start that copy becomes
// a crash report holding only what the runtime itself wrote (where, in
// which functions) and never a panic's own message, which could quote a
// record. A panic on the window's goroutine is reported at once, the same
// way.

// crashFolder is where the reports are kept.
func crashFolder(dataDir string) string { return filepath.Join(dataDir, "crash-reports") }

// recordCrashes has the runtime copy a fatal crash's output to a file of
// this run's own; finish removes it when nothing was written.
func recordCrashes(dataDir string) (finish func()) {
	dir := crashFolder(dataDir)
	if os.MkdirAll(dir, 0o700) != nil {
		return func() {}
	}
	f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("raw-%d-%d.txt", time.Now().Unix(), os.Getpid())), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return func() {}
	}
	if debug.SetCrashOutput(f, debug.CrashOptions{}) != nil {
		f.Close()
		os.Remove(f.Name())
		return func() {}
	}
	return func() {
		debug.SetCrashOutput(nil, debug.CrashOptions{})
		st, err := f.Stat()
		f.Close()
		if err == nil && st.Size() == 0 {
			os.Remove(f.Name())
		}
	}
}

// collectCrashes turns what earlier runs' runtime wrote into reports and
// returns their paths. A raw file still empty is a run that ended without
// crashing (killed, or still running: it is left alone until it is old).
func collectCrashes(dataDir string) []string {
	dir := crashFolder(dataDir)
	raws, _ := filepath.Glob(filepath.Join(dir, "raw-*.txt"))
	var reports []string
	for _, raw := range raws {
		st, err := os.Stat(raw)
		if err != nil {
			continue
		}
		if st.Size() == 0 {
			if time.Since(st.ModTime()) > 7*24*time.Hour {
				os.Remove(raw)
			}
			continue
		}
		b, err := os.ReadFile(raw)
		if err != nil {
			continue
		}
		report := filepath.Join(dir, "crash-"+st.ModTime().UTC().Format("20060102-150405")+".txt")
		if os.WriteFile(report, []byte(crashReport(string(b), st.ModTime())), 0o600) == nil {
			os.Remove(raw)
			reports = append(reports, report)
		}
	}
	return reports
}

// reportPanic writes a report for a panic recovered on the window's
// goroutine, and returns its path ("" if it could not be written).
func reportPanic(dataDir string, recovered any) string {
	dir := crashFolder(dataDir)
	os.MkdirAll(dir, 0o700)
	raw := fmt.Sprintf("panic: %v\n\n%s", recovered, debug.Stack())
	path := filepath.Join(dir, "crash-"+time.Now().UTC().Format("20060102-150405")+".txt")
	if os.WriteFile(path, []byte(crashReport(raw, time.Now())), 0o600) != nil {
		return ""
	}
	return path
}

var (
	// Lines the runtime writes about where it was: goroutine headers,
	// function frames, file:line, signals.
	crashFrame = regexp.MustCompile(`^(goroutine \d+ \[[^\]]*\]:|created by .*|[\w./*()\-\[\]]+\([0-9a-fx., {}?]*\)|\t.*\.(go|s):\d+( \+0x[0-9a-f]+)?|\[signal .*\]|\.\.\.additional frames elided\.\.\.)$`)
	// Messages the runtime writes itself, which quote nothing of ours.
	runtimeMessage = regexp.MustCompile(`^(panic|fatal error): (runtime error: [^"]*|concurrent map [a-z ]+|all goroutines are asleep - deadlock!|out of memory|stack overflow|unexpected signal during runtime execution|invalid memory address or nil pointer dereference)( \[recovered\])?$`)
)

// crashReport keeps of raw crash output only the runtime's own lines.
func crashReport(raw string, at time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Convenor %s stopped unexpectedly at %s.\nThis report holds where it stopped, not what it was working on:\na panic's own message is left out, as it could quote a record.\n\n",
		Version(""), at.UTC().Format(time.RFC3339))
	sc := bufio.NewScanner(strings.NewReader(raw))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		switch {
		case line == "":
			b.WriteString("\n")
		case strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: "):
			if runtimeMessage.MatchString(line) {
				b.WriteString(line + "\n")
			} else {
				kind, _, _ := strings.Cut(line, ": ")
				b.WriteString(kind + ": (message left out)\n")
			}
		case crashFrame.MatchString(line):
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
