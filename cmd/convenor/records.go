package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"convenor/data"
)

// list prints one kind's records, a line each or as JSON, read through the
// same descriptions and queries as the window's lists.
func list(args []string, out, errOut io.Writer) int {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(errOut)
	ws := fs.String("workspace", "", "workspace file (default: the demo in the data folder)")
	asJSON := fs.Bool("json", false, "print a JSON array of records")
	text := fs.String("text", "", "only records containing these words")
	tag := fs.String("tag", "", "only records with this tag")
	sort := fs.String("sort", "title", "title, updated_at, created_at, tlp or a field key")
	desc := fs.Bool("desc", false, "sort descending")
	limit := fs.Int("limit", 0, "at most this many (0: all)")
	kindName, rest := splitKind(args)
	if err := fs.Parse(rest); err != nil || kindName == "" || fs.NArg() != 0 {
		fmt.Fprintln(errOut, "usage: convenor list KIND [--workspace PATH] [--json] [--text WORDS] [--tag TAG] [--sort KEY [--desc]] [--limit N]\nkinds:", kindNames())
		return 2
	}
	k, s, code := openKind(kindName, *ws, errOut)
	if s == nil {
		return code
	}
	defer s.Close()

	q := data.Query{Kind: k, Text: *text, Tag: *tag, Sort: *sort, Desc: *desc}
	var recs []*data.Record
	for page := 0; ; page++ { // a page at a time, so a large kind streams
		q.Limit, q.Offset = 500, page*500
		got, err := s.List(q)
		if err != nil {
			fmt.Fprintln(errOut, err)
			return 1
		}
		recs = append(recs, got...)
		if len(got) < 500 || (*limit > 0 && len(recs) >= *limit) {
			break
		}
	}
	if *limit > 0 && len(recs) > *limit {
		recs = recs[:*limit]
	}
	if *asJSON {
		return printJSON(out, errOut, recs)
	}
	titles := refTitles(s, recs)
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
func show(args []string, out, errOut io.Writer) int {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	fs.SetOutput(errOut)
	ws := fs.String("workspace", "", "workspace file (default: the demo in the data folder)")
	asJSON := fs.Bool("json", false, "print the record as JSON")
	kindName, rest := splitKind(args)
	id, rest := firstArg(rest)
	if err := fs.Parse(rest); err != nil || kindName == "" || id == "" || fs.NArg() != 0 {
		fmt.Fprintln(errOut, "usage: convenor show KIND ID [--workspace PATH] [--json]")
		return 2
	}
	k, s, code := openKind(kindName, *ws, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	r, err := s.Get(id)
	if err != nil || r.Kind != k {
		fmt.Fprintf(errOut, "no %s with id %s in %s\n", strings.ToLower(k.Label), id, s.Path())
		return 1
	}
	if *asJSON {
		return printJSON(out, errOut, r)
	}
	titles := refTitles(s, []*data.Record{r})
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\n", k.Label, r.ID)
	for _, l := range r.Lines(titles) {
		fmt.Fprintf(tw, "%s\t%s\n", l.Label, strings.ReplaceAll(l.Text, "\n", "\n\t"))
	}
	tw.Flush()
	return 0
}

// splitKind takes the kind from the front of args, so flags may follow it.
func splitKind(args []string) (string, []string) {
	kind, rest := firstArg(args)
	return strings.ToLower(kind), rest
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
func openKind(name, path string, errOut io.Writer) (*data.Kind, *data.Store, int) {
	k := data.KindByName(name)
	if k == nil {
		fmt.Fprintf(errOut, "no record kind %q; kinds: %s\n", name, kindNames())
		return nil, nil, 2
	}
	if path == "" {
		path = defaultWorkspace()
	}
	s, err := openReadOnly(path)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return nil, nil, 1
	}
	return k, s, 0
}

func refTitles(s *data.Store, recs []*data.Record) map[string]string {
	var ids []string
	for _, r := range recs {
		for _, f := range r.Kind.Columns() {
			if id, ok := r.Values[f.Key].(string); ok && f.Type == data.Ref {
				ids = append(ids, id)
			}
		}
	}
	titles, _ := s.Titles(ids)
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

// export writes one kind's records as JSON or CSV to a new file (or stdout
// with --out -), labelled with the most restrictive TLP label they carry,
// leaving out records above --max-tlp.
func export(args []string, out, errOut io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(errOut)
	ws := fs.String("workspace", "", "workspace file (default: the demo in the data folder)")
	format := fs.String("format", "json", "json or csv")
	maxTLP := fs.String("max-tlp", "", "leave out records labelled above this, e.g. TLP:AMBER or amber")
	to := fs.String("out", "-", "new file to write; - for standard output")
	plain := fs.Bool("plain", false, "from a sealed workspace, write the export unencrypted")
	kindName, rest := splitKind(args)
	if err := fs.Parse(rest); err != nil || kindName == "" || fs.NArg() != 0 {
		fmt.Fprintln(errOut, "usage: convenor export KIND [--workspace PATH] [--format json|csv] [--max-tlp LABEL] [--out FILE]")
		return 2
	}
	k, s, code := openKind(kindName, *ws, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	e := &data.Export{Kind: k, Format: *format, MaxTLP: tlpFlag(*maxTLP)}
	w := out
	if *to != "-" {
		f, err := os.OpenFile(*to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			fmt.Fprintln(errOut, err)
			return 1
		}
		defer f.Close()
		w = f
	}
	var err error
	if s.Sealed() && !*plain {
		// From a sealed workspace, the export is sealed too.
		pass := os.Getenv(exportPassphraseEnv)
		if pass == "" {
			fmt.Fprintf(errOut, "the workspace is sealed, so its export is too: put the export's passphrase in %s (or give --plain)\n", exportPassphraseEnv)
			if *to != "-" {
				os.Remove(*to)
			}
			return 2
		}
		err = s.WriteSealedExport(w, e, pass)
	} else {
		err = s.WriteExport(w, e)
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		if *to != "-" {
			os.Remove(*to)
		}
		return 1
	}
	if *to != "-" {
		fmt.Fprintf(out, "%s: %d %s, labelled %s", *to, e.Records, strings.ToLower(k.Plural), e.Label)
		if e.LeftOut > 0 {
			fmt.Fprintf(out, "; %d above %s left out", e.LeftOut, e.MaxTLP)
		}
		fmt.Fprintln(out)
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
func openExport(args []string, out, errOut io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintf(errOut, "usage: %s=... convenor open-export FILE\n", exportPassphraseEnv)
		return 2
	}
	f, err := os.Open(args[0])
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer f.Close()
	plain, err := data.OpenSealedExport(f, os.Getenv(exportPassphraseEnv))
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	out.Write(plain)
	return 0
}
