package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"convenor/data"
	"convenor/data/briefing"
)

func init() {
	register(&command{
		name: "briefing", args: "[PATH]", maxArgs: 1,
		summary: "write the leadership briefing as a PDF of one to three pages, labelled with TLP on every page, leaving out what is above --max-tlp",
		example: "convenor briefing desk.convenor --out briefing.pdf --max-tlp amber",
		env:     []string{passphraseEnv + ": the passphrase of a sealed workspace"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file`, instead of PATH")
			to := fs.String("out", "", "new PDF `file` to write (never an existing one)")
			maxTLP := fs.String("max-tlp", "red", "leave out everything labelled above this `label`, e.g. amber or TLP:GREEN")
			return func(pos []string, out, errOut io.Writer) int {
				path := *ws
				if len(pos) > 0 {
					path = pos[0]
				}
				return writeBriefing(orDemo(path), *to, tlpFlag(*maxTLP), out, errOut)
			}
		},
	})
}

func writeBriefing(path, to string, upTo data.TLP, out, errOut io.Writer) int {
	if to == "" {
		fmt.Fprintln(errOut, "name the new PDF with --out FILE.pdf")
		return 2
	}
	s, err := openReadOnly(path)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer s.Close()
	b, err := briefing.Gather(ctx, s, time.Now(), upTo)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 2
	}
	if err := writeNew(to, b.WritePDF); err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s: the briefing, labelled %s (nothing above %s)\n", to, b.Label, upTo)
	return 0
}
