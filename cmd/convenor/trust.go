package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"convenor/data"
)

// verify says whether the audit chain and the file are intact; exit 1 when
// not, naming the entry where the chain breaks.
func verify(args []string, out, errOut io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(errOut, "usage: convenor verify PATH")
		return 2
	}
	s, err := openReadOnly(args[0])
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer s.Close()
	code := 0
	problems, err := s.IntegrityCheck()
	switch {
	case err != nil:
		fmt.Fprintln(errOut, err)
		return 1
	case len(problems) > 0:
		fmt.Fprintf(out, "The file is damaged; SQLite's integrity check found:\n")
		for _, p := range problems {
			fmt.Fprintln(out, "  "+p)
		}
		code = 1
	default:
		fmt.Fprintln(out, "The file passes SQLite's full integrity check.")
	}
	rep, err := s.Verify()
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintln(out, rep)
	if !rep.Intact {
		code = 1
	}
	return code
}

// backup writes a rotating backup beside the workspace, or to --to FILE.
func backup(args []string, out, errOut io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(errOut)
	to := fs.String("to", "", "write the backup to this new file instead of PATH's backup folder")
	keep := fs.Int("keep", 10, "rotating backups to keep")
	path, rest := firstArg(args)
	if err := fs.Parse(rest); err != nil || path == "" || fs.NArg() != 0 {
		fmt.Fprintln(errOut, "usage: convenor backup PATH [--to FILE] [--keep N]")
		return 2
	}
	// The file is copied as it is: a sealed workspace's backup is sealed,
	// and no passphrase is needed.
	dest, err := data.BackupFile(path, *to, *keep)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "backed up %s to %s\n", path, dest)
	return 0
}

// restore replaces a closed workspace with a backup, keeping the current
// file aside. Without a backup named, it lists the backups.
func restore(args []string, out, errOut io.Writer) int {
	if len(args) == 1 {
		list, err := data.Backups(args[0])
		if err != nil {
			fmt.Fprintln(errOut, err)
			return 1
		}
		if len(list) == 0 {
			fmt.Fprintf(out, "no backups in %s\n", data.BackupDir(args[0]))
			return 1
		}
		for _, b := range list {
			fmt.Fprintf(out, "%s  %s  %d bytes\n", b.At.Local().Format("2006-01-02 15:04:05"), b.Path, b.Size)
		}
		return 0
	}
	if len(args) != 2 {
		fmt.Fprintln(errOut, "usage: convenor restore PATH [BACKUP]   (without BACKUP: list the backups)")
		return 2
	}
	aside, err := data.Restore(args[0], args[1])
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "restored %s from %s\n", args[0], args[1])
	if aside != "" {
		fmt.Fprintf(out, "the file it replaced is kept as %s\n", aside)
	}
	fmt.Fprintln(out, "the restore goes into the audit trail the next time the workspace is opened for writing")
	return 0
}

// firstArg takes a positional argument from the front of args, so flags may
// follow it.
func firstArg(args []string) (string, []string) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", args
	}
	return args[0], args[1:]
}

// passphraseEnv names the variable scripts give a sealed workspace's
// passphrase in, so it never appears in a command line or shell history.
const passphraseEnv = "CONVENOR_PASSPHRASE"

// openReadOnly opens a workspace to read, unsealing it with the passphrase
// from the environment when it is sealed.
func openReadOnly(path string) (*data.Store, error) {
	sealed, err := data.IsSealed(path)
	if err != nil {
		return nil, err
	}
	if !sealed {
		return data.OpenReadOnly(path)
	}
	pass := os.Getenv(passphraseEnv)
	if pass == "" {
		return nil, fmt.Errorf("%s is sealed with a passphrase; put it in the %s environment variable", path, passphraseEnv)
	}
	return data.OpenSealedReadOnly(path, pass)
}

// seal gives a closed, plain workspace the passphrase in the environment.
func seal(args []string, out, errOut io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintf(errOut, "usage: %s=... convenor seal PATH\n", passphraseEnv)
		return 2
	}
	pass := os.Getenv(passphraseEnv)
	if pass == "" {
		fmt.Fprintf(errOut, "put the new passphrase in the %s environment variable\n", passphraseEnv)
		return 2
	}
	removed, err := data.SealWorkspace(args[0], pass)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s is now sealed with a passphrase.\n", args[0])
	for _, r := range removed {
		fmt.Fprintf(out, "deleted unsealed backup %s\n", r)
	}
	return 0
}
