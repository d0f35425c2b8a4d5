package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// crashNow is a Convenor that panics on a goroutine of its own, with a
// record's title in the panic, as a bug might.
func crashNow(dir string) {
	recordCrashes(dir)
	go func() { panic("cannot save “Retired Iranian diplomat (demo person)”: field trust") }()
	time.Sleep(10 * time.Second)
}

// A crash on any goroutine leaves a report at the next start: where it
// stopped, in which functions; never the panic's words, which quote a
// record. A run that ends well leaves nothing.
func TestACrashLeavesAReportWithoutRecords(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CONVENOR_CRASH_IN="+dir)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Retired Iranian diplomat") {
		t.Fatalf("the crashing run: %v\n%s", err, out)
	}
	reports := collectCrashes(dir)
	if len(reports) != 1 {
		t.Fatalf("reports %v", reports)
	}
	b, _ := os.ReadFile(reports[0])
	report := string(b)
	for _, want := range []string{"stopped unexpectedly", "panic: (message left out)", "goroutine ", "convenor.crashNow.func1()", "crash_test.go:"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "Iranian") || strings.Contains(report, "trust") {
		t.Errorf("the report quotes the record:\n%s", report)
	}
	if raws, _ := filepath.Glob(filepath.Join(crashFolder(dir), "raw-*")); len(raws) != 0 {
		t.Errorf("raw output left: %v", raws)
	}
	if again := collectCrashes(dir); len(again) != 0 {
		t.Errorf("reported twice: %v", again)
	}

	finish := recordCrashes(dir)
	finish()
	if raws, _ := filepath.Glob(filepath.Join(crashFolder(dir), "raw-*")); len(raws) != 0 {
		t.Errorf("a run that ended well left %v", raws)
	}
	if p := reportPanic(dir, "index out of range in “Tehran back-channel”"); p == "" {
		t.Error("no report for a panic on the window's goroutine")
	} else if b, _ := os.ReadFile(p); strings.Contains(string(b), "Tehran") || !strings.Contains(string(b), "TestACrashLeavesAReportWithoutRecords") {
		t.Errorf("the window's panic report:\n%s", b)
	}
}

// A runtime error's own message names no record and is kept.
func TestRuntimeMessagesAreKept(t *testing.T) {
	r := crashReport("panic: runtime error: index out of range [3] with length 2\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x1d\nsecret(line)\nexit status 2\n", time.Now())
	if !strings.Contains(r, "index out of range [3] with length 2") || !strings.Contains(r, "main.main()") || strings.Contains(r, "secret") || strings.Contains(r, "exit status") {
		t.Errorf("report:\n%s", r)
	}
}
