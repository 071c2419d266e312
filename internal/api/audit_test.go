package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/vntime"
)

// trail searches the audit trail as an admin.
func (e *env) trail(query string) response {
	e.t.Helper()
	r := e.do("GET", "/api/v1/audit?"+query, "", as, "admin")
	if r.Code != 200 {
		e.t.Fatalf("audit %s: %d %s", query, r.Code, r.Raw)
	}
	return r
}

func (e *env) trailTotal(query string) int {
	e.t.Helper()
	return int(e.trail(query + "&per_page=1").Body["total"].(float64))
}

func items(r response) []map[string]any {
	var out []map[string]any
	for _, it := range r.Body["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

// Every write through the API, and every citizen lookup, leaves exactly
// one entry naming the official, their address, the action and the object.
func TestEveryWriteIsAuditedOnceWithWhoAndAddress(t *testing.T) {
	e := newEnv(t)
	var petitionID, holidayID, setID any
	r := e.do("GET", "/api/v1/rules", "")
	for _, s := range r.Body["items"].([]any) {
		if s.(map[string]any)["code"] == "2026-07" {
			setID = s.(map[string]any)["id"]
		}
	}
	holiday := `{"date": "2026-07-10", "kind": "holiday", "name_vi": "Nghỉ bù", "name_en": "Day off", "source": "Quyết định của UBND tỉnh"}`
	steps := []struct {
		actor, method string
		path          func() string
		body          string
		status        int
		action, otype string
		objectID      func(response) any // nil: no single object
		after         func(response)
	}{
		{"admin", "POST", func() string { return "/api/v1/units" },
			fmt.Sprintf(`{"code": "SH-MOI", "name": "UBND xã Mới", "parent_id": %d, "level": "commune"}`, e.f.Province.ID),
			201, "create_unit", "unit", func(r response) any { return r.Body["id"] }, nil},
		{"admin", "POST", func() string { return "/api/v1/users" },
			fmt.Sprintf(`{"username": "tuan", "full_name": "Lê Văn Tuấn", "unit_id": %d, "roles": ["leader"]}`, e.f.Province.ID),
			201, "create_user", "user", func(r response) any { return r.Body["id"] }, nil},
		{"admin", "POST", func() string { return "/api/v1/fields" }, `{"code": "fisheries", "name_vi": "Thủy sản", "name_en": "Fisheries"}`,
			201, "create_field", "field", func(response) any { return "fisheries" }, nil},
		{"reception", "POST", func() string { return "/api/v1/visits" }, fmt.Sprintf(`{"unit_id": %d, "kind": "regular",
			"citizen": {"full_name": "Hoàng Văn Em", "id_number": "038070001234"}, "summary": "Hỏi về thủ tục đất đai",
			"petitions": [{"type": "feedback", "field": "land", "summary": "Phản ánh lấn chiếm đất công"}]}`, e.f.Commune.ID),
			201, "create_visit", "visit", func(r response) any { return r.Body["id"] }, nil},
		{"handler", "POST", func() string { return "/api/v1/petitions" }, e.petitionBody(),
			201, "create_petition", "petition", func(r response) any { return r.Body["id"] }, func(r response) { petitionID = r.Body["id"] }},
		{"handler", "POST", func() string { return fmt.Sprintf("/api/v1/petitions/%v/events", petitionID) },
			`{"event": "accept", "version": 1, "decision_no": "12/QĐ-UBND", "complexity": "complex"}`,
			200, "petition_event", "petition", func(response) any { return petitionID }, nil},
		{"admin", "POST", func() string { return "/api/v1/holidays" }, holiday,
			201, "create_holiday", "holiday", func(r response) any { return r.Body["holiday"].(map[string]any)["id"] },
			func(r response) { holidayID = r.Body["holiday"].(map[string]any)["id"] }},
		{"admin", "PUT", func() string { return fmt.Sprintf("/api/v1/holidays/%v", holidayID) }, strings.Replace(holiday, "Nghỉ bù", "Nghỉ bù lễ", 1),
			200, "update_holiday", "holiday", func(response) any { return holidayID }, nil},
		{"admin", "DELETE", func() string { return fmt.Sprintf("/api/v1/holidays/%v", holidayID) }, "",
			200, "delete_holiday", "holiday", func(response) any { return holidayID }, nil},
		{"admin", "PUT", func() string { return fmt.Sprintf("/api/v1/rules/%v/accept.complaint", setID) },
			`{"limit": 8, "count_unit": "working_days", "source": "Nghị định 155/2026/NĐ-CP", "reason": "Đối chiếu Công báo"}`,
			200, "change_rule", "rule", func(response) any { return fmt.Sprintf("%v/accept.complaint", setID) }, nil},
		{"reception", "GET", func() string { return "/api/v1/citizens/lookup?id_number=001085012345" }, "",
			200, "lookup_citizen", "citizen", func(r response) any { return r.Body["citizen"].(map[string]any)["id"] }, nil},
		{"reception", "GET", func() string { return "/api/v1/citizens/lookup?id_number=079099000001" }, "",
			404, "lookup_citizen", "citizen", nil, nil},
	}
	users := map[string]int64{"admin": e.f.Admin.ID, "reception": e.f.Reception.ID, "handler": e.f.Handler.ID}
	for _, s := range steps {
		before := e.trailTotal("")
		r := e.do(s.method, s.path(), s.body, as, s.actor)
		if r.Code != s.status {
			t.Fatalf("%s %s: %d %s", s.method, s.path(), r.Code, r.Raw)
		}
		if s.after != nil {
			s.after(r)
		}
		if got := e.trailTotal(""); got != before+1 {
			t.Errorf("%s: %d audit entries written, want 1", s.action, got-before)
			continue
		}
		newest := items(e.trail("per_page=1"))[0]
		want := ""
		if s.objectID != nil {
			want = fmt.Sprint(s.objectID(r))
		}
		if newest["action"] != s.action || newest["object_type"] != s.otype || newest["object_id"] != want {
			t.Errorf("%s: entry says %v %v %q, want %s %s %q", s.action, newest["action"], newest["object_type"], newest["object_id"], s.action, s.otype, want)
		}
		if newest["user_id"] != float64(users[s.actor]) || newest["username"] != s.actor || newest["address"] != "192.0.2.1" {
			t.Errorf("%s: entry by %v %v from %v, want %s from 192.0.2.1", s.action, newest["user_id"], newest["username"], newest["address"], s.actor)
		}
	}

	// The event's entry holds the state before and after; the lookups say
	// whether someone was found, and no entry holds an identity number.
	ev := items(e.trail("action=petition_event"))[0]
	if b, a := ev["before"].(map[string]any), ev["after"].(map[string]any); b["state"] != "received" || b["version"].(float64) != 1 ||
		a["state"] != "accepted" || a["version"].(float64) != 2 || a["event"] != "accept" || a["data"].(map[string]any)["decision_no"] != "12/QĐ-UBND" {
		t.Errorf("event entry: before %v after %v", ev["before"], ev["after"])
	}
	lookups := items(e.trail("action=lookup_citizen"))
	if lookups[0]["after"].(map[string]any)["found"] != false || lookups[1]["after"].(map[string]any)["found"] != true {
		t.Errorf("lookup entries: %v", lookups)
	}
	all := e.trail("per_page=500").Raw
	for _, number := range []string{"001085012345", "038070001234", "079099000001"} {
		if strings.Contains(all, number) {
			t.Errorf("the audit trail holds the identity number %s", number)
		}
	}
}

// A write that is refused, in the service or inside its transaction, leaves
// no entry; nor does the replay of an earlier request.
func TestRefusedWritesAndReplaysLeaveNoAuditEntry(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v1/petitions", e.petitionBody(), "Idempotency-Key", "k1")
	if r.Code != 201 {
		t.Fatalf("create: %d %s", r.Code, r.Raw)
	}
	id := r.Body["id"]
	e.do("POST", "/api/v1/holidays", `{"date": "2026-07-10", "kind": "holiday", "name_vi": "Nghỉ", "name_en": "Off", "source": "QĐ"}`, as, "admin")
	before := e.trailTotal("")
	for _, req := range []struct {
		method, path, body, actor string
		status                    int
	}{
		// Refused inside the write's transaction:
		{"POST", "/api/v1/petitions", strings.Replace(e.petitionBody(), fmt.Sprintf(`"unit_id": %d`, e.f.Province.ID), `"unit_id": 999999`, 1), "handler", 422},
		{"POST", "/api/v1/units", `{"code": "SH", "name": "Trùng mã", "level": "province"}`, "admin", 422},
		{"POST", "/api/v1/holidays", `{"date": "2026-07-10", "kind": "holiday", "name_vi": "Nghỉ", "name_en": "Off", "source": "QĐ"}`, "admin", 422},
		{"POST", "/api/v1/visits", fmt.Sprintf(`{"unit_id": %d, "kind": "regular", "citizen": {"full_name": "Vũ Thị Giang"}, "summary": "Hỏi",
			"petitions": [{"type": "feedback", "field": "astrology", "summary": "Phản ánh"}]}`, e.f.Commune.ID), "reception", 422},
		{"DELETE", "/api/v1/holidays/999999", "", "admin", 404},
		// Refused before it:
		{"POST", fmt.Sprintf("/api/v1/petitions/%v/events", id), `{"event": "accept", "version": 7, "decision_no": "1", "complexity": "normal"}`, "handler", 409},
		{"POST", fmt.Sprintf("/api/v1/petitions/%v/events", id), `{"event": "resume", "version": 1, "decision_no": "1"}`, "handler", 409},
		{"POST", "/api/v1/holidays", `{"date": "2026-07-11", "kind": "holiday", "name_vi": "Nghỉ", "name_en": "Off", "source": "QĐ"}`, "handler", 403},
	} {
		if r := e.do(req.method, req.path, req.body, as, req.actor); r.Code != req.status {
			t.Errorf("%s %s: %d %s, want %d", req.method, req.path, r.Code, r.Raw, req.status)
		}
	}
	if r := e.do("POST", "/api/v1/petitions", e.petitionBody(), "Idempotency-Key", "k1"); r.Code != 201 || r.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d %s", r.Code, r.Raw)
	}
	if got := e.trailTotal(""); got != before {
		t.Errorf("refused writes and a replay left %d audit entries", got-before)
	}
}

// Admins search the trail by official, action, object and Vietnam days,
// newest first, a page at a time; nobody else may.
func TestAuditSearch(t *testing.T) {
	e := newEnv(t)
	fixture := e.trailTotal("") // the fixture's units and users, on 5/1/2026
	// 7/7/2026 09:00 in Vietnam.
	e.f.SetAuditTime(time.Date(2026, 7, 7, 9, 0, 0, 0, vntime.Zone))
	r := e.do("POST", "/api/v1/petitions", e.petitionBody())
	id := r.Body["id"]
	if r := e.do("POST", fmt.Sprintf("/api/v1/petitions/%v/events", id), `{"event": "accept", "version": 1, "decision_no": "12/QĐ-UBND", "complexity": "normal"}`); r.Code != 200 {
		t.Fatalf("accept: %d %s", r.Code, r.Raw)
	}
	// 8/7/2026 00:30 in Vietnam, still 7/7 in UTC.
	e.f.SetAuditTime(time.Date(2026, 7, 7, 17, 30, 0, 0, time.UTC))
	e.do("GET", "/api/v1/citizens/lookup?id_number=001085012345", "", as, "reception")
	e.do("POST", "/api/v1/fields", `{"code": "fisheries", "name_vi": "Thủy sản", "name_en": "Fisheries"}`, as, "admin")

	for _, c := range []struct {
		query string
		want  int
	}{
		{"", fixture + 4},
		{"username=reception", 1},
		{fmt.Sprintf("user_id=%d", e.f.Handler.ID), 2},
		{"username=handler&action=petition_event", 1},
		{"action=create_petition", 1},
		{fmt.Sprintf("object_type=petition&object_id=%v", id), 2},
		{"object_type=field&object_id=fisheries", 1},
		{"object_type=citizen", 1},
		{"from=2026-07-07&to=07/07/2026", 2},
		{"from=2026-07-08", 2},
		{"to=2026-07-06", fixture},
		{"from=2026-07-09", 0},
		{"username=nobody", 0},
	} {
		if got := e.trailTotal(c.query); got != c.want {
			t.Errorf("%q: %d entries, want %d", c.query, got, c.want)
		}
	}

	page := e.trail("per_page=2&page=2")
	its := items(page)
	if len(its) != 2 || page.Body["total"].(float64) != float64(fixture+4) || page.Body["page"].(float64) != 2 {
		t.Fatalf("page 2: %s", page.Raw)
	}
	first := items(e.trail("per_page=1"))[0]
	if first["action"] != "create_field" || its[0]["id"].(float64) != first["id"].(float64)-2 || its[1]["id"].(float64) != first["id"].(float64)-3 {
		t.Errorf("not newest first: newest %v, page 2 %v %v", first["id"], its[0]["id"], its[1]["id"])
	}
	if h, p := its[0]["prev_hash"], its[1]["hash"]; h != p || len(h.(string)) != 64 {
		t.Errorf("entry %v links to %v, the previous entry's hash is %v", its[0]["id"], h, p)
	}

	for _, q := range []string{"action=delete_everything", "from=yesterday", "user_id=-1", "per_page=501"} {
		if r := e.do("GET", "/api/v1/audit?"+q, "", as, "admin"); r.Code != 400 {
			t.Errorf("%s: %d", q, r.Code)
		}
	}
	for _, who := range []string{"handler", "leader", "reception"} {
		if r := e.do("GET", "/api/v1/audit", "", as, who); r.Code != 403 || errCode(r) != "forbidden" || errMessage(r) == "" {
			t.Errorf("%s read the audit trail: %d %s", who, r.Code, r.Raw)
		}
	}
	if r := e.do("GET", "/api/v1/audit?lang=en", "", as, "leader"); errMessage(r) != "Your role may not do this." {
		t.Errorf("English message: %s", r.Raw)
	}
}
