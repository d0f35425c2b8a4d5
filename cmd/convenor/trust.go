package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"convenor/data"
	"convenor/data/anchor"
	"convenor/data/store"
)

func init() {
	register(&command{
		name: "verify", args: "PATH", maxArgs: 1,
		summary: "run SQLite's full integrity check and check the audit trail's hash chain",
		example: "convenor verify desk.convenor",
		env:     []string{passphraseEnv + ": the passphrase of a sealed workspace"},
		setup:   onWorkspace(verify),
	})
	register(&command{
		name: "backup", args: "PATH", maxArgs: 1,
		summary: "copy a workspace while it may be in use (rotating, beside it, or to a new file)",
		example: "convenor backup desk.convenor --keep 20",
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file`, instead of PATH")
			to := fs.String("to", "", "write the backup to this new `file` instead of PATH's backup folder")
			keep := fs.Int("keep", 10, "how many rotating backups to keep, the new one included (at least 1)")
			return func(pos []string, out, errOut io.Writer) int {
				path := workspaceArg(pos, *ws, errOut)
				if path == "" {
					return 2
				}
				if *keep < 1 {
					fmt.Fprintf(errOut, "convenor backup: --keep %d would delete the backup being made; keep at least 1\n", *keep)
					return 2
				}
				return backup(path, *to, *keep, out, errOut)
			}
		},
	})
	register(&command{
		name: "restore", args: "PATH [BACKUP]", maxArgs: 2,
		summary: "list a workspace's backups, or put one back (the current file is kept aside)",
		example: "convenor restore desk.convenor desk.backups/desk-20261126-101500.convenor",
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file`, instead of PATH")
			return func(pos []string, out, errOut io.Writer) int {
				if *ws != "" {
					pos = append([]string{*ws}, pos...)
				}
				switch len(pos) {
				case 0:
					workspaceArg(nil, "", errOut)
					return 2
				case 1:
					return listBackups(pos[0], out, errOut)
				case 2:
					return restore(pos[0], pos[1], out, errOut)
				}
				fmt.Fprintln(errOut, "convenor restore: give the workspace and at most one backup")
				return 2
			}
		},
	})
	register(&command{
		name: "seal", args: "PATH", maxArgs: 1,
		summary: "give a closed workspace a passphrase (its plain backups are deleted)",
		example: passphraseEnv + "=... convenor seal desk.convenor",
		env:     []string{passphraseEnv + ": the passphrase of a sealed workspace"},
		setup:   onWorkspace(seal),
	})
}

// verify says whether the audit chain and the file are intact; exit 1 when
// not, naming the entry where the chain breaks.
func verify(path string, out, errOut io.Writer) int {
	s, err := openReadOnly(path)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer s.Close()
	code := 0
	problems, err := s.IntegrityCheck(ctx)
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
	rep, err := s.Verify(ctx)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintln(out, rep)
	if !rep.Intact {
		code = 1
	}
	// The head this machine saw last is the one thing a rewritten file
	// cannot change.
	f, checked, err := checkAnchor(s)
	switch {
	case err != nil:
		fmt.Fprintln(errOut, err)
		return 1
	case !checked:
		fmt.Fprintln(out, "This workspace has no id yet (it was written by an older Convenor); open it once for writing to have its trail's head noted on this machine.")
	default:
		fmt.Fprintln(out, f)
		if f.Standing == anchor.Behind || f.Standing == anchor.Diverged {
			code = 1
		}
	}
	return code
}

// checkAnchor sets the workspace's trail against the head this machine saw
// last (data/anchor), and notes the current one.
func checkAnchor(s *store.Store) (anchor.Finding, bool, error) {
	path, err := anchor.DefaultPath()
	if err != nil {
		return anchor.Finding{}, false, err
	}
	book, err := anchor.Load(path)
	if err != nil {
		return anchor.Finding{}, false, err
	}
	return s.CheckAnchor(ctx, book)
}

// backup writes a rotating backup beside the workspace, or to a new file.
// The file is copied as it is: a sealed workspace's backup is sealed, and
// no passphrase is needed.
func backup(path, to string, keep int, out, errOut io.Writer) int {
	dest, err := store.BackupFile(ctx, path, to, keep)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "backed up %s to %s\n", path, dest)
	return 0
}

// listBackups lists a workspace's backups, newest first. A file that is
// there but is no workspace is said to be so, not to have no backups.
func listBackups(path string, out, errOut io.Writer) int {
	if _, err := os.Stat(path); err == nil {
		if _, err := store.IsSealed(ctx, path); err != nil && !errors.Is(err, data.ErrDamaged) {
			fmt.Fprintln(errOut, err)
			return 1
		}
	}
	list, err := store.Backups(ctx, path)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	if len(list) == 0 {
		fmt.Fprintf(out, "no backups in %s\n", store.BackupDir(path))
		return 1
	}
	for _, b := range list {
		fmt.Fprintf(out, "%s  %s  %d bytes\n", b.At.Local().Format("2006-01-02 15:04:05"), b.Path, b.Size)
	}
	return 0
}

// restore replaces a closed workspace with a backup, keeping the current
// file aside.
func restore(path, from string, out, errOut io.Writer) int {
	aside, err := store.Restore(ctx, path, from)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "restored %s from %s\n", path, from)
	if aside != "" {
		fmt.Fprintf(out, "the file it replaced is kept as %s\n", aside)
	}
	fmt.Fprintln(out, "the restore goes into the audit trail the next time the workspace is opened for writing")
	return 0
}

// passphraseEnv names the variable scripts give a sealed workspace's
// passphrase in, so it never appears in a command line or shell history.
const passphraseEnv = "CONVENOR_PASSPHRASE"

// openReadOnly opens a workspace to read, unsealing it with the passphrase
// from the environment when it is sealed.
func openReadOnly(path string) (*store.Store, error) {
	sealed, err := store.IsSealed(ctx, path)
	if err != nil {
		return nil, err
	}
	if !sealed {
		return store.OpenReadOnly(ctx, path)
	}
	pass := os.Getenv(passphraseEnv)
	if pass == "" {
		return nil, fmt.Errorf("%s is sealed with a passphrase; put it in the %s environment variable", path, passphraseEnv)
	}
	return store.OpenSealedReadOnly(ctx, path, pass)
}

// seal gives a closed, plain workspace the passphrase in the environment.
func seal(path string, out, errOut io.Writer) int {
	pass := os.Getenv(passphraseEnv)
	if pass == "" {
		fmt.Fprintf(errOut, "put the new passphrase in the %s environment variable\n", passphraseEnv)
		return 2
	}
	removed, err := store.SealWorkspace(ctx, path, pass)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s is now sealed with a passphrase.\n", path)
	for _, r := range removed {
		fmt.Fprintf(out, "deleted unsealed backup %s\n", r)
	}
	return 0
}
