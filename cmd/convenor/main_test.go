package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
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

func TestListAndShowReadTheDescriptions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.convenor")
	if code, _, errOut := run("new", "--demo", path); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := run("list", "risk", "--workspace", path, "--sort", "score", "--desc")
	if code != 0 || !strings.Contains(out, "NEXT REVIEW") || !strings.HasSuffix(out, "7 risks\n") {
		t.Fatalf("list: %d %s\n%s", code, errOut, out)
	}
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[1], "Domestic backlash") || !strings.Contains(lines[1], " 20 ") {
		t.Errorf("highest score not first: %q", lines[1])
	}

	code, out, _ = run("list", "engagement", "--workspace", path, "--json", "--text", "Islamabad conference")
	var recs []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &recs) != nil || len(recs) != 1 {
		t.Fatalf("list --json: %d %s", code, out)
	}
	id := recs[0]["id"].(string)

	code, out, _ = run("show", "engagement", id, "--workspace", path, "--json")
	var rec map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &rec) != nil {
		t.Fatalf("show --json: %d %s", code, out)
	}
	parts, _ := rec["participants"].([]any)
	if rec["eng_type"] != "conference" || len(parts) < 4 || rec["tlp"] != "TLP:AMBER" {
		t.Errorf("show --json: %v", rec)
	}
	code, out, _ = run("show", "engagement", id, "--workspace", path)
	if code != 0 || !strings.Contains(out, "Participants") || !strings.Contains(out, "(host)") {
		t.Errorf("show: %s", out)
	}

	if code, _, errOut := run("show", "actor", id, "--workspace", path); code != 1 || !strings.Contains(errOut, "no actor with id") {
		t.Errorf("show with the wrong kind: %d %s", code, errOut)
	}
	if code, _, errOut := run("list", "gossip", "--workspace", path); code != 2 || !strings.Contains(errOut, "kinds: actor") {
		t.Errorf("unknown kind: %d %s", code, errOut)
	}
}

func TestVerifyBackupRestoreCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.convenor")
	if code, _, errOut := run("new", "--demo", path); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ := run("verify", path)
	if code != 0 || !strings.Contains(out, "full integrity check") || !strings.Contains(out, "audit trail is intact") {
		t.Fatalf("verify: %d %s", code, out)
	}
	code, out, _ = run("backup", path)
	if code != 0 || !strings.Contains(out, "desk.backups") {
		t.Fatalf("backup: %d %s", code, out)
	}
	backupPath := strings.TrimSpace(out[strings.LastIndex(out, " to ")+4:])

	// Someone edits the audit log by hand.
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE audit SET title = 'nothing to see' WHERE seq = 7"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, _ = run("verify", path)
	if code != 1 || !strings.Contains(out, "broken at entry 7") {
		t.Fatalf("verify after a hand edit: %d %s", code, out)
	}

	code, out, _ = run("restore", path)
	if code != 0 || !strings.Contains(out, backupPath) {
		t.Fatalf("restore list: %d %s", code, out)
	}
	code, out, errOut := run("restore", path, backupPath)
	if code != 0 || !strings.Contains(out, "kept as") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run("verify", path); code != 0 {
		t.Errorf("verify after restore: %s", out)
	}
}

func TestExportCommandLeavesOutWhatIsAbove(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "demo.convenor")
	run("new", "--demo", path)
	csvPath := filepath.Join(dir, "actors.csv")
	code, out, errOut := run("export", "actor", "--workspace", path, "--format", "csv", "--max-tlp", "amber", "--out", csvPath)
	if code != 0 || !strings.Contains(out, "labelled TLP:AMBER") || !strings.Contains(out, "left out") {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	b, _ := os.ReadFile(csvPath)
	if !strings.HasPrefix(string(b), "TLP:AMBER,") || strings.Contains(string(b), ",TLP:RED,") {
		t.Errorf("csv:\n%s", b)
	}
	if code, _, _ := run("export", "actor", "--workspace", path, "--out", csvPath); code != 1 {
		t.Error("export overwrote a file")
	}
}

func TestSealedWorkspaceOnTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sealed.convenor")
	t.Setenv(passphraseEnv, "")
	if code, _, _ := run("new", "--demo", "--sealed", path); code != 1 {
		t.Fatal("sealed without a passphrase")
	}
	t.Setenv(passphraseEnv, "correct horse battery")
	if code, _, errOut := run("new", "--demo", "--sealed", path); code != 0 {
		t.Fatal(errOut)
	}
	if code, out, _ := run("list", "actor", "--workspace", path); code != 0 || !strings.Contains(out, "17 actors") {
		t.Fatalf("list: %s", out)
	}
	t.Setenv(passphraseEnv, "wrong horse battery")
	if code, _, errOut := run("list", "actor", "--workspace", path); code != 1 || !strings.Contains(errOut, "not the right one") {
		t.Errorf("wrong passphrase: %s", errOut)
	}
	t.Setenv(passphraseEnv, "")
	if code, out, _ := run("check", path); code != 0 || !strings.Contains(out, "a sealed Convenor workspace") {
		t.Errorf("check without the passphrase: %s", out)
	}
	if code, out, _ := run("backup", path); code != 0 || !strings.Contains(out, "backed up") {
		t.Errorf("backup without the passphrase: %s", out)
	}
	t.Setenv(passphraseEnv, "correct horse battery")
	exp := filepath.Join(dir, "actors.sealed")
	if code, _, errOut := run("export", "actor", "--workspace", path, "--out", exp); code != 2 || !strings.Contains(errOut, exportPassphraseEnv) {
		t.Errorf("export without an export passphrase: %d %s", code, errOut)
	}
	t.Setenv(exportPassphraseEnv, "export passphrase")
	if code, _, errOut := run("export", "actor", "--workspace", path, "--out", exp); code != 0 {
		t.Fatal(errOut)
	}
	if b, _ := os.ReadFile(exp); strings.Contains(string(b), "Pakistan") {
		t.Error("the export of a sealed workspace is readable")
	}
	if code, out, _ := run("open-export", exp); code != 0 || !strings.Contains(out, "Pakistan") {
		t.Errorf("open-export: %d", code)
	}
}

// The network goes out for Gephi and yEd from the command line, capped,
// into a new file only.
func TestExportTheNetwork(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "demo.convenor")
	if code, _, errOut := run("new", "--demo", path); code != 0 {
		t.Fatalf("new: %d %s", code, errOut)
	}
	file := filepath.Join(dir, "desk network.graphml")
	code, out, errOut := run("export", "network", "--workspace", path, "--max-tlp", "green", "--out", file)
	if code != 0 || !strings.Contains(out, "4 actors and 4 relationships, labelled TLP:GREEN") {
		t.Fatalf("export network: %d %q %q", code, out, errOut)
	}
	b, _ := os.ReadFile(file)
	if !strings.Contains(string(b), `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`) || strings.Count(string(b), "<node ") != 4 {
		t.Errorf("the file:\n%.400s", b)
	}
	if code, _, _ := run("export", "network", "--workspace", path, "--out", file); code == 0 {
		t.Error("an existing file was overwritten")
	}
	if code, _, errOut := run("export", "network", "--workspace", path, "--format", "dot"); code == 0 || !strings.Contains(errOut, "use graphml or gexf") {
		t.Errorf("an unknown format: %d %q", code, errOut)
	}
}
