package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"tiepdan/internal/auth"
	"tiepdan/internal/notify"
	"tiepdan/internal/vntime"
)

func TestTheReceptionScheduleIsPublicAsJSONAndAsAnICSFeed(t *testing.T) {
	e := newEnv(t) // Tuesday 7/7/2026
	chair := e.communeLeader()
	r := e.do("POST", "/api/v1/reception/rules", fmt.Sprintf(`{"unit_id": %d, "leader_id": %d, "kind": "weekly", "weekday": 4,
		"start": "08:00", "end": "11:00", "place": "Trụ sở UBND xã Tân An", "topic": "Đất đai, xây dựng"}`, e.f.Commune.ID, chair.ID), as, "chutich.xa")
	if r.Code != 201 {
		t.Fatalf("rule: %d %s", r.Code, r.Raw)
	}
	if r := e.do("POST", "/api/v1/reception/rules", fmt.Sprintf(`{"unit_id": %d, "leader_id": %d, "kind": "weekly", "weekday": 4,
		"start": "11:00", "end": "08:00", "place": "x"}`, e.f.Commune.ID, chair.ID), as, "admin"); r.Code != 422 || !strings.Contains(r.Raw, "sau giờ bắt đầu") {
		t.Fatalf("a rule ending before it starts: %d %s", r.Code, r.Raw)
	}
	if r := e.do("POST", "/api/v1/reception/rules", fmt.Sprintf(`{"unit_id": %d, "leader_id": %d, "kind": "weekly", "weekday": 4,
		"start": "08:00", "end": "11:00", "place": "x"}`, e.f.Commune.ID, e.f.Leader.ID), as, "admin"); r.Code != 422 || !strings.Contains(r.Raw, "lãnh đạo") {
		t.Fatalf("a rule for a leader of another unit: %d %s", r.Code, r.Raw)
	}

	pub := e.do("GET", "/api/v1/public/units/SH-XA/reception-schedule", "", as, "")
	if pub.Code != 200 {
		t.Fatalf("public schedule: %d %s", pub.Code, pub.Raw)
	}
	sessions := pub.Body["sessions"].([]any)
	if len(sessions) != 8 { // Thursdays 9/7 … 27/8
		t.Fatalf("%d sessions, want the 8 Thursdays of the next eight weeks: %s", len(sessions), pub.Raw)
	}
	first := sessions[0].(map[string]any)
	if first["day"] != "2026-07-09" || first["leader"] != "Chủ tịch xã" || first["start"] != "08:00" {
		t.Fatalf("first session: %v", first)
	}

	feed := e.do("GET", "/api/v1/public/units/sh-xa/reception-schedule.ics", "", as, "")
	if feed.Code != 200 || !strings.HasPrefix(feed.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", feed.Code, feed.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(feed.Raw))
	if err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	if len(cal.Events()) != 8 {
		t.Fatalf("%d events, want 8", len(cal.Events()))
	}
	start, err := cal.Events()[0].GetStartAt()
	if err != nil || !start.Equal(time.Date(2026, 7, 9, 8, 0, 0, 0, vntime.Zone)) {
		t.Fatalf("the first event starts %s (%v), want 08:00 on 9/7/2026 in Vietnam", start, err)
	}

	// A visit on the leader's reception day is logged against its session.
	list := e.do("GET", fmt.Sprintf("/api/v1/reception/sessions?unit_id=%d", e.f.Commune.ID), "", as, "chutich.xa")
	id := list.Body["items"].([]any)[0].(map[string]any)["id"]
	v := e.do("POST", "/api/v1/visits", fmt.Sprintf(`{"unit_id": %d, "session_id": %v, "summary": "Hỏi về cấp sổ đỏ",
		"citizen": {"full_name": "Lê Thị Hoa"}}`, e.f.Commune.ID, id), as, "chutich.xa")
	if v.Code != 201 || fmt.Sprint(v.Body["session_id"]) != fmt.Sprint(id) || v.Body["kind"] != "periodic" {
		t.Fatalf("visit against the session: %d %s", v.Code, v.Raw)
	}
	if v := e.do("POST", "/api/v1/visits", fmt.Sprintf(`{"unit_id": %d, "session_id": %v, "summary": "x", "citizen": {"full_name": "Lê Thị Hoa"}}`,
		e.f.Province.ID, id), as, "reception"); v.Code != 422 {
		t.Fatalf("a visit of the province against the commune's session: %d %s", v.Code, v.Raw)
	}

	// Postponed: the notice is public and the feed cancels the event.
	if r := e.do("POST", fmt.Sprintf("/api/v1/reception/sessions/%v/postpone", id), `{"notice": "Chủ tịch họp tại tỉnh", "to_day": "2026-07-10"}`,
		as, "chutich.xa"); r.Code != 200 || r.Body["status"] != "postponed" {
		t.Fatalf("postpone: %d %s", r.Code, r.Raw)
	}
	pub = e.do("GET", "/api/v1/public/units/SH-XA/reception-schedule", "", as, "")
	s0, s1 := pub.Body["sessions"].([]any)[0].(map[string]any), pub.Body["sessions"].([]any)[1].(map[string]any)
	if s0["status"] != "postponed" || s0["notice"] != "Chủ tịch họp tại tỉnh" || s1["day"] != "2026-07-10" {
		t.Fatalf("after the postponement: %v / %v", s0, s1)
	}
	feed = e.do("GET", "/api/v1/public/units/SH-XA/reception-schedule.ics", "", as, "")
	if !strings.Contains(feed.Raw, "STATUS:CANCELLED") || !strings.Contains(feed.Raw, "Chủ tịch họp tại tỉnh") {
		t.Fatalf("the feed does not cancel the postponed session:\n%s", feed.Raw)
	}
	// The chairman's rule ends: its sessions to come are cancelled, with
	// the notice; the replacement added by hand stays.
	rule := e.do("GET", fmt.Sprintf("/api/v1/reception/rules?unit_id=%d", e.f.Commune.ID), "", as, "chutich.xa").Body["items"].([]any)[0].(map[string]any)
	end := e.do("POST", fmt.Sprintf("/api/v1/reception/rules/%v/end", rule["id"]), `{"notice": "Từ tháng 8 tiếp công dân vào thứ Hai"}`, as, "chutich.xa")
	if end.Code != 200 || end.Body["cancelled_sessions"] != float64(7) {
		t.Fatalf("end the rule: %d %s", end.Code, end.Raw)
	}
	pub = e.do("GET", "/api/v1/public/units/SH-XA/reception-schedule", "", as, "")
	counts := map[string]int{}
	for _, x := range pub.Body["sessions"].([]any) {
		counts[x.(map[string]any)["status"].(string)]++
	}
	if counts["cancelled"] != 7 || counts["postponed"] != 1 || counts["scheduled"] != 1 {
		t.Fatalf("after the rule ended: %v", counts)
	}
	if r := e.do("GET", "/api/v1/public/units/NO-SUCH/reception-schedule", "", as, ""); r.Code != 404 {
		t.Fatalf("an unknown unit: %d", r.Code)
	}
}

func TestAnOfficialReadsAndMarksOnlyTheirOwnNotifications(t *testing.T) {
	e := newEnv(t)
	if _, err := e.f.DB.Post(context.Background(), []notify.Outgoing{
		{Key: notify.Key{Topic: "deadline", ObjectID: 1, Step: "overdue", UserID: e.f.Handler.ID}, Kind: "deadline", Subject: "Quá hạn: đơn A", Body: "…"},
		{Key: notify.Key{Topic: "deadline", ObjectID: 2, Step: "overdue", UserID: e.f.Handler.ID}, Kind: "deadline", Subject: "Quá hạn: đơn B", Body: "…"},
		{Key: notify.Key{Topic: "deadline", ObjectID: 2, Step: "escalate:1", UserID: e.f.Leader.ID}, Kind: "escalation", Subject: "Báo cáo", Body: "…"},
	}, notify.Route{}, now); err != nil {
		t.Fatal(err)
	}
	inbox := e.do("GET", "/api/v1/notifications", "", as, "handler")
	items := inbox.Body["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["subject"] != "Quá hạn: đơn B" {
		t.Fatalf("inbox: %s", inbox.Raw)
	}
	if c := e.do("GET", "/api/v1/notifications/unread-count", "", as, "handler"); c.Body["unread"] != float64(2) {
		t.Fatalf("unread: %s", c.Raw)
	}
	id := items[0].(map[string]any)["id"]
	if r := e.do("POST", fmt.Sprintf("/api/v1/notifications/%v/read", id), "", as, "leader"); r.Code != 404 {
		t.Fatalf("another official marked it: %d", r.Code)
	}
	if r := e.do("POST", fmt.Sprintf("/api/v1/notifications/%v/read", id), "", as, "handler"); r.Code != 204 {
		t.Fatalf("mark read: %d %s", r.Code, r.Raw)
	}
	if c := e.do("GET", "/api/v1/notifications/unread-count", "", as, "handler"); c.Body["unread"] != float64(1) {
		t.Fatalf("unread after one read: %s", c.Raw)
	}
	if r := e.do("GET", "/api/v1/notifications?unread=true", "", as, "handler"); len(r.Body["items"].([]any)) != 1 {
		t.Fatalf("unread only: %s", r.Raw)
	}
}

func TestFiledPetitionsAreListedForReviewAfterAYearAndNothingIsDeleted(t *testing.T) {
	e := newEnvAt(t, time.Date(2025, 3, 14, 10, 0, 0, 0, vntime.Zone), auth.Options{})
	p := e.do("POST", "/api/v1/petitions", fmt.Sprintf(`{"unit_id": %d, "type": "recommendation", "field": "land", "summary": "Kiến nghị không ký tên"}`,
		e.f.Commune.ID), as, "reception")
	if r := e.do("POST", fmt.Sprintf("/api/v1/petitions/%v/events", p.Body["id"]), `{"event": "file", "version": 1, "reason": "anonymous"}`,
		as, "handler"); r.Code != 200 {
		t.Fatalf("file: %d %s", r.Code, r.Raw)
	}
	e.setNow(time.Date(2026, 3, 14, 16, 0, 0, 0, vntime.Zone))
	if r := e.do("GET", "/api/v1/retention/filed", "", as, "admin"); r.Code != 200 || r.Body["total"] != float64(0) {
		t.Fatalf("on the last day of the year kept: %d %s", r.Code, r.Raw)
	}
	e.setNow(time.Date(2026, 3, 15, 8, 0, 0, 0, vntime.Zone))
	r := e.do("GET", "/api/v1/retention/filed", "", as, "admin")
	if r.Code != 200 || r.Body["total"] != float64(1) || r.Body["retention_months"] != float64(12) {
		t.Fatalf("a year later: %d %s", r.Code, r.Raw)
	}
	if it := r.Body["items"].([]any)[0].(map[string]any); it["code"] != p.Body["code"] || it["file_reason"] != "anonymous" {
		t.Fatalf("item: %v", it)
	}
	if g := e.do("GET", fmt.Sprintf("/api/v1/petitions/%v", p.Body["id"]), "", as, "handler"); g.Code != 200 {
		t.Fatalf("the petition is gone: %d", g.Code)
	}
}
