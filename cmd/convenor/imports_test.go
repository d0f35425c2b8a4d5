package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommand: a dry run names every bad row and writes nothing;
// the import of a file with a bad row is refused, naming line and column;
// the good file comes in with --map, --set, --title and --empty; the
// workspace's signals can go out as XLSX and come back unchanged.
func TestImportCommand(t *testing.T) {
	path := demoFile(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "attacks.csv")
	good := "vessel,when,where,what\nMv Tricolor,2026-03-01,Strait of Hormuz,boarded\nNA,2026-03-02,Gulf of Aden,\"fired upon;\ncrew unharmed\"\n"
	os.WriteFile(file, []byte(good+"Mv Atlantic,2026-02-30,Red Sea,x\nMv Pacific,2026-03-04,Red Sea,+9\n"), 0o600)
	args := []string{"signal", file, "--workspace", path, "--map", "when=Date", "--map", "where=place", "--map", "what=summary",
		"--set", "signal_type=maritime", "--set", "severity=2", "--title", "{vessel} at {where}", "--empty", "NA"}
	code, out, errOut := run("import", append(args, "--dry-run")...)
	if code != 1 || !strings.Contains(out, "4 rows: 3 to add") || !strings.Contains(errOut, "line 5, column “when”: must be a date") {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	_, before, _ := run("list", "signal", "--workspace", path)
	code, _, errOut = run("import", args...)
	if code != 1 || !strings.Contains(errOut, "nothing was imported from attacks.csv: line 5, column “when”") {
		t.Fatalf("import with a bad row: %d %q", code, errOut)
	}
	if _, after, _ := run("list", "signal", "--workspace", path); after != before {
		t.Fatal("a refused import changed the signals")
	}
	os.WriteFile(file, []byte(good), 0o600)
	if code, out, errOut = run("import", args...); code != 0 || out != "attacks.csv: 2 signals added, 0 updated, 0 unchanged\n" {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	xlsx := filepath.Join(dir, "signals.xlsx")
	if code, _, errOut = run("export", "signal", "--workspace", path, "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Fatal(errOut)
	}
	if code, out, errOut = run("import", "signal", xlsx, "--workspace", path); code != 0 || out != "signals.xlsx: 0 signals added, 0 updated, 7 unchanged\n" {
		t.Fatalf("re-import of the export: %d %q %q", code, out, errOut)
	}
	if code, _, errOut = run("import", "signal", file, "--workspace", path, "--map", "nowhere=place"); code != 1 || !strings.Contains(errOut, "the file has no column “nowhere”") {
		t.Fatalf("a mapping of a column not there: %d %q", code, errOut)
	}
}

// TestImportEventsCommand: the GDELT 2.0 sample, its actors not in the
// workspace listed; a second run changes nothing.
func TestImportEventsCommand(t *testing.T) {
	sample := "../../../shared/data/gdelt/gdelt2-sample.export.tsv"
	if _, err := os.Stat(sample); err != nil {
		t.Skip("the GDELT sample is not beside this checkout")
	}
	path := demoFile(t)
	code, out, errOut := run("import", "events", sample, "--workspace", path)
	if code != 0 || !strings.Contains(out, "100 signals added") || !strings.Contains(out, "actors not in the workspace, left unlinked") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	if code, out, _ = run("import", "events", sample, "--workspace", path); code != 0 || !strings.Contains(out, "0 signals added, 0 updated, 100 unchanged") {
		t.Fatalf("again: %d %q", code, out)
	}
}

// TestArchiveAndRestoreCommands: a workspace archived and restored into a
// new one holds the same records and verifies; a damaged archive is
// refused with its line, the workspace unchanged.
func TestArchiveAndRestoreCommands(t *testing.T) {
	path := demoFile(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "desk.convenor-archive")
	code, out, errOut := run("archive", path, "--out", file)
	if code != 0 || !strings.Contains(out, "records, 0 files") {
		t.Fatalf("archive: %d %q %q", code, out, errOut)
	}
	if code, _, errOut = run("archive", path, "--out", file); code != 1 || !strings.Contains(errOut, "exists") {
		t.Fatalf("archive over an existing file: %d %q", code, errOut)
	}
	fresh := filepath.Join(dir, "fresh.convenor")
	if code, _, errOut = run("new", fresh); code != 0 {
		t.Fatal(errOut)
	}
	b, _ := os.ReadFile(file)
	lines := strings.Split(string(b), "\n")
	lines[5] = lines[5][:len(lines[5])/2]
	damaged := filepath.Join(dir, "damaged.convenor-archive")
	os.WriteFile(damaged, []byte(strings.Join(lines, "\n")), 0o600)
	if code, _, errOut = run("restore-archive", damaged, "--workspace", fresh); code != 1 || !strings.Contains(errOut, "line 6 of the archive cannot be read") {
		t.Fatalf("damaged: %d %q", code, errOut)
	}
	code, out, errOut = run("restore-archive", file, "--workspace", fresh)
	if code != 0 || !strings.Contains(out, "0 conflicts") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	_, want, _ := run("list", "actor", "--workspace", path)
	if _, got, _ := run("list", "actor", "--workspace", fresh); got != want {
		t.Errorf("the actors differ:\n%s\n%s", got, want)
	}
	if code, out, errOut = run("verify", fresh); code != 0 {
		t.Fatalf("verify: %d %s %s", code, out, errOut)
	}
}

// TestBriefingCommand: a PDF, labelled; a wrong label refused.
func TestBriefingCommand(t *testing.T) {
	path := demoFile(t)
	pdf := filepath.Join(t.TempDir(), "briefing.pdf")
	code, out, errOut := run("briefing", path, "--out", pdf, "--max-tlp", "amber")
	if code != 0 || !strings.Contains(out, "labelled TLP:AMBER (nothing above TLP:AMBER)") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	if b, _ := os.ReadFile(pdf); !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatal("not a PDF")
	}
	if code, _, errOut = run("briefing", path, "--out", pdf+"2", "--max-tlp", "purple"); code != 2 || !strings.Contains(errOut, "is not a TLP label") {
		t.Fatalf("%d %q", code, errOut)
	}
}
