package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets a test run the real program: the test binary, started with
// CONVENOR_RUN_MAIN=1, is convenor itself.
func TestMain(m *testing.M) {
	if os.Getenv("CONVENOR_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	if dir := os.Getenv("CONVENOR_CRASH_IN"); dir != "" {
		crashNow(dir)
	}
	// The heads of audit trails seen go to a folder of the tests' own, not
	// the user's (the program run by a test inherits it).
	data, err := os.MkdirTemp("", "convenor-data")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_DATA_HOME", data)
	code := m.Run()
	os.RemoveAll(data)
	os.Exit(code)
}

// convenor runs the program as a user would, with env added.
func convenor(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), append([]string{"CONVENOR_RUN_MAIN=1"}, env...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

func demoFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.convenor")
	if code, _, errOut := run("new", "--demo", path); code != 0 {
		t.Fatal(errOut)
	}
	return path
}

// TestFlagsInAnyOrder: a flag before the command, between its arguments or
// after them means the same.
func TestFlagsInAnyOrder(t *testing.T) {
	path := demoFile(t)
	for _, args := range [][]string{
		{"--workspace", path, "list", "actor"},
		{"list", "--workspace", path, "actor"},
		{"list", "actor", "--workspace=" + path},
		{"-workspace", path, "list", "--limit", "50", "actor"},
	} {
		var out, errOut bytes.Buffer
		code, gui, _ := dispatch(args, &out, &errOut)
		if gui || code != 0 || !strings.Contains(out.String(), "17 actors") {
			t.Errorf("%v: code %d, window %v, %s%s", args, code, gui, out.String(), errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code, gui, _ := dispatch([]string{"--workspace", path, "verify"}, &out, &errOut); gui || code != 0 {
		t.Errorf("--workspace before verify: %d %s", code, errOut.String())
	}
	if code, gui, ws := dispatch([]string{"--workspace", path}, &out, &errOut); !gui || code != 0 || ws != path {
		t.Errorf("--workspace alone opens the window on it: %v %q", gui, ws)
	}
	// A desktop opening a file passes its path alone, odd names and all.
	odd := filepath.Join(t.TempDir(), "desk #2 & ایران?.convenor")
	for _, p := range []string{path, odd} {
		if code, gui, ws := dispatch([]string{p}, &out, &errOut); !gui || code != 0 || ws != p {
			t.Errorf("%s alone: window %v, workspace %q, code %d", p, gui, ws, code)
		}
	}
}

// TestUnknownCommandsAndFlagsAreNamed: nothing unknown opens the window.
func TestUnknownCommandsAndFlagsAreNamed(t *testing.T) {
	for args, want := range map[string]string{
		"frobnicate":        `no command "frobnicate"`,
		"--frob":            "unknown flag --frob",
		"list actor --frob": "flag provided but not defined: -frob",
		"list":              "missing KIND",
		"show actor":        "missing ID",
		"check a b":         `unexpected "b"`,
		"--workspace":       "--workspace needs a file name",
		"help frobnicate":   `no command "frobnicate"`,
	} {
		var out, errOut bytes.Buffer
		code, gui, _ := dispatch(strings.Fields(args), &out, &errOut)
		if gui || code != 2 || !strings.Contains(errOut.String(), want) {
			t.Errorf("%s: code %d, window %v, %q", args, code, gui, errOut.String())
		}
	}
}

// TestHelpListsEveryCommandAndFlag: convenor --help and convenor help
// COMMAND name every command, flag and variable, with an example.
func TestHelpListsEveryCommandAndFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	if code, _, _ := dispatch([]string{"--help"}, &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	for _, c := range catalogue {
		if !strings.Contains(out.String(), "  "+c.name+" ") || !strings.Contains(out.String(), c.example) {
			t.Errorf("help does not list %s with its example", c.name)
		}
	}
	for _, v := range []string{passphraseEnv, exportPassphraseEnv} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("help does not name %s", v)
		}
	}
	for cmd, flags := range map[string][]string{
		"new":    {"--sealed", "--demo"},
		"list":   {"--limit N", "--workspace FILE", "--sort KEY", "--json", "--desc"},
		"backup": {"--keep", "--to FILE"},
		"export": {"--plain", "--max-tlp LABEL", exportPassphraseEnv},
	} {
		out.Reset()
		if code, _, _ := dispatch([]string{"help", cmd}, &out, &errOut); code != 0 {
			t.Fatal(errOut.String())
		}
		for _, f := range flags {
			if !strings.Contains(out.String(), f) {
				t.Errorf("help %s does not show %s:\n%s", cmd, f, out.String())
			}
		}
		if !strings.Contains(out.String(), "example:") {
			t.Errorf("help %s has no example", cmd)
		}
		again := &bytes.Buffer{}
		commands[cmd]([]string{"--help"}, again, &errOut)
		if again.String() != out.String() {
			t.Errorf("%s --help differs from help %s", cmd, cmd)
		}
	}
}

// TestHeadlessCommandsPrintNoFyneLogInAnyLocale, and without a display the
// window's absence is one sentence, not a panic.
func TestHeadlessCommandsPrintNoFyneLogInAnyLocale(t *testing.T) {
	path := demoFile(t)
	for _, locale := range []string{"C", "C.UTF-8", "POSIX", "en_US.UTF-8", "fa_IR.UTF-8", "he_IL", "de_DE.UTF-8@euro", ""} {
		env := []string{"LANG=" + locale, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="}
		code, out, errOut := convenor(t, env, "list", "actor", "--workspace", path)
		if code != 0 || errOut != "" || !strings.Contains(out, "17 actors") {
			t.Errorf("LANG=%q: code %d, stderr %q", locale, code, errOut)
		}
		code, _, errOut = convenor(t, append(env, "LC_ALL="+locale), "check", path)
		if code != 0 || errOut != "" {
			t.Errorf("LC_ALL=%q: code %d, stderr %q", locale, code, errOut)
		}
	}
	code, out, errOut := convenor(t, []string{"DISPLAY=", "WAYLAND_DISPLAY=", "XDG_DATA_HOME=" + t.TempDir()})
	if code != 1 || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "needs a graphical desktop") {
		t.Errorf("no display: code %d, %q %q", code, out, errOut)
	}
	code, out, errOut = convenor(t, []string{"DISPLAY=:97", "WAYLAND_DISPLAY=", "XDG_DATA_HOME=" + t.TempDir()})
	if code != 1 || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "does not answer") {
		t.Errorf("a display that does not answer: code %d, %q %q", code, out, errOut)
	}
}

// TestCommandLineMistakesChangeNothing: the attacks a new user makes by
// accident, each refused in a sentence with nothing changed.
func TestCommandLineMistakesChangeNothing(t *testing.T) {
	path := demoFile(t)
	dir := filepath.Dir(path)
	if code, out, _ := run("backup", path); code != 0 {
		t.Fatal(out)
	}
	for _, keep := range []string{"0", "-1"} {
		code, _, errOut := run("backup", path, "--keep", keep)
		if code != 2 || !strings.Contains(errOut, "keep at least 1") {
			t.Errorf("--keep %s: %d %q", keep, code, errOut)
		}
	}
	if code, out, _ := run("restore", path); code != 0 || strings.Count(out, ".convenor") != 1 {
		t.Errorf("a refused --keep deleted backups: %s", out)
	}

	nowhere := filepath.Join(dir, "no", "such", "dir", "x.convenor")
	code, _, errOut := run("new", nowhere)
	if code != 1 || !strings.Contains(errOut, "folder does not exist") {
		t.Errorf("new in a missing folder: %d %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
		t.Error("new made folders nobody asked for")
	}

	notes := filepath.Join(dir, "notes.convenor")
	os.WriteFile(notes, []byte("minutes of the dinner"), 0o600)
	if code, _, errOut := run("restore", notes); code != 1 || !strings.Contains(errOut, "not a Convenor workspace") {
		t.Errorf("restore on a text file: %d %q", code, errOut)
	}
	folder := filepath.Join(dir, "folder.convenor")
	os.Mkdir(folder, 0o700)
	for _, cmd := range []string{"restore", "check", "verify"} {
		if code, _, errOut := run(cmd, folder); code != 1 || !strings.Contains(errOut, "folder, not a file") {
			t.Errorf("%s on a folder: %d %q", cmd, code, errOut)
		}
	}

	os.Chmod(path, 0o444)
	before := names(t, dir)
	for _, cmd := range []string{"check", "verify"} {
		if code, _, errOut := run(cmd, path); code != 0 {
			t.Errorf("%s on a read-only file: %d %s", cmd, code, errOut)
		}
	}
	t.Setenv(passphraseEnv, "correct horse battery")
	if code, _, errOut := run("seal", path); code != 1 || !strings.Contains(errOut, "read-only") {
		t.Errorf("seal of a read-only file: %d %q", code, errOut)
	}
	if after := names(t, dir); strings.Join(after, "|") != strings.Join(before, "|") {
		t.Errorf("reading a read-only file left files beside it:\n%v\n%v", before, after)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestListBeforeTheFirstStartSaysHowToBegin.
func TestListBeforeTheFirstStartSaysHowToBegin(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	code, _, errOut := run("list", "actor")
	if code != 1 || !strings.Contains(errOut, "no workspace yet") || !strings.Contains(errOut, "convenor new --demo FILE") {
		t.Errorf("%d %q", code, errOut)
	}
}
