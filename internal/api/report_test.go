package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tiepdan/internal/auth"
	"tiepdan/internal/report"
)

// The Can Tho city council office's 2014 figures (DOMAIN.md), entered
// through the API as the officials would have: 105 visits, 100 individual
// and 5 groups; 191 petitions, of which 36 guided, 4 answered, 70 filed and
// 81 forwarded. The annual report gives exactly those numbers, in JSON and
// in the cells of the workbook.
func TestCanTho2014Report(t *testing.T) {
	e := newEnvAt(t, time.Date(2014, 12, 19, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600)), auth.Options{})
	for i := range 105 {
		body := fmt.Sprintf(`{"unit_id": %d, "summary": "Công dân hỏi về chế độ", "citizen": {"full_name": "Công dân %d"}}`, e.f.Province.ID, i)
		if i < 5 {
			body = fmt.Sprintf(`{"unit_id": %d, "summary": "Đoàn đông người phản ánh", "head_count": 8,
				"citizen": {"full_name": "Trưởng đoàn %d"}, "representatives": [{"full_name": "Đại diện %d"}]}`, e.f.Province.ID, i, i)
		}
		if r := e.do("POST", "/api/v1/visits", body, as, "reception"); r.Code != 201 {
			t.Fatalf("visit %d: %d %s", i, r.Code, r.Raw)
		}
	}
	outcomes := []struct {
		n    int
		body string
	}{
		{36, `{"event": "guide", "version": 1, "target_body": "Tòa án nhân dân thành phố", "doc_no": "1/HD"}`},
		{4, `{"event": "answer", "version": 1, "doc_no": "2/TB", "text": "Đơn không đủ điều kiện xử lý."}`},
		{70, `{"event": "file", "version": 1, "reason": "anonymous"}`},
		{81, `{"event": "forward", "version": 1, "target_body": "UBND quận Ninh Kiều", "doc_no": "3/PC"}`},
	}
	for _, o := range outcomes {
		for range o.n {
			p := e.do("POST", "/api/v1/petitions", fmt.Sprintf(`{"unit_id": %d, "type": "recommendation", "field": "land",
				"summary": "Kiến nghị về đất đai"}`, e.f.Province.ID), as, "reception")
			if p.Code != 201 {
				t.Fatalf("petition: %d %s", p.Code, p.Raw)
			}
			if r := e.do("POST", fmt.Sprintf("/api/v1/petitions/%v/events", p.Body["id"]), o.body, as, "handler"); r.Code != 200 {
				t.Fatalf("event: %d %s", r.Code, r.Raw)
			}
		}
	}

	r := e.do("GET", "/api/v1/reports?period=2014", "", as, "leader")
	if r.Code != 200 {
		t.Fatalf("report: %d %s", r.Code, r.Raw)
	}
	total := r.Body["total"].(map[string]any)
	v, p := total["visits"].(map[string]any), total["petitions"].(map[string]any)
	out := p["outcomes"].(map[string]any)
	for name, got := range map[string]any{
		"visits": v["total"], "individual": v["individual"], "groups": v["groups"], "people": v["people"],
		"received": p["received"], "carried over": p["carried_over"], "guided": out["guided"], "answered": out["answered"],
		"filed": out["filed"], "forwarded": out["forwarded"], "in progress": out["in_progress"],
	} {
		want := map[string]float64{"visits": 105, "individual": 100, "groups": 5, "people": 140, "received": 191, "carried over": 0,
			"guided": 36, "answered": 4, "filed": 70, "forwarded": 81, "in progress": 0}[name]
		if got == nil {
			got = 0.0
		}
		if got.(float64) != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	if r.Body["period"].(map[string]any)["label"] != "Năm 2014" {
		t.Errorf("period %v", r.Body["period"])
	}

	x := e.do("GET", "/api/v1/reports?period=2014&format=xlsx", "", as, "leader")
	if x.Code != 200 || !strings.HasPrefix(x.Header.Get("Content-Type"), "application/vnd.openxmlformats") {
		t.Fatalf("workbook: %d %s", x.Code, x.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Raw)))
	if err != nil {
		t.Fatal(err)
	}
	rows := len(r.Body["rows"].([]any))
	cell := func(heading string) string {
		for i, c := range report.Columns {
			if c.Heading == heading {
				v, _ := f.GetCellValue("Báo cáo", report.Cell(rows, i))
				return v
			}
		}
		t.Fatalf("no column %q", heading)
		return ""
	}
	for heading, want := range map[string]string{"Tổng số lượt": "105", "Lượt cá nhân": "100", "Đoàn đông người": "5",
		"Tiếp nhận trong kỳ": "191", "Hướng dẫn": "36", "Trả lời": "4", "Lưu đơn": "70", "Chuyển đơn": "81"} {
		if got := cell(heading); got != want {
			t.Errorf("workbook %s: %q, want %s", heading, got, want)
		}
	}
	if r := e.do("GET", "/api/v1/reports?period=2014&format=pdf", "", as, "leader"); r.Code != 400 {
		t.Errorf("an unknown format: %d", r.Code)
	}
	if r := e.do("GET", "/api/v1/reports?period=2014-Q5", "", as, "leader"); r.Code != 422 || !strings.Contains(errMessage(r), "2026-Q1") {
		t.Errorf("an unknown period: %d %s", r.Code, r.Raw)
	}
	if title, _ := f.GetCellValue("Báo cáo", "A3"); !strings.Contains(title, "Năm 2014") || !strings.Contains(title, "01/01/2014") {
		t.Errorf("title %q", title)
	}
}
