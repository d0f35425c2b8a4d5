package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"convenor/data"
	"convenor/data/interchange"
	"convenor/data/store"
)

func init() {
	register(&command{
		name: "list", args: "KIND", minArgs: 1, maxArgs: 1,
		summary: "list one kind's records, a line each or as JSON",
		example: "convenor list risk --workspace desk.convenor --sort score --desc",
		env:     []string{passphraseEnv + ": the passphrase of a sealed workspace"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file` (default: the demo in the data folder)")
			o := listOptions{
				asJSON: fs.Bool("json", false, "print a JSON array of records"),
				text:   fs.String("text", "", "only records containing these `words`"),
				tag:    fs.String("tag", "", "only records with this `tag`"),
				sort:   fs.String("sort", "title", "sort by title, updated_at, created_at, tlp or a field `key`"),
				desc:   fs.Bool("desc", false, "sort descending"),
				limit:  fs.Int("limit", 0, "print at most `n` records (0: all)"),
			}
			return func(pos []string, out, errOut io.Writer) int { return list(pos[0], *ws, o, out, errOut) }
		},
	})
	register(&command{
		name: "show", args: "KIND ID", minArgs: 2, maxArgs: 2,
		summary: "print one record, every field with its label, or as JSON",
		example: "convenor show actor 01a2… --json",
		env:     []string{passphraseEnv + ": the passphrase of a sealed workspace"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file` (default: the demo in the data folder)")
			asJSON := fs.Bool("json", false, "print the record as JSON")
			return func(pos []string, out, errOut io.Writer) int { return show(pos[0], pos[1], *ws, *asJSON, out, errOut) }
		},
	})
	register(&command{
		name: "export", args: "KIND|network", minArgs: 1, maxArgs: 1,
		summary: "write one kind's records as JSON, CSV or XLSX, or the network as GraphML or GEXF, labelled with the most restrictive TLP they carry",
		example: "convenor export engagement --format csv --max-tlp amber --out engagements.csv",
		env: []string{passphraseEnv + ": the passphrase of a sealed workspace",
			exportPassphraseEnv + ": the passphrase an export from a sealed workspace is sealed with"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			ws := workspaceFlag(fs, "the workspace `file` (default: the demo in the data folder)")
			o := exportOptions{
				format:    fs.String("format", "json", "json, csv or xlsx; vcf for actors who are people, ics for engagements; for the network, graphml (the default) or gexf"),
				maxTLP:    fs.String("max-tlp", "", "leave out records (and links to records) labelled above this `label`, e.g. amber or TLP:AMBER"),
				to:        fs.String("out", "-", "new `file` to write (never an existing one); - for standard output"),
				plain:     fs.Bool("plain", false, "from a sealed workspace, write the export unencrypted"),
				addresses: fs.Bool("attendee-addresses", false, "in a calendar (ics), give attendees the email address of their actor record"),
			}
			return func(pos []string, out, errOut io.Writer) int { return export(pos[0], *ws, o, out, errOut) }
		},
	})
	register(&command{
		name: "open-export", args: "FILE", minArgs: 1, maxArgs: 1,
		summary: "print a sealed export in plain form",
		example: exportPassphraseEnv + "=... convenor open-export actors.json.sealed",
		env:     []string{exportPassphraseEnv + ": the passphrase an export from a sealed workspace is sealed with"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			return func(pos []string, out, errOut io.Writer) int { return openExport(pos[0], out, errOut) }
		},
	})
}

type listOptions struct {
	asJSON, desc    *bool
	text, tag, sort *string
	limit           *int
}

// list prints one kind's records, a line each or as JSON, read through the
// same descriptions and queries as the window's lists.
func list(kindName, ws string, o listOptions, out, errOut io.Writer) int {
	k, s, code := openKind(kindName, ws, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	q := data.Query{Kind: k, Text: *o.text, Tag: *o.tag, Sort: *o.sort, Desc: *o.desc}
	var recs []*data.Record
	for page := 0; ; page++ { // a page at a time, so a large kind streams
		q.Limit, q.Offset = 500, page*500
		got, err := s.List(ctx, q)
		if err != nil {
			fmt.Fprintln(errOut, err)
			return 1
		}
		recs = append(recs, got...)
		if len(got) < 500 || (*o.limit > 0 && len(recs) >= *o.limit) {
			break
		}
	}
	if *o.limit > 0 && len(recs) > *o.limit {
		recs = recs[:*o.limit]
	}
	if *o.asJSON {
		return printJSON(out, errOut, recs)
	}
	titles := refTitles(s, recs, errOut)
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	head := []string{"ID", strings.ToUpper(k.TitleLabel), "TLP"}
	for _, f := range k.Columns() {
		if f.Listed {
			head = append(head, strings.ToUpper(f.Label))
		}
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, r := range recs {
		row := []string{r.ID, r.Title, string(r.TLP)}
		for _, f := range k.Columns() {
			if f.Listed {
				v := data.FormatValue(f, r.Values[f.Key])
				if f.Type == data.Ref && titles[v] != "" {
					v = titles[v]
				}
				row = append(row, v)
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	noun := k.Plural
	if len(recs) == 1 {
		noun = k.Label
	}
	fmt.Fprintf(out, "%d %s\n", len(recs), strings.ToLower(noun))
	return 0
}

// show prints one record, every field with its label, or as JSON.
func show(kindName, id, ws string, asJSON bool, out, errOut io.Writer) int {
	k, s, code := openKind(kindName, ws, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	r, err := s.Get(id)
	if err != nil || r.Kind != k {
		fmt.Fprintf(errOut, "no %s with id %s in %s\n", strings.ToLower(k.Label), id, s.Path())
		return 1
	}
	if asJSON {
		return printJSON(out, errOut, r)
	}
	titles := refTitles(s, []*data.Record{r}, errOut)
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\n", k.Label, r.ID)
	for _, l := range lines(r, titles) {
		fmt.Fprintf(tw, "%s\t%s\n", l.label, strings.ReplaceAll(l.text, "\n", "\n\t"))
	}
	tw.Flush()
	return 0
}

func kindNames() string {
	names := make([]string, len(data.Kinds))
	for i, k := range data.Kinds {
		names[i] = k.Name
	}
	return strings.Join(names, ", ")
}

// openKind finds the kind named and opens the workspace (the demo when
// path is empty); on failure it says why and gives the exit code.
func openKind(name, path string, errOut io.Writer) (*data.Kind, *store.Store, int) {
	k := data.KindByName(name)
	if k == nil {
		fmt.Fprintf(errOut, "no record kind %q; kinds: %s\n", name, kindNames())
		return nil, nil, 2
	}
	if path == "" {
		path = defaultWorkspace()
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(errOut, "There is no workspace yet. Start Convenor once to create the demo (%s), or make one with\n  convenor new --demo FILE\nand name it with --workspace FILE.\n", path)
			return nil, nil, 1
		}
	}
	s, err := openReadOnly(path)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return nil, nil, 1
	}
	return k, s, 0
}

// refTitles reads the titles of the records recs point to. Without them
// the lines show ids, which still name the records; the reason is said.
func refTitles(s *store.Store, recs []*data.Record, errOut io.Writer) map[string]string {
	var ids []string
	for _, r := range recs {
		for _, f := range r.Kind.Columns() {
			if id, ok := r.Values[f.Key].(string); ok && f.Type == data.Ref {
				ids = append(ids, id)
			}
		}
	}
	titles, err := s.Titles(ids)
	if err != nil {
		fmt.Fprintf(errOut, "linked records are shown by id: their titles could not be read (%v)\n", err)
	}
	return titles
}

func printJSON(out, errOut io.Writer, v any) int {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	return 0
}

type exportOptions struct {
	format, maxTLP, to *string
	plain, addresses   *bool
}

// export writes one kind's records as JSON or CSV, or the network
// (actors and relationships) as GraphML or GEXF, to a new file (or stdout
// with --out -), labelled with the most restrictive TLP label it carries,
// leaving out what is above --max-tlp. The file is its owner's only.
func export(kindName, ws string, o exportOptions, out, errOut io.Writer) int {
	network := strings.EqualFold(kindName, "network") || *o.format == "graphml" || *o.format == "gexf"
	if network {
		kindName = data.Actor.Name
		if *o.format == "json" { // the flag's default, for a kind
			*o.format = "graphml"
		}
	}
	k, s, code := openKind(kindName, ws, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	e := &interchange.Export{Kind: k, Format: *o.format, MaxTLP: tlpFlag(*o.maxTLP), AttendeeAddresses: *o.addresses}
	g := &interchange.Graph{Format: *o.format, MaxTLP: tlpFlag(*o.maxTLP)}
	write := func(w io.Writer) error { return interchange.Write(ctx, s, w, e) }
	writeSealed := func(w io.Writer, pass string) error { return interchange.WriteSealed(ctx, s, w, e, pass) }
	said := func() string {
		text := fmt.Sprintf("%d %s, labelled %s", e.Records, strings.ToLower(k.Plural), e.Label)
		if e.LeftOut > 0 {
			text += fmt.Sprintf("; %d above %s left out", e.LeftOut, e.MaxTLP)
		}
		return text
	}
	if network {
		write = func(w io.Writer) error { return interchange.WriteGraph(ctx, s, w, g) }
		writeSealed = func(w io.Writer, pass string) error { return interchange.WriteGraphSealed(ctx, s, w, g, pass) }
		said = func() string {
			return fmt.Sprintf("%d actors and %d relationships, labelled %s", g.Actors, g.Ties, g.Label)
		}
	}
	w := out
	if *o.to != "-" {
		f, err := os.OpenFile(*o.to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			fmt.Fprintln(errOut, err)
			return 1
		}
		defer f.Close()
		w = f
	}
	var err error
	if s.Sealed() && !*o.plain {
		// From a sealed workspace, the export is sealed too.
		pass := os.Getenv(exportPassphraseEnv)
		if pass == "" {
			fmt.Fprintf(errOut, "the workspace is sealed, so its export is too: put the export's passphrase in %s (or give --plain)\n", exportPassphraseEnv)
			if *o.to != "-" {
				os.Remove(*o.to)
			}
			return 2
		}
		err = writeSealed(w, pass)
	} else {
		err = write(w)
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		if *o.to != "-" {
			os.Remove(*o.to)
		}
		return 1
	}
	if *o.to != "-" {
		fmt.Fprintf(out, "%s: %s\n", *o.to, said())
	}
	return 0
}

// tlpFlag accepts "amber", "AMBER+STRICT" or "TLP:RED".
func tlpFlag(s string) data.TLP {
	if s == "" {
		return ""
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	if !strings.HasPrefix(s, "TLP:") {
		s = "TLP:" + s
	}
	return data.TLP(s)
}

// exportPassphraseEnv holds the passphrase of sealed exports.
const exportPassphraseEnv = "CONVENOR_EXPORT_PASSPHRASE"

// openExport prints a sealed export in plain form.
func openExport(path string, out, errOut io.Writer) int {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer f.Close()
	plain, err := interchange.OpenSealed(f, os.Getenv(exportPassphraseEnv))
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	out.Write(plain)
	return 0
}

// labelled is one line of a record as a person reads it.
type labelled struct{ key, label, text string }

// lines lists r's fields with their labels and text form, in the order of
// the kind's description, leaving out empty ones; Ref fields show the
// title of the record they point to when titles has it.
func lines(r *data.Record, titles map[string]string) []labelled {
	out := []labelled{{"title", r.Kind.TitleLabel, r.Title}, {"tlp", "TLP label", string(r.TLP)}}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		text := data.FormatValue(f, r.Values[f.Key])
		if id, ok := r.Values[f.Key].(string); ok && f.Type == data.Ref && titles[id] != "" {
			text = titles[id]
		}
		if text != "" {
			out = append(out, labelled{f.Key, f.Label, text})
		}
	}
	if len(r.Tags) > 0 {
		out = append(out, labelled{"tags", "Tags", strings.Join(r.Tags, ", ")})
	}
	if r.Notes != "" {
		out = append(out, labelled{"notes", "Notes", r.Notes})
	}
	for _, a := range r.Attachments {
		out = append(out, labelled{data.FieldAttachments, "Attachment", a.String() + ", " + a.Type + ", sha256 " + a.SHA256})
	}
	return append(out,
		labelled{"created", "Created", r.CreatedAt.Local().Format("2006-01-02 15:04") + " by " + r.CreatedBy},
		labelled{"updated", "Updated", r.UpdatedAt.Local().Format("2006-01-02 15:04") + " by " + r.UpdatedBy})
}
