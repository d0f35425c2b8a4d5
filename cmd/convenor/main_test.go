package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(cmd string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := commands[cmd](args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestNewDemoThenCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.convenor")
	if code, _, errOut := run("new", "--demo", path); code != 0 {
		t.Fatalf("new: %d %s", code, errOut)
	}
	code, out, _ := run("check", path)
	if code != 0 || !strings.Contains(out, "passes SQLite's quick check") || !strings.Contains(out, "Actors         17") {
		t.Fatalf("check: %d\n%s", code, out)
	}
	if code, _, errOut := run("new", path); code != 1 || !strings.Contains(errOut, "never overwrites") {
		t.Fatalf("new over an existing file: %d %s", code, errOut)
	}
}

func TestCheckRefusesAForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.convenor")
	os.WriteFile(path, []byte("not a workspace"), 0o600)
	code, _, errOut := run("check", path)
	if code != 1 || !strings.Contains(errOut, "is not a Convenor workspace") {
		t.Fatalf("check: %d %q", code, errOut)
	}
}
