package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// A leader's lists: a petition received in June is overdue on 07/07/2026,
// one received today is not, and acting on it takes it off the list.
func TestOverdueAndDueSoonLists(t *testing.T) {
	e := newEnv(t)
	old := strings.Replace(e.petitionBody(), `"type": "complaint"`, `"type": "feedback", "received_at": "2026-06-01T09:00:00+07:00"`, 1)
	r := e.do("POST", "/api/v1/petitions", old)
	if r.Code != 201 {
		t.Fatalf("%d %s", r.Code, r.Raw)
	}
	oldID := r.Body["id"]
	// Mon 1/6: 10 working days → Mon 15/6. On Tue 7/7 that is 16 working days late.
	d := r.Body["deadlines"].([]any)[0].(map[string]any)
	if d["step"] != "process" || d["due"] != "2026-06-15" {
		t.Fatalf("deadline on receipt: %v", d)
	}
	if ex := d["explanation"].(map[string]any); ex["source"] == "" || ex["count"].(map[string]any)["result"] != "2026-06-15" {
		t.Errorf("the deadline does not explain itself: %v", ex)
	}
	if r := e.do("POST", "/api/v1/petitions", e.petitionBody()); r.Code != 201 {
		t.Fatal(r.Raw)
	}
	r = e.do("GET", fmt.Sprintf("/api/v1/deadlines/overdue?unit_id=%d", e.f.Province.ID), "")
	items := r.Body["items"].([]any)
	if r.Code != 200 || r.Body["total"].(float64) != 1 || len(items) != 1 {
		t.Fatalf("overdue: %s", r.Raw)
	}
	it := items[0].(map[string]any)
	if it["petition_id"] != oldID || it["late_working_days"].(float64) != 16 || it["unit_name"] != e.f.Province.Name {
		t.Errorf("overdue item: %v", it)
	}
	// Today's complaint must be accepted within 7 working days: Thu 16/7.
	r = e.do("GET", "/api/v1/deadlines/due-soon?within=7", "")
	if r.Body["total"].(float64) != 1 {
		t.Errorf("due within 7 working days: %s", r.Raw)
	}
	if r = e.do("GET", "/api/v1/deadlines/due-soon?within=6", ""); r.Body["total"].(float64) != 0 {
		t.Errorf("due within 6 working days: %s", r.Raw)
	}
	r = e.do("GET", "/api/v1/deadlines/counts", "")
	c := r.Body["items"].([]any)[0].(map[string]any)
	if c["overdue"].(float64) != 1 || c["on_time"].(float64) != 1 || c["due_soon"].(float64) != 0 {
		t.Errorf("counts: %s", r.Raw)
	}
	// Answering the old petition ends its deadline, late.
	r = e.do("POST", fmt.Sprintf("/api/v1/petitions/%v/events", oldID), `{"event": "answer", "version": 1, "doc_no": "5/TB", "text": "Đã trả lời."}`)
	if r.Code != 200 || r.Body["deadlines"].([]any)[0].(map[string]any)["status"] != "missed" {
		t.Fatalf("answer: %s", r.Raw)
	}
	if r = e.do("GET", "/api/v1/deadlines/overdue", ""); r.Body["total"].(float64) != 0 {
		t.Errorf("still overdue after the answer: %s", r.Raw)
	}
	for _, q := range []string{"step=later", "type=petition", "within=99"} {
		if r := e.do("GET", "/api/v1/deadlines/due-soon?"+q, ""); r.Code != 400 {
			t.Errorf("%s: %d", q, r.Code)
		}
	}
}

// An admin adds a holiday: the open deadlines it touches move, and each
// move is in the petition's history. Others may not change the calendar.
func TestHolidayChangeRecomputesOpenDeadlines(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v1/petitions", e.petitionBody())
	id := r.Body["id"]
	// Tue 7/7: 7 working days → Thu 16/7.
	if due := r.Body["deadlines"].([]any)[0].(map[string]any)["due"]; due != "2026-07-16" {
		t.Fatalf("due %v", due)
	}
	holiday := `{"date": "2026-07-10", "kind": "holiday", "name_vi": "Nghỉ bù", "name_en": "Day off", "source": "Quyết định của UBND tỉnh"}`
	if r := e.do("POST", "/api/v1/holidays", holiday); r.Code != 403 || errCode(r) != "forbidden" {
		t.Errorf("a handler added a holiday: %d %s", r.Code, r.Raw)
	}
	r = e.do("POST", "/api/v1/holidays", holiday, as, "admin")
	if r.Code != 201 || len(r.Body["moved_deadlines"].([]any)) != 1 {
		t.Fatalf("add holiday: %d %s", r.Code, r.Raw)
	}
	hid := r.Body["holiday"].(map[string]any)["id"]
	r = e.do("GET", fmt.Sprintf("/api/v1/petitions/%v", id), "")
	d := r.Body["deadlines"].([]any)[0].(map[string]any)
	if d["due"] != "2026-07-17" {
		t.Errorf("after the holiday on 10/7 the deadline is %v, want 2026-07-17", d["due"])
	}
	h := r.Body["history"].([]any)
	last := h[len(h)-1].(map[string]any)
	ch, _ := last["deadline_change"].(map[string]any)
	if last["event"] != "recompute" || ch["from"] != "2026-07-16" || ch["to"] != "2026-07-17" || r.Body["version"].(float64) != 1 {
		t.Errorf("history does not record the move, or the version changed: %v", last)
	}
	// A petition recorded after the change counts the new holiday (the
	// service's cached rules are stale and must be refreshed).
	r = e.do("POST", "/api/v1/petitions", e.petitionBody())
	if due := r.Body["deadlines"].([]any)[0].(map[string]any)["due"]; r.Code != 201 || due != "2026-07-17" {
		t.Errorf("a petition recorded after the holiday is due %v, want 2026-07-17", due)
	}
	if r := e.do("POST", "/api/v1/holidays", holiday, as, "admin"); r.Code != 422 {
		t.Errorf("the same day twice: %d %s", r.Code, r.Raw)
	}
	r = e.do("DELETE", fmt.Sprintf("/api/v1/holidays/%v", hid), "", as, "admin")
	if r.Code != 200 || len(r.Body["moved_deadlines"].([]any)) != 2 {
		t.Errorf("deleting the holiday should move both petitions' deadlines back: %d %s", r.Code, r.Raw)
	}
	if r := e.do("DELETE", "/api/v1/holidays/999999", "", as, "admin"); r.Code != 404 {
		t.Errorf("delete unknown holiday: %d", r.Code)
	}
}

// Correcting a rule value records who and why, and moves the deadlines
// that follow it.
func TestRuleCorrectionRecomputes(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v1/petitions", e.petitionBody())
	id := r.Body["id"]
	r = e.do("GET", "/api/v1/rules", "")
	var setID any
	for _, s := range r.Body["items"].([]any) {
		if s.(map[string]any)["code"] == "2026-07" {
			setID = s.(map[string]any)["id"]
		}
	}
	path := fmt.Sprintf("/api/v1/rules/%v/accept.complaint", setID)
	if r := e.do("PUT", path, `{"limit": 8, "count_unit": "working_days", "source": "Nghị định 155/2026", "reason": ""}`, as, "admin"); r.Code != 422 {
		t.Errorf("a correction without a reason: %d %s", r.Code, r.Raw)
	}
	r = e.do("PUT", path, `{"limit": 8, "count_unit": "working_days", "source": "Nghị định 155/2026/NĐ-CP", "reason": "Đối chiếu Công báo"}`, as, "admin")
	if r.Code != 200 || len(r.Body["moved_deadlines"].([]any)) != 1 {
		t.Fatalf("rule change: %d %s", r.Code, r.Raw)
	}
	r = e.do("GET", fmt.Sprintf("/api/v1/petitions/%v", id), "")
	if due := r.Body["deadlines"].([]any)[0].(map[string]any)["due"]; due != "2026-07-17" {
		t.Errorf("after 7 → 8 working days the deadline is %v, want 2026-07-17", due)
	}
	if r := e.do("PUT", fmt.Sprintf("/api/v1/rules/%v/no.such.key", setID), `{"limit": 8, "count_unit": "days", "source": "x", "reason": "y"}`, as, "admin"); r.Code != 404 {
		t.Errorf("unknown key: %d", r.Code)
	}
}
