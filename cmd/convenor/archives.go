package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"convenor/data/interchange"
)

func init() {
	register(&command{
		name: "archive", args: "[PATH]", maxArgs: 1,
		summary: "write the whole workspace (every record, file and audit entry) to one JSON Lines file, sealed when the workspace is",
		example: "convenor archive desk.convenor --out desk-2026-11-26.convenor-archive",
		env: []string{passphraseEnv + ": the passphrase of a sealed workspace",
			exportPassphraseEnv + ": the passphrase the archive of a sealed workspace is sealed with"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file`, instead of PATH")
			to := fs.String("out", "", "new `file` to write (never an existing one)")
			plain := fs.Bool("plain", false, "from a sealed workspace, write the archive unencrypted")
			return func(pos []string, out, errOut io.Writer) int {
				path := ws
				if len(pos) > 0 {
					path = &pos[0]
				}
				return writeArchive(*path, *to, *plain, out, errOut)
			}
		},
	})
	register(&command{
		name: "restore-archive", args: "FILE", minArgs: 1, maxArgs: 1,
		summary: "bring an archive into a workspace: into an empty one whole, into one with records merged by id (both versions kept where both changed)",
		example: "convenor restore-archive desk-2026-11-26.convenor-archive --workspace new.convenor",
		env: []string{passphraseEnv + ": the passphrase of a sealed workspace",
			exportPassphraseEnv + ": the passphrase a sealed archive was sealed with"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file` to restore into")
			return func(pos []string, out, errOut io.Writer) int { return restoreArchive(pos[0], *ws, out, errOut) }
		},
	})
}

func writeArchive(path, to string, plain bool, out, errOut io.Writer) int {
	if to == "" {
		fmt.Fprintln(errOut, "name the new archive file with --out FILE")
		return 2
	}
	s, err := openReadOnly(orDemo(path))
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer s.Close()
	pass := ""
	if s.Sealed() && !plain {
		if pass = os.Getenv(exportPassphraseEnv); pass == "" {
			fmt.Fprintf(errOut, "the workspace is sealed, so its archive is too: put the archive's passphrase in %s (or give --plain)\n", exportPassphraseEnv)
			return 2
		}
	}
	var end *interchange.ArchiveEnd
	err = writeNew(to, func(f io.Writer) (err error) {
		if pass != "" {
			end, err = interchange.WriteArchiveSealed(ctx, s, f, pass)
		} else {
			end, err = interchange.WriteArchive(ctx, s, f)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s: %s\n", to, end)
	return 0
}

func restoreArchive(file, ws string, out, errOut io.Writer) int {
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer f.Close()
	a, err := interchange.ReadArchive(f, os.Getenv(exportPassphraseEnv))
	if err != nil {
		fmt.Fprintf(errOut, "%s: %v\n", filepath.Base(file), err)
		return 1
	}
	s, code := openWritable(ws, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	rep, err := interchange.RestoreArchive(ctx, s, a, file)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s: %d added, %d updated, %d unchanged, %d older than this workspace's (kept), %d conflicts; %d audit entries kept as history\n",
		filepath.Base(file), rep.Added, rep.Updated, rep.Unchanged, rep.Older, len(rep.Conflicts), rep.History)
	for _, c := range rep.Conflicts {
		fmt.Fprintf(out, "  conflict: %s “%s” (%s) changed on both sides; the archive's version is %s, tagged “%s”\n", c.Kind.Label, c.Title, c.ID, c.CopyID, interchange.ConflictTag)
	}
	return 0
}

// writeNew writes a new file, readable by its owner only, never over one
// that exists; on any failure the file is removed, not left half-written.
func writeNew(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// orDemo is path, or the demo workspace when it is empty.
func orDemo(path string) string {
	if path == "" {
		return defaultWorkspace()
	}
	return path
}
