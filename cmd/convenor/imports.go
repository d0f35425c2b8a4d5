package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"convenor/data"
	"convenor/data/interchange"
	"convenor/data/store"
)

func init() {
	register(&command{
		name: "import", args: "KIND|events FILE", minArgs: 2, maxArgs: 2,
		summary: "bring in a CSV or XLSX file as one kind's records (all rows or none), or an event dataset (GDELT, ACLED) as signals",
		example: `convenor import signal attacks.csv --set signal_type=maritime --set severity=2 --title "{vessel_name} at {location_description}" --empty NA --dry-run`,
		env:     []string{passphraseEnv + ": the passphrase of a sealed workspace"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file` (default: the demo in the data folder)")
			o := importOptions{maps: map[string]string{}, sets: map[string]string{}}
			fs.Func("map", "read `COLUMN=field` (a key or label; COLUMN= leaves the column out); repeat for each", pairInto(o.maps))
			fs.Func("set", "give every row `field=value` where no column does; repeat for each", pairInto(o.sets))
			fs.StringVar(&o.title, "title", "", "build each title from the row's columns: `\"{vessel_name} at {location}\"`")
			fs.Func("empty", "a cell `text` that means empty, such as NA; repeat for each", func(s string) error { o.empty = append(o.empty, s); return nil })
			fs.BoolVar(&o.rest, "keep-rest", false, "keep the cells of columns left out in each record's notes")
			fs.BoolVar(&o.dryRun, "dry-run", false, "say what would be added, updated and unchanged, and every bad row; write nothing")
			return func(pos []string, out, errOut io.Writer) int { return importFile(pos[0], pos[1], *ws, o, out, errOut) }
		},
	})
}

type importOptions struct {
	maps, sets   map[string]string
	title        string
	empty        []string
	rest, dryRun bool
}

func pairInto(m map[string]string) func(string) error {
	return func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			return fmt.Errorf("%q: write it as NAME=VALUE", s)
		}
		m[strings.TrimSpace(k)] = v
		return nil
	}
}

// importFile reads a file into one kind's records, or an event dataset
// into signals, and writes them in one transaction, or says every row
// that stops it and writes nothing.
func importFile(kindName, file, ws string, o importOptions, out, errOut io.Writer) int {
	events := strings.EqualFold(kindName, "events")
	if events {
		kindName = data.Signal.Name
	}
	k := data.KindByName(kindName)
	if k == nil {
		fmt.Fprintf(errOut, "no record kind %q; kinds: %s, or events\n", kindName, kindNames())
		return 2
	}
	s, code := openWritable(ws, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer f.Close()
	var t *interchange.Table
	var m *interchange.Mapping
	if events {
		t, m, err = interchange.ReadEvents(file, f)
	} else {
		t, err = interchange.ReadTable(file, f)
		if err == nil {
			m, err = mappingFor(k, t, o)
		}
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	plan, err := interchange.Prepare(ctx, s, t, m, nil)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	if len(plan.LeftOut) > 0 && !o.rest {
		fmt.Fprintf(out, "columns not imported: %s\n", strings.Join(plan.LeftOut, ", "))
	}
	if len(plan.Unknown) > 0 {
		fmt.Fprintf(out, "actors not in the workspace, left unlinked (create them and import again to link): %s\n", plan.UnknownTitles(25))
	}
	if o.dryRun {
		fmt.Fprintf(out, "%s: %s (dry run: nothing written)\n", t.Name, plan.Summary())
		for _, p := range plan.Problems {
			fmt.Fprintln(errOut, p)
		}
		if len(plan.Problems) > 0 {
			return 1
		}
		return 0
	}
	if err := plan.Apply(ctx, s, nil); err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s: %d %s added, %d updated, %d unchanged\n", t.Name, len(plan.Adds), strings.ToLower(k.Plural), len(plan.Updates), plan.Unchanged)
	return 0
}

// mappingFor matches the file's headings to k's fields, then applies what
// the command line says: --map, --set, --title, --empty, --keep-rest.
func mappingFor(k *data.Kind, t *interchange.Table, o importOptions) (*interchange.Mapping, error) {
	m := interchange.AutoMap(k, t.Header)
	for col, typed := range o.maps {
		i := indexOf(t.Header, col)
		if i < 0 {
			return nil, fmt.Errorf("--map %s=%s: the file has no column “%s” (its columns: %s)", col, typed, col, strings.Join(t.Header, ", "))
		}
		target, err := interchange.Resolve(k, typed)
		if err != nil {
			return nil, fmt.Errorf("--map %s=%s: %v", col, typed, err)
		}
		m.Columns[i] = target
	}
	for typed, v := range o.sets {
		target, err := interchange.Resolve(k, typed)
		if err != nil {
			return nil, fmt.Errorf("--set %s=%s: %v", typed, v, err)
		}
		m.Set[target] = v
	}
	m.Title, m.Empty, m.Rest = o.title, o.empty, o.rest
	return m, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return i
		}
	}
	return -1
}

// openWritable opens a workspace to change it (the demo when path is
// empty), unsealing it with the passphrase from the environment.
func openWritable(path string, errOut io.Writer) (*store.Store, int) {
	if path == "" {
		path = defaultWorkspace()
	}
	sealed, err := store.IsSealed(ctx, path)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return nil, 1
	}
	var s *store.Store
	if sealed {
		pass := os.Getenv(passphraseEnv)
		if pass == "" {
			fmt.Fprintf(errOut, "%s is sealed with a passphrase; put it in the %s environment variable\n", path, passphraseEnv)
			return nil, 1
		}
		s, err = store.OpenSealed(ctx, path, pass)
	} else {
		s, err = store.Open(ctx, path)
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		return nil, 1
	}
	return s, 0
}
