package report

import (
	"fmt"
	"io"
	"sort"

	"github.com/xuri/excelize/v2"
)

// Column is one column of the report sheet: its heading under a group
// heading, and the number it shows for a row.
type Column struct {
	Group, Heading string
	Value          func(Row) int
}

// Columns are the report sheet's number columns, in order, laid out like
// the statistics forms: reception, petitions received, their handling.
var Columns = []Column{
	{"Tiếp công dân", "Tổng số lượt", func(r Row) int { return r.Visits.Total }},
	{"Tiếp công dân", "Thường xuyên", func(r Row) int { return r.Visits.Regular }},
	{"Tiếp công dân", "Định kỳ (thủ trưởng)", func(r Row) int { return r.Visits.ByHead }},
	{"Tiếp công dân", "Đột xuất", func(r Row) int { return r.Visits.AdHoc }},
	{"Tiếp công dân", "Trực tuyến", func(r Row) int { return r.Visits.Online }},
	{"Tiếp công dân", "Lượt cá nhân", func(r Row) int { return r.Visits.Individual }},
	{"Tiếp công dân", "Đoàn đông người", func(r Row) int { return r.Visits.Groups }},
	{"Tiếp công dân", "Số người", func(r Row) int { return r.Visits.People }},
	{"Tiếp công dân", "Số buổi thủ trưởng tiếp", func(r Row) int { return r.Visits.HeadSessions }},
	{"Tiếp nhận đơn", "Kỳ trước chuyển sang", func(r Row) int { return r.Petitions.CarriedOver }},
	{"Tiếp nhận đơn", "Tiếp nhận trong kỳ", func(r Row) int { return r.Petitions.Received }},
	{"Tiếp nhận đơn", "Tổng số đơn", func(r Row) int { return r.Petitions.Handled }},
	{"Tiếp nhận đơn", "Khiếu nại", func(r Row) int { return r.Petitions.ByType["complaint"] }},
	{"Tiếp nhận đơn", "Tố cáo", func(r Row) int { return r.Petitions.ByType["denunciation"] }},
	{"Tiếp nhận đơn", "Kiến nghị", func(r Row) int { return r.Petitions.ByType["recommendation"] }},
	{"Tiếp nhận đơn", "Phản ánh", func(r Row) int { return r.Petitions.ByType["feedback"] }},
	{"Kết quả xử lý đơn", "Hướng dẫn", func(r Row) int { return r.Petitions.Outcomes[Guided] }},
	{"Kết quả xử lý đơn", "Trả lời", func(r Row) int { return r.Petitions.Outcomes[Answered] }},
	{"Kết quả xử lý đơn", "Lưu đơn", func(r Row) int { return r.Petitions.Outcomes[Filed] }},
	{"Kết quả xử lý đơn", "Chuyển đơn", func(r Row) int { return r.Petitions.Outcomes[Forwarded] }},
	{"Kết quả xử lý đơn", "Đã thụ lý, đang giải quyết", func(r Row) int { return r.Petitions.Outcomes[Accepted] }},
	{"Kết quả xử lý đơn", "Giải quyết đúng hạn", func(r Row) int { return r.Petitions.Outcomes[ResolvedOnTime] }},
	{"Kết quả xử lý đơn", "Giải quyết quá hạn", func(r Row) int { return r.Petitions.Outcomes[ResolvedLate] }},
	{"Kết quả xử lý đơn", "Rút đơn, đình chỉ", func(r Row) int { return r.Petitions.Outcomes[Withdrawn] }},
	{"Kết quả xử lý đơn", "Chưa xử lý xong", func(r Row) int { return r.Petitions.Outcomes[InProgress] }},
	{"Kết quả xử lý đơn", "Đã chuyển, chờ trả lời", func(r Row) int { return r.Petitions.AwaitingReply }},
}

// Sheet layout: the title block, two heading rows, then one row per unit
// and the total.
const (
	sheetName   = "Báo cáo"
	headingRow  = 5 // group headings; column headings on the next row
	firstRow    = 7 // the first unit's row
	firstColumn = 3 // A: số thứ tự, B: đơn vị, then Columns
)

// Cell is the address of a row's column on the report sheet: row i of
// the table (0 = first unit; len(r.Rows) = the total) and Columns[col].
func Cell(i, col int) string {
	name, _ := excelize.CoordinatesToCellName(firstColumn+col, firstRow+i)
	return name
}

// WriteXLSX writes the report as a workbook ready to print and sign: the
// unit and period in the title, Vietnamese headings, the breakdowns by
// field, channel and competence on a second sheet. label names a value of
// a list ("field", "channel", "competence") in Vietnamese.
func WriteXLSX(w io.Writer, r *Report, label func(list, value string) string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(firstColumn + len(Columns) - 1)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border: borders()})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	center, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}})
	cell, _ := f.NewStyle(&excelize.Style{Border: borders()})
	set := func(c string, v any) { _ = f.SetCellValue(sheetName, c, v) }

	scope := "riêng đơn vị"
	if r.Subtree {
		scope = "đơn vị và các đơn vị trực thuộc"
	}
	set("A1", r.UnitName)
	set("A2", "BÁO CÁO KẾT QUẢ CÔNG TÁC TIẾP CÔNG DÂN, TIẾP NHẬN VÀ XỬ LÝ ĐƠN")
	set("A3", fmt.Sprintf("Kỳ báo cáo: %s (từ ngày %s đến ngày %s), %s", r.Period.Label, dmy(r.Period.From), dmy(r.Period.To), scope))
	for _, rc := range []string{"A2", "A3"} {
		_ = f.MergeCell(sheetName, rc, last+rc[1:])
	}
	_ = f.SetCellStyle(sheetName, "A2", "A2", title)
	_ = f.SetCellStyle(sheetName, "A3", "A3", center)

	h1, h2 := headingRow, headingRow+1
	set(fmt.Sprintf("A%d", h1), "STT")
	set(fmt.Sprintf("B%d", h1), "Đơn vị")
	_ = f.MergeCell(sheetName, fmt.Sprintf("A%d", h1), fmt.Sprintf("A%d", h2))
	_ = f.MergeCell(sheetName, fmt.Sprintf("B%d", h1), fmt.Sprintf("B%d", h2))
	for i := 0; i < len(Columns); {
		j := i
		for j < len(Columns) && Columns[j].Group == Columns[i].Group {
			j++
		}
		from, _ := excelize.CoordinatesToCellName(firstColumn+i, h1)
		to, _ := excelize.CoordinatesToCellName(firstColumn+j-1, h1)
		set(from, Columns[i].Group)
		_ = f.MergeCell(sheetName, from, to)
		i = j
	}
	for i, c := range Columns {
		name, _ := excelize.CoordinatesToCellName(firstColumn+i, h2)
		set(name, c.Heading)
	}
	_ = f.SetCellStyle(sheetName, fmt.Sprintf("A%d", h1), fmt.Sprintf("%s%d", last, h2), bold)
	_ = f.SetRowHeight(sheetName, h2, 48)
	_ = f.SetColWidth(sheetName, "A", "A", 5)
	_ = f.SetColWidth(sheetName, "B", "B", 34)
	_ = f.SetColWidth(sheetName, "C", last, 11)

	rows := append(append([]Row{}, r.Rows...), r.Total)
	for i, row := range rows {
		n := firstRow + i
		if i < len(r.Rows) {
			set(fmt.Sprintf("A%d", n), i+1)
			set(fmt.Sprintf("B%d", n), row.UnitName)
		} else {
			set(fmt.Sprintf("B%d", n), "Tổng cộng")
		}
		for j, c := range Columns {
			set(Cell(i, j), c.Value(row))
		}
		style := cell
		if i == len(r.Rows) {
			style = bold
		}
		_ = f.SetCellStyle(sheetName, fmt.Sprintf("A%d", n), fmt.Sprintf("%s%d", last, n), style)
	}
	sign := firstRow + len(rows) + 2
	set(fmt.Sprintf("B%d", sign), "NGƯỜI LẬP BIỂU")
	leaderCol, _ := excelize.CoordinatesToCellName(firstColumn+len(Columns)-6, sign)
	set(leaderCol, "THỦ TRƯỞNG ĐƠN VỊ")
	set(fmt.Sprintf("B%d", sign+1), "(Ký, ghi rõ họ tên)")
	below, _ := excelize.CoordinatesToCellName(firstColumn+len(Columns)-6, sign+1)
	set(below, "(Ký, ghi rõ họ tên, đóng dấu)")
	_ = f.SetPageLayout(sheetName, &excelize.PageLayoutOptions{Orientation: ptr("landscape"), FitToWidth: ptr(1)})

	if err := breakdowns(f, r.Total, label); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// breakdowns writes the total's petitions by field, channel and competence.
func breakdowns(f *excelize.File, total Row, label func(list, value string) string) error {
	const sheet = "Phân loại đơn"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	n := 1
	section := func(title, list string, counts map[string]int) {
		_ = f.SetCellValue(sheet, fmt.Sprintf("A%d", n), title)
		n++
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			_ = f.SetCellValue(sheet, fmt.Sprintf("A%d", n), label(list, k))
			_ = f.SetCellValue(sheet, fmt.Sprintf("B%d", n), counts[k])
			n++
		}
		n++
	}
	section("Theo lĩnh vực", "field", total.Petitions.ByField)
	section("Theo nguồn đơn", "channel", total.Petitions.ByChannel)
	section("Theo thẩm quyền", "competence", total.Petitions.ByCompetence)
	return f.SetColWidth(sheet, "A", "A", 40)
}

func borders() []excelize.Border {
	var out []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		out = append(out, excelize.Border{Type: side, Color: "000000", Style: 1})
	}
	return out
}

func ptr[T any](v T) *T { return &v }
