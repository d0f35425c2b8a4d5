package interchange

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Table is a spreadsheet or CSV file as an import reads it: a header
// naming the columns, and the rows under it with the line (or, in a
// workbook, the row) each starts on.
type Table struct {
	Name   string // the file's name, for messages and the audit trail
	Unit   string // "line" in a text file, "row" in a workbook
	Header []string
	Rows   []Row
	// Problems are rows that could not be read at all (a stray quote,
	// more cells than the header names, text that is not UTF-8): each is
	// named, none is guessed at.
	Problems []Problem
}

// Row is one row of cells and where in the file it starts.
type Row struct {
	Line  int
	Cells []string
}

// Problem is one thing wrong with one row of a file: where, and why.
type Problem struct {
	Unit   string // "line" or "row"
	Line   int    // 0: the file as a whole
	Column string // the column's heading, "" when the whole row is wrong
	Msg    string
}

func (p Problem) String() string {
	switch {
	case p.Line == 0 && p.Column == "":
		return p.Msg
	case p.Line == 0:
		return fmt.Sprintf("column “%s”: %s", p.Column, p.Msg)
	case p.Column == "":
		return fmt.Sprintf("%s %d: %s", p.Unit, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s %d, column “%s”: %s", p.Unit, p.Line, p.Column, p.Msg)
}

// ProblemsError is an import refused: every problem found, in file order.
type ProblemsError struct {
	File     string
	Problems []Problem
}

func (e *ProblemsError) Error() string {
	const shown = 20
	var b strings.Builder
	fmt.Fprintf(&b, "nothing was imported from %s: ", e.File)
	if len(e.Problems) == 1 {
		b.WriteString(e.Problems[0].String())
		return b.String()
	}
	fmt.Fprintf(&b, "%d problems", len(e.Problems))
	for i, p := range e.Problems {
		if i == shown {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-shown)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// MaxImportBytes bounds what an import reads into memory: far beyond any
// desk's spreadsheet, well short of what would exhaust a laptop.
const MaxImportBytes = 512 << 20

// ReadTable reads a CSV (or other delimited text) or an XLSX workbook's
// first sheet, told apart by their first bytes, not the name.
func ReadTable(name string, r io.Reader) (*Table, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxImportBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB; split it and import the parts", filepath.Base(name), MaxImportBytes>>20)
	}
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return readWorkbook(name, b)
	}
	return readDelimited(name, b)
}

// readDelimited reads comma-, semicolon- or tab-separated text. The
// separator is the one the first line uses most outside quotes.
func readDelimited(name string, b []byte) (*Table, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // Excel's byte-order mark
	t := &Table{Name: filepath.Base(name), Unit: "line"}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = sniffSeparator(b)
	cr.FieldsPerRecord = -1
	first := true
	lines := &lineIndex{b: b}
	for {
		cells, err := cr.Read()
		if err == io.EOF {
			break
		}
		line := 0
		if err == nil {
			line, _ = cr.FieldPos(0)
		} else {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, err
			}
			if cells = literalQuotes(lines, pe, cr.Comma); cells == nil {
				t.Problems = append(t.Problems, Problem{Unit: t.Unit, Line: pe.StartLine, Msg: csvProblem(pe)})
				continue
			}
			line = pe.StartLine
		}
		if first && isBanner(cells) { // a Convenor export's label row
			continue
		}
		if first {
			first = false
			t.Header = trimHeader(cells)
			continue
		}
		t.add(line, cells)
	}
	if t.Header == nil {
		return nil, fmt.Errorf("%s is empty: there is no header row naming the columns", t.Name)
	}
	return t, nil
}

// add keeps a row, or names why it cannot be read.
func (t *Table) add(line int, cells []string) {
	for i, c := range cells {
		if !utf8.ValidString(c) {
			col := ""
			if i < len(t.Header) {
				col = t.Header[i]
			}
			t.Problems = append(t.Problems, Problem{Unit: t.Unit, Line: line, Column: col,
				Msg: "is not UTF-8 text (save the file as “CSV UTF-8” and import it again)"})
			return
		}
	}
	if len(cells) == 1 && strings.TrimSpace(cells[0]) == "" {
		return // a blank line
	}
	if len(cells) > len(t.Header) {
		extra := cells[len(t.Header):]
		if strings.TrimSpace(strings.Join(extra, "")) != "" {
			t.Problems = append(t.Problems, Problem{Unit: t.Unit, Line: line,
				Msg: fmt.Sprintf("has %d cells but the header names %d columns", len(cells), len(t.Header))})
			return
		}
		cells = cells[:len(t.Header)] // trailing empty cells: a ragged end
	}
	for len(cells) < len(t.Header) {
		cells = append(cells, "") // a short row: missing cells at its end are empty
	}
	t.Rows = append(t.Rows, Row{Line: line, Cells: cells})
}

// literalQuotes reads a line whose only fault is a quote mark inside a
// cell that does not start with one (ד"ר, an HTML attribute): no cell of
// it is quoted, so the mark cannot be anything but text, and the line is
// its cells split at the separator, as spreadsheets read it. Any other
// fault, or a quoted cell on the line, gives nil: that line is refused.
func literalQuotes(lines *lineIndex, pe *csv.ParseError, sep rune) []string {
	if !errors.Is(pe.Err, csv.ErrBareQuote) || pe.StartLine != pe.Line {
		return nil
	}
	line := lines.at(pe.StartLine)
	cells := strings.Split(line, string(sep))
	for _, c := range cells {
		if strings.HasPrefix(c, `"`) {
			return nil
		}
	}
	return cells
}

// lineIndex finds a line of a file by its number, the line starts
// counted once, when first asked.
type lineIndex struct {
	b      []byte
	starts []int
}

// at is the text of line n (from 1), without its line ending.
func (l *lineIndex) at(n int) string {
	if l.starts == nil {
		l.starts = []int{0}
		for i, c := range l.b {
			if c == '\n' {
				l.starts = append(l.starts, i+1)
			}
		}
	}
	if n < 1 || n > len(l.starts) {
		return ""
	}
	line := l.b[l.starts[n-1]:]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return strings.TrimSuffix(string(line), "\r")
}

func csvProblem(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return "has a quote mark inside a cell that is not quoted"
	case errors.Is(pe.Err, csv.ErrQuote):
		return "has a quoted cell that is never closed (or text after its closing quote)"
	}
	return pe.Err.Error()
}

// trimHeader drops the empty name a trailing separator leaves at the end
// of a header ("a;b;c;"), trims each name, and tells empty ones apart.
func trimHeader(cells []string) []string {
	h := make([]string, len(cells))
	for i, c := range cells {
		h[i] = strings.TrimSpace(c)
	}
	for len(h) > 0 && h[len(h)-1] == "" {
		h = h[:len(h)-1]
	}
	for i := range h {
		if h[i] == "" {
			h[i] = fmt.Sprintf("column %d", i+1)
		}
	}
	return h
}

// isBanner tells a Convenor CSV export's first row: its TLP label and the
// sentence that says what the file holds.
func isBanner(cells []string) bool {
	return len(cells) == 2 && strings.HasPrefix(cells[0], "TLP:") && strings.Contains(cells[1], "from a Convenor workspace")
}

// sniffSeparator picks the separator the first line uses most, counting
// only outside quotes; a comma when there is no telling.
func sniffSeparator(b []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(b) {
		if c == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		counts[c]++
	}
	best := ','
	for _, c := range []rune{';', '\t', '|'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// readWorkbook reads the first sheet of an XLSX workbook. Cells are read
// raw, not as a spreadsheet would display them, so "004" stays "004" and a
// date is its serial number, which parseCell turns into a date.
func readWorkbook(name string, b []byte) (*Table, error) {
	t := &Table{Name: filepath.Base(name), Unit: "row"}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read as an XLSX workbook: %v", t.Name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s has no sheets", t.Name)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %v", t.Name, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Problems = append(t.Problems, Problem{Unit: t.Unit, Line: n, Msg: err.Error()})
			continue
		}
		if t.Header == nil {
			if len(cells) == 0 || isBanner(cells) {
				continue
			}
			t.Header = trimHeader(cells)
			continue
		}
		if len(cells) == 0 {
			continue
		}
		t.add(n, cells)
	}
	if t.Header == nil {
		return nil, fmt.Errorf("%s's first sheet is empty: there is no header row naming the columns", t.Name)
	}
	return t, rows.Error()
}
