// Package export writes lists as files officials open in Excel: CSV
// (UTF-8, with the mark Excel needs to read Vietnamese) and XLSX. Rows are
// written as they come, so an export of any size holds one row at a time.
package export

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Writer takes the rows of one table.
type Writer interface {
	Row(values ...any) error
	// Close finishes the file.
	Close() error
}

// Formats are the file formats a list exports to, with their media types.
var Formats = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// New starts a file of the given format ("csv" or "xlsx") on w: a title
// line, then the headings.
func New(format string, w io.Writer, title string, headings []string) (Writer, error) {
	switch format {
	case "csv":
		// The byte order mark makes Excel read the file as UTF-8.
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return nil, err
		}
		c := &csvWriter{w: csv.NewWriter(w)}
		if err := c.Row(title); err != nil {
			return nil, err
		}
		return c, c.Row(anys(headings)...)
	case "xlsx":
		return newXLSX(w, title, headings)
	}
	return nil, fmt.Errorf("export: unknown format %q", format)
}

type csvWriter struct{ w *csv.Writer }

func (c *csvWriter) Row(values ...any) error {
	rec := make([]string, len(values))
	for i, v := range values {
		rec[i] = fmt.Sprint(v)
	}
	return c.w.Write(rec)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// xlsxWriter streams rows into one sheet: excelize keeps what it has
// not written yet on disk, not in memory.
type xlsxWriter struct {
	out  io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	next int
}

const sheet = "Danh sách"

func newXLSX(w io.Writer, title string, headings []string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	x := &xlsxWriter{out: w, f: f, sw: sw, next: 1}
	if err := x.Row(title); err != nil {
		return nil, err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	cells := make([]any, len(headings))
	for i, h := range headings {
		cells[i] = excelize.Cell{Value: h, StyleID: bold}
	}
	return x, x.Row(cells...)
}

func (x *xlsxWriter) Row(values ...any) error {
	cell, _ := excelize.CoordinatesToCellName(1, x.next)
	x.next++
	return x.sw.SetRow(cell, values)
}

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err := x.f.WriteTo(x.out)
	return err
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
