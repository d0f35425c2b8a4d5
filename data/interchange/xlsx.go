package interchange

import (
	"io"

	"github.com/xuri/excelize/v2"

	"convenor/data"
)

// writeXLSXExport writes the export's rows to a workbook's one sheet,
// named for the kind, every cell as text: a workbook does not run text as
// a formula, and "004" or a date stays exactly as written, so the file
// imports back unchanged. The label row is first, as in the CSV.
func writeXLSXExport(w io.Writer, e *Export, recs []*data.Record, targets map[string]linked) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := e.Kind.Plural
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, row := range tableRows(e, recs, targets, func(s string) string { return s }) {
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = excelize.Cell{Value: c}
		}
		at, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(at, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
