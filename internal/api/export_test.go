package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The petitions list exports with its filters to CSV and XLSX, every page
// of it, and a denouncer is named in neither.
func TestPetitionsListExports(t *testing.T) {
	e := newEnv(t)
	for range 3 {
		e.do("POST", "/api/v1/petitions", e.petitionBody(), as, "reception")
	}
	e.do("POST", "/api/v1/petitions", strings.Replace(e.petitionBody(), `"complaint"`, `"denunciation"`, 1), as, "reception")
	e.do("POST", "/api/v1/petitions", strings.Replace(e.petitionBody(), `"complaint"`, `"feedback"`, 1), as, "reception")

	r := e.do("GET", "/api/v1/petitions?type=complaint,denunciation&per_page=1&format=csv", "", as, "leader")
	if r.Code != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(r.Raw, "\uFEFF") {
		t.Fatalf("csv: %d %s", r.Code, r.Header)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Raw, "\uFEFF")))
	cr.FieldsPerRecord = -1 // the title line has one field
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// A title, the headings, and the four petitions of the two types.
	if len(recs) != 6 || recs[1][1] != "Số đơn" || recs[2][5] == "" {
		t.Fatalf("csv rows: %q", recs)
	}
	if identityShown(r.Raw) != true || strings.Count(r.Raw, "Nguyễn Văn An") != 3 || !strings.Contains(r.Raw, "(Đã bảo mật danh tính)") {
		t.Errorf("the export should name the three complainants and hide the denouncer: %s", r.Raw)
	}

	x := e.do("GET", "/api/v1/petitions?format=xlsx", "", as, "leader")
	if x.Code != 200 {
		t.Fatalf("xlsx: %d", x.Code)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Raw)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Danh sách")
	if len(rows) != 7 || rows[1][9] != "Nội dung tóm tắt" || rows[2][9] != "Khiếu nại quyết định thu hồi đất" {
		t.Errorf("xlsx rows: %q", rows)
	}
	if r := e.do("GET", "/api/v1/petitions?format=pdf", "", as, "leader"); r.Code != 400 {
		t.Errorf("an unknown format: %d", r.Code)
	}
}

// The logbook (form 03/TCD) and the deadline lists export too; a visit
// that brought a denunciation names nobody.
func TestLogbookAndDeadlineExports(t *testing.T) {
	e := newEnv(t)
	e.do("POST", "/api/v1/visits", fmt.Sprintf(`{"unit_id": %d, "summary": "Hỏi chế độ", "citizen": {"full_name": "Phạm Thị Dung", "address": "Xã Tân An"}}`, e.f.Province.ID), as, "reception")
	e.do("POST", "/api/v1/visits", fmt.Sprintf(`{"unit_id": %d, "summary": "Tố cáo", "citizen": {"full_name": "Nguyễn Văn An", "id_number": "001085012345"},
		"petitions": [{"type": "denunciation", "field": "land", "summary": "Tố cáo cán bộ"}]}`, e.f.Province.ID), as, "reception")
	r := e.do("GET", "/api/v1/visits?format=csv", "", as, "leader")
	if r.Code != 200 || !strings.Contains(r.Raw, "Phạm Thị Dung") || identityShown(r.Raw) || !strings.Contains(r.Raw, "(Đã bảo mật danh tính)") ||
		!strings.Contains(r.Raw, "Tiếp thường xuyên") {
		t.Errorf("logbook export: %d %s", r.Code, r.Raw)
	}
	x := e.do("GET", "/api/v1/deadlines/due-soon?within=30&format=xlsx", "", as, "leader")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Raw)))
	if err != nil {
		t.Fatalf("due-soon export: %d %v", x.Code, err)
	}
	rows, _ := f.GetRows("Danh sách")
	// A title, the headings, and the open deadlines of the denunciation
	// (processing, and telling the visitor).
	if len(rows) < 3 || rows[1][6] != "Bước" || rows[2][7] == "" {
		t.Errorf("due-soon rows: %q", rows)
	}
}
