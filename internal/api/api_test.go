package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"tiepdan/internal/api"
	"tiepdan/internal/attachment"
	"tiepdan/internal/auth"
	"tiepdan/internal/deadline"
	"tiepdan/internal/i18n"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/report"
	"tiepdan/internal/retention"
	"tiepdan/internal/schedule"
	"tiepdan/internal/testdb"
	"tiepdan/internal/visit"
)

var now = time.Date(2026, 7, 7, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

type env struct {
	t      *testing.T
	f      *testdb.Fixture
	h      http.Handler
	auth   *auth.Service
	tokens map[string]string // username → API token
	setNow func(time.Time)   // moves the clock of every service
}

// as names, in a request's headers, the fixture user a test request is
// sent by (with their API token); "" sends it signed out.
const as = "X-Test-As"

func newEnv(t *testing.T) *env { return newEnvWith(t, auth.Options{}) }

// newEnvWith is newEnv with sign-in options (passwords are hashed at
// bcrypt's lowest cost whatever they say).
func newEnvWith(t *testing.T, opts auth.Options) *env { return newEnvAt(t, now, opts) }

// newEnvAt is newEnvWith on a clock stopped at at.
func newEnvAt(t *testing.T, at time.Time, opts auth.Options) *env {
	t.Helper()
	f := testdb.New(t)
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	cur := at
	clock := func() time.Time { return cur }
	petitions := petition.NewService(f.DB, f.DB, clock)
	opts.Cost = bcrypt.MinCost
	notes := notify.NewService(f.DB, cat.Render, clock, slog.New(slog.DiscardHandler), nil, nil)
	text := func(k string, p map[string]any) string { return cat.T(i18n.VI, k, p) }
	accounts := auth.NewService(f.DB, clock, opts)
	h := api.New(api.Deps{
		Auth:      accounts,
		Reports:   report.NewService(f.DB, f.DB),
		Petitions: petitions,
		Visits:    visit.NewService(f.DB, petitions, clock),
		Deadlines: deadline.NewService(f.DB, clock),
		Org:       org.NewService(f.DB, clock),
		OrgStore:  f.DB, Fields: f.DB, Citizens: f.DB, Audit: f.DB,
		Catalog: cat, Log: slog.New(slog.DiscardHandler), Ready: f.DB.Ping,
		MaxBody: 64 << 10,

		Attachments: attachment.NewService(f.DB, maxUpload, clock),

		Notify:    notes,
		Schedule:  schedule.NewService(f.DB, notes, text, schedule.Config{}, clock, slog.New(slog.DiscardHandler)),
		Retention: retention.NewService(f.DB, clock),
		JobStatus: f.DB.JobStatuses,
		Now:       clock,
	})
	e := &env{t: t, f: f, h: h, auth: accounts, tokens: map[string]string{}, setNow: func(t time.Time) { cur = t }}
	for _, u := range []org.User{f.Reception, f.Handler, f.Leader, f.Admin, f.Auditor} {
		e.addToken(u)
	}
	return e
}

func (e *env) addToken(u org.User) {
	e.t.Helper()
	_, secret, err := e.auth.CreateToken(context.Background(), u, "tests")
	if err != nil {
		e.t.Fatal(err)
	}
	e.tokens[u.Username] = secret
}

type response struct {
	Code   int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// do sends a request as the handler user unless headers say otherwise
// (see as).
func (e *env) do(method, path, body string, headers ...string) response {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set(as, "handler")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	if user := req.Header.Get(as); user != "" {
		token, ok := e.tokens[user]
		if !ok {
			token = "tdn_no-such-token"
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Del(as)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	r := response{Code: w.Code, Header: w.Header(), Raw: w.Body.String()}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(w.Body.Bytes(), &r.Body); err != nil {
			e.t.Fatalf("%s %s: response is not JSON: %v\n%s", method, path, err, w.Body.String())
		}
	}
	return r
}

func (e *env) count(path string) int {
	e.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	r := e.do("GET", path+sep+"per_page=1", "")
	if r.Code != 200 {
		e.t.Fatalf("count %s: %d %s", path, r.Code, r.Raw)
	}
	return int(r.Body["total"].(float64))
}

func (e *env) petitionBody() string {
	return fmt.Sprintf(`{"unit_id": %d, "type": "complaint", "field": "land",
		"summary": "Khiếu nại quyết định thu hồi đất", "content": "Không đồng ý mức bồi thường đất đai",
		"complainants": [{"full_name": "Nguyễn Văn An", "id_number": "001085012345", "phone": "0912345678"}]}`, e.f.Province.ID)
}

func errCode(r response) string {
	if e, ok := r.Body["error"].(map[string]any); ok {
		s, _ := e["code"].(string)
		return s
	}
	return ""
}

func errMessage(r response) string {
	if e, ok := r.Body["error"].(map[string]any); ok {
		s, _ := e["message"].(string)
		return s
	}
	return ""
}

func errFields(r response) []string {
	var out []string
	if e, ok := r.Body["error"].(map[string]any); ok {
		fs, _ := e["fields"].([]any)
		for _, f := range fs {
			out = append(out, f.(map[string]any)["field"].(string))
		}
	}
	return out
}

func TestCreatePetitionAndFireEvents(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v1/petitions", e.petitionBody())
	if r.Code != 201 {
		t.Fatalf("create: %d %s", r.Code, r.Raw)
	}
	id := int(r.Body["id"].(float64))
	if r.Body["state"] != "received" || r.Body["version"].(float64) != 1 || len(r.Body["history"].([]any)) != 1 {
		t.Errorf("new petition: %s", r.Raw)
	}
	if code := r.Body["formatted_code"].(string); len(code) != 14 || code[4] != '-' {
		t.Errorf("tracking code %q is not XXXX-XXXX-XXXX", code)
	}
	if got := fmt.Sprint(r.Body["allowed_events"]); got != "[guide answer file forward accept withdraw]" {
		t.Errorf("allowed events %s", got)
	}

	path := fmt.Sprintf("/api/v1/petitions/%d/events", id)
	r = e.do("POST", path, `{"event": "accept", "version": 1, "decision_no": "12/QĐ-UBND", "complexity": "complex", "remote_area": true}`)
	if r.Code != 200 || r.Body["state"] != "accepted" {
		t.Fatalf("accept: %d %s", r.Code, r.Raw)
	}
	out := r.Body["outcome"].(map[string]any)
	if out["complexity"] != "complex" || out["remote_area"] != true || out["accept_decision_no"] != "12/QĐ-UBND" {
		t.Errorf("accept did not record its data: %v", out)
	}
	r = e.do("POST", path, `{"event": "resolve", "version": 2, "decision_no": "15/QĐ-UBND", "decision_date": "2026-07-07", "conclusion": "wrong"}`, as, "leader")
	if r.Code != 200 || r.Body["state"] != "resolved" || len(r.Body["allowed_events"].([]any)) != 0 {
		t.Fatalf("resolve: %d %s", r.Code, r.Raw)
	}
	r = e.do("GET", fmt.Sprintf("/api/v1/petitions/%d", id), "")
	h := r.Body["history"].([]any)
	if len(h) != 3 || h[2].(map[string]any)["event"] != "resolve" || h[2].(map[string]any)["actor_id"].(float64) != float64(e.f.Leader.ID) {
		t.Errorf("history: %v", h)
	}
}

// Bad input gets a clear 4xx in the user's language and writes nothing.
func TestBadInputIsRefusedAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v1/petitions", e.petitionBody())
	if r.Code != 201 {
		t.Fatalf("create: %d %s", r.Code, r.Raw)
	}
	events := fmt.Sprintf("/api/v1/petitions/%v/events", r.Body["id"])
	group := func(people, reps int) string {
		var rs []string
		for i := range reps {
			rs = append(rs, fmt.Sprintf(`{"full_name": "Người đại diện %d"}`, i+1))
		}
		return fmt.Sprintf(`{"unit_id": %d, "summary": "Đoàn đông người phản ánh ô nhiễm", "head_count": %d,
			"citizen": {"full_name": "Lê Văn Cường"}, "representatives": [%s]}`, e.f.Province.ID, people, strings.Join(rs, ","))
	}
	for _, tc := range []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		code, field, contains    string
	}{
		{"malformed JSON", "POST", "/api/v1/petitions", `{"unit_id": 1,`, nil, 400, "bad_request", "", "JSON"},
		{"not JSON", "POST", "/api/v1/petitions", `unit_id=1`, nil, 400, "bad_request", "", "JSON"},
		{"unknown field", "POST", "/api/v1/petitions", `{"unit": 1}`, nil, 400, "bad_request", "", "unit"},
		{"wrong type", "POST", "/api/v1/petitions", `{"unit_id": "one"}`, nil, 400, "bad_request", "", "unit_id"},
		{"invalid CCCD", "POST", "/api/v1/petitions", strings.Replace(e.petitionBody(), "001085012345", "001085", 1), nil, 422, "invalid", "complainants[0].id_number", "12 chữ số"},
		{"invalid CCCD in English", "POST", "/api/v1/petitions", strings.Replace(e.petitionBody(), "001085012345", "003085012345", 1), []string{"Accept-Language", "en-US,en;q=0.9"}, 422, "invalid", "complainants[0].id_number", "province code"},
		{"unknown unit", "POST", "/api/v1/petitions", strings.Replace(e.petitionBody(), fmt.Sprintf(`"unit_id": %d`, e.f.Province.ID), `"unit_id": 424242`, 1), nil, 422, "invalid", "unit_id", "Đơn vị không tồn tại"},
		{"unknown field code", "POST", "/api/v1/petitions", strings.Replace(e.petitionBody(), `"land"`, `"space"`, 1), nil, 422, "invalid", "field", "space"},
		{"missing summary", "POST", "/api/v1/petitions", fmt.Sprintf(`{"unit_id": %d, "type": "feedback", "field": "land"}`, e.f.Province.ID), nil, 422, "invalid", "summary", "bắt buộc"},
		{"too many representatives", "POST", "/api/v1/visits", group(8, 3), []string{as, "reception"}, 422, "invalid", "representatives", "từ 1 đến 2"},
		{"too many representatives, large group", "POST", "/api/v1/visits", group(30, 6), []string{as, "reception"}, 422, "invalid", "representatives", "từ 1 đến 5"},
		{"too few representatives", "POST", "/api/v1/visits", group(12, 0), []string{as, "reception"}, 422, "invalid", "representatives", "từ 1 đến 5"},
		{"representatives for one person", "POST", "/api/v1/visits", group(3, 1), []string{as, "reception"}, 422, "invalid", "representatives", "5 người"},
		{"refusal without reason", "POST", "/api/v1/visits", fmt.Sprintf(`{"unit_id": %d, "citizen": {"full_name": "Lê Văn Cường"}, "refused": true}`, e.f.Province.ID), []string{as, "reception"}, 422, "invalid", "refusal_reason", "bắt buộc"},
		{"stale version", "POST", events, `{"event": "accept", "version": 7, "decision_no": "1", "complexity": "normal"}`, nil, 409, "stale_version", "", "tải lại"},
		{"unknown event", "POST", events, `{"event": "approve", "version": 1}`, nil, 422, "invalid", "", "approve"},
		{"event not allowed", "POST", events, `{"event": "resolve", "version": 1, "decision_no": "1", "decision_date": "2026-07-07", "conclusion": "right"}`, nil, 409, "conflict", "", "Tiếp nhận"},
		{"event without data", "POST", events, `{"event": "guide", "version": 1}`, nil, 422, "invalid", "target_body", "bắt buộc"},
		{"event without version", "POST", events, `{"event": "guide", "target_body": "Sở Xây dựng", "doc_no": "1/HD"}`, nil, 422, "invalid", "version", "bắt buộc"},
		{"event on unknown petition", "POST", "/api/v1/petitions/99999/events", `{"event": "guide", "version": 1}`, nil, 404, "not_found", "", "Không tìm thấy"},
		{"oversized body", "POST", "/api/v1/petitions", `{"summary": "` + strings.Repeat("đ", 40<<10) + `"}`, nil, 413, "too_large", "", "quá lớn"},
		{"signed out", "POST", "/api/v1/petitions", e.petitionBody(), []string{as, ""}, 401, "unauthorized", "", "đăng nhập"},
		{"unknown token", "POST", "/api/v1/petitions", e.petitionBody(), []string{as, "mallory"}, 401, "unauthorized", "", "không hợp lệ"},
		{"bad query parameter", "GET", "/api/v1/petitions?state=lost", "", nil, 400, "bad_request", "", "state"},
		{"bad page", "GET", "/api/v1/petitions?page=-1", "", nil, 400, "bad_request", "", "page"},
		{"non-numeric id", "GET", "/api/v1/petitions/abc", "", nil, 404, "not_found", "", ""},
		{"unknown route", "GET", "/api/v1/nothing", "", nil, 404, "not_found", "", ""},
		{"wrong method", "DELETE", "/api/v1/petitions", "", nil, 405, "method_not_allowed", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			petitions, visits := e.count("/api/v1/petitions"), e.count("/api/v1/visits")
			r := e.do(tc.method, tc.path, tc.body, tc.headers...)
			if r.Code != tc.status || errCode(r) != tc.code {
				t.Fatalf("got %d %s, want %d %s: %s", r.Code, errCode(r), tc.status, tc.code, r.Raw)
			}
			if tc.field != "" && !strings.Contains(strings.Join(errFields(r), " "), tc.field) {
				t.Errorf("fields %v do not name %s", errFields(r), tc.field)
			}
			if !strings.Contains(errMessage(r), tc.contains) || errMessage(r) == "" {
				t.Errorf("message %q does not say %q", errMessage(r), tc.contains)
			}
			if p, v := e.count("/api/v1/petitions"), e.count("/api/v1/visits"); p != petitions || v != visits {
				t.Errorf("wrote something: petitions %d→%d, visits %d→%d", petitions, p, visits, v)
			}
		})
	}
	r = e.do("GET", "/api/v1/petitions/"+fmt.Sprint(r.Body["id"]), "")
	if r.Body["version"].(float64) != 1 || len(r.Body["history"].([]any)) != 1 {
		t.Errorf("the petition changed: %s", r.Raw)
	}
}

func TestIdempotentCreate(t *testing.T) {
	e := newEnv(t)
	body := e.petitionBody()
	first := e.do("POST", "/api/v1/petitions", body, "Idempotency-Key", "k-1")
	again := e.do("POST", "/api/v1/petitions", body, "Idempotency-Key", "k-1")
	if first.Code != 201 || again.Code != 201 || first.Body["id"] != again.Body["id"] || first.Body["code"] != again.Body["code"] {
		t.Fatalf("retry made another petition: %s / %s", first.Raw, again.Raw)
	}
	if again.Header.Get("Idempotent-Replayed") != "true" || first.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("replay not marked")
	}
	other := e.do("POST", "/api/v1/petitions", strings.Replace(body, "Nguyễn Văn An", "Nguyễn Văn Bình", 1), "Idempotency-Key", "k-1")
	if other.Code != 409 {
		t.Errorf("a key reused with another body: %d %s", other.Code, other.Raw)
	}

	var wg sync.WaitGroup
	ids := make(chan any, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := e.do("POST", "/api/v1/petitions", body, "Idempotency-Key", "k-2")
			if r.Code != 201 {
				t.Errorf("concurrent create: %d %s", r.Code, r.Raw)
			}
			ids <- r.Body["id"]
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[any]bool{}
	for id := range ids {
		seen[id] = true
	}
	if len(seen) != 1 || e.count("/api/v1/petitions") != 2 {
		t.Errorf("16 concurrent retries made %d petitions (%d in all)", len(seen), e.count("/api/v1/petitions"))
	}
	visitBody := fmt.Sprintf(`{"unit_id": %d, "summary": "Hỏi về chế độ", "citizen": {"full_name": "Phạm Thị Dung"}}`, e.f.Province.ID)
	v1 := e.do("POST", "/api/v1/visits", visitBody, "Idempotency-Key", "v-1", as, "reception")
	v2 := e.do("POST", "/api/v1/visits", visitBody, "Idempotency-Key", "v-1", as, "reception")
	if v1.Code != 201 || v1.Body["id"] != v2.Body["id"] || e.count("/api/v1/visits") != 1 {
		t.Errorf("visit retry: %s / %s", v1.Raw, v2.Raw)
	}
}

func TestVisitWithGroupAndPetitions(t *testing.T) {
	e := newEnv(t)
	body := fmt.Sprintf(`{"unit_id": %d, "kind": "periodic", "head_count": 12,
		"citizen": {"full_name": "Hoàng Văn Em", "id_number": "038070001234", "address": "Thôn Đông, xã Tân An"},
		"representatives": [{"full_name": "Hoàng Văn Em", "id_number": "038070001234"}, {"full_name": "Vũ Thị Giang"}],
		"summary": "Đoàn 12 hộ dân khiếu nại việc bồi thường giải phóng mặt bằng",
		"petition_type": "complaint", "in_competence": true,
		"petitions": [
			{"type": "complaint", "field": "site_clearance", "summary": "Khiếu nại mức bồi thường dự án đường tỉnh 741"},
			{"type": "feedback", "field": "environment", "summary": "Phản ánh bụi từ công trường"}
		]}`, e.f.Commune.ID)
	r := e.do("POST", "/api/v1/visits", body, as, "reception")
	if r.Code != 201 {
		t.Fatalf("create visit: %d %s", r.Code, r.Raw)
	}
	if r.Body["number"].(float64) != 1 || len(r.Body["representatives"].([]any)) != 2 || len(r.Body["petitions"].([]any)) != 2 {
		t.Fatalf("visit: %s", r.Raw)
	}
	p := r.Body["petitions"].([]any)[0].(map[string]any)
	if p["visit_id"] != r.Body["id"] || p["channel"] != "in_person" || p["unit_id"].(float64) != float64(e.f.Commune.ID) {
		t.Errorf("petition from the visit: %v", p)
	}
	if cs := p["complainants"].([]any); len(cs) != 1 || cs[0].(map[string]any)["full_name"] != "Hoàng Văn Em" {
		t.Errorf("the complaint's complainant should default to the visitor: %v", cs)
	}
	// A bad second petition rolls the whole visit back.
	bad := strings.Replace(body, `"field": "environment"`, `"field": "astrology"`, 1)
	r = e.do("POST", "/api/v1/visits", bad, as, "reception")
	if r.Code != 422 || !strings.Contains(strings.Join(errFields(r), " "), "petitions[1].field") {
		t.Fatalf("bad petition in visit: %d %s", r.Code, r.Raw)
	}
	if e.count("/api/v1/visits") != 1 || e.count("/api/v1/petitions") != 2 {
		t.Errorf("a failed visit left rows behind")
	}
	// The logbook: by day and unit subtree.
	if n := e.count(fmt.Sprintf("/api/v1/visits?unit_id=%d&from=07/07/2026&to=2026-07-07", e.f.Province.ID)); n != 1 {
		t.Errorf("logbook for the province on 07/07/2026 has %d rows", n)
	}
	if n := e.count(fmt.Sprintf("/api/v1/visits?unit_id=%d", e.f.Department.ID)); n != 0 {
		t.Errorf("the department's logbook has %d rows", n)
	}
	if n := e.count("/api/v1/visits?from=2026-07-08"); n != 0 {
		t.Errorf("logbook from 08/07/2026 has %d rows", n)
	}
	r = e.do("GET", "/api/v1/citizens/lookup?id_number=038070001234", "")
	if r.Code != 200 || r.Body["petition_count"].(float64) != 1 {
		t.Errorf("citizen lookup: %s", r.Raw)
	}
}

func TestListFiltersBySubtreeStateAndText(t *testing.T) {
	e := newEnv(t)
	make := func(unit int64, summary string) {
		b := strings.Replace(e.petitionBody(), fmt.Sprintf(`"unit_id": %d`, e.f.Province.ID), fmt.Sprintf(`"unit_id": %d`, unit), 1)
		b = strings.Replace(b, "Khiếu nại quyết định thu hồi đất", summary, 1)
		if r := e.do("POST", "/api/v1/petitions", b); r.Code != 201 {
			t.Fatalf("%d %s", r.Code, r.Raw)
		}
	}
	make(e.f.Province.ID, "Khiếu nại về cấp giấy chứng nhận")
	make(e.f.Commune.ID, "Khiếu nại quyết định xử phạt xây dựng")
	make(e.f.Department.ID, "Khiếu nại kết luận thanh tra")
	for path, want := range map[string]int{
		fmt.Sprintf("/api/v1/petitions?unit_id=%d", e.f.Province.ID):               3,
		fmt.Sprintf("/api/v1/petitions?unit_id=%d", e.f.Commune.ID):                1,
		"/api/v1/petitions?q=xay+dung":                                             1,
		"/api/v1/petitions?q=XỬ+PHẠT":                                              1,
		"/api/v1/petitions?state=received,accepted":                                3,
		"/api/v1/petitions?state=resolved":                                         0,
		"/api/v1/petitions?type=denunciation":                                      0,
		"/api/v1/petitions?received_from=2026-07-07&received_to=07/07/2026":        3,
		"/api/v1/petitions?received_to=2026-07-06":                                 0,
		fmt.Sprintf("/api/v1/petitions?unit_id=%d&q=thanh+tra", e.f.Commune.ID):    0,
		fmt.Sprintf("/api/v1/petitions?unit_id=%d&q=thanh+tra", e.f.Department.ID): 1,
	} {
		if got := e.count(path); got != want {
			t.Errorf("%s: %d, want %d", path, got, want)
		}
	}
	r := e.do("GET", "/api/v1/petitions?per_page=2&page=2", "")
	if len(r.Body["items"].([]any)) != 1 || r.Body["total"].(float64) != 3 {
		t.Errorf("page 2 of 2: %s", r.Raw)
	}
}

func TestHealthAndReference(t *testing.T) {
	e := newEnv(t)
	if r := e.do("GET", "/healthz", ""); r.Code != 200 {
		t.Errorf("healthz %d", r.Code)
	}
	if r := e.do("GET", "/readyz", ""); r.Code != 200 {
		t.Errorf("readyz %d", r.Code)
	}
	r := e.do("GET", "/api/v1/reference", "", as, "")
	types := r.Body["types"].([]any)
	if r.Code != 200 || types[1].(map[string]any)["label"] != "Tố cáo" {
		t.Errorf("reference in Vietnamese: %s", r.Raw)
	}
	r = e.do("GET", "/api/v1/reference?lang=en", "", as, "")
	if r.Body["types"].([]any)[1].(map[string]any)["label"] != "Denunciation" {
		t.Errorf("reference in English: %s", r.Raw)
	}
	var b bytes.Buffer
	b.WriteString(r.Raw)
	if !strings.Contains(b.String(), `"suspended":["resume","withdraw"]`) {
		t.Errorf("the state machine is not published: %s", r.Raw)
	}
}

// Concurrent writes share commits; one that fails halfway (a visit whose
// second petition is invalid) leaves nothing, and the others all land.
func TestConcurrentWritesFailAlone(t *testing.T) {
	e := newEnv(t)
	good := fmt.Sprintf(`{"unit_id": %d, "summary": "Hỏi về thủ tục cấp sổ đỏ", "citizen": {"full_name": "Ngô Thị Lan"},
		"petitions": [{"type": "recommendation", "field": "land", "summary": "Kiến nghị rút ngắn thời gian cấp sổ"},
		              {"type": "feedback", "field": "administration", "summary": "Phản ánh cán bộ chậm trả hồ sơ"}]}`, e.f.Province.ID)
	bad := strings.Replace(good, `"field": "administration"`, `"field": "alchemy"`, 1)
	var wg sync.WaitGroup
	codes := make(chan int, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := good
			if i%2 == 1 {
				body = bad
			}
			codes <- e.do("POST", "/api/v1/visits", body, as, "reception").Code
		}()
	}
	wg.Wait()
	close(codes)
	created, refused := 0, 0
	for c := range codes {
		switch c {
		case 201:
			created++
		case 422:
			refused++
		default:
			t.Errorf("status %d", c)
		}
	}
	if created != 20 || refused != 20 || e.count("/api/v1/visits") != 20 || e.count("/api/v1/petitions") != 40 {
		t.Errorf("%d created, %d refused; %d visits and %d petitions stored, want 20, 20, 20, 40",
			created, refused, e.count("/api/v1/visits"), e.count("/api/v1/petitions"))
	}
	// Register numbers stay unique and gapless: failed writes took none.
	r := e.do("GET", "/api/v1/visits?per_page=100", "")
	seen := map[float64]bool{}
	for _, v := range r.Body["items"].([]any) {
		seen[v.(map[string]any)["number"].(float64)] = true
	}
	for n := 1; n <= 20; n++ {
		if !seen[float64(n)] {
			t.Errorf("visit number %d is missing: %v", n, seen)
		}
	}
}

// The create response is built from what was written, not read back: it
// must be exactly what a later read returns.
func TestCreateResponseMatchesRead(t *testing.T) {
	e := newEnv(t)
	body := strings.Replace(e.petitionBody(), `"field": "land"`, `"field": "land", "respondent": "UBND xã Tân An", "several_locations": true`, 1)
	created := e.do("POST", "/api/v1/petitions", body)
	if created.Code != 201 {
		t.Fatalf("%d %s", created.Code, created.Raw)
	}
	read := e.do("GET", fmt.Sprintf("/api/v1/petitions/%v", created.Body["id"]), "")
	if created.Raw != read.Raw {
		t.Errorf("create answered\n%s\nbut a read gives\n%s", created.Raw, read.Raw)
	}
}
