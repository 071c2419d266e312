package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/calendar"
)

// addRule creates a weekly Thursday rule for the province's leader
// through the admin page and returns the page it lands on.
func (s *site) addRule(t *testing.T, b *browser, place string) string {
	t.Helper()
	form := url.Values{"csrf_token": {b.csrf()}, "unit_id": {strconv.FormatInt(s.Province.ID, 10)}, "form": {"rule"},
		"leader_id": {strconv.FormatInt(s.Leader.ID, 10)}, "kind": {"weekly"}, "weekday": {"4"},
		"start": {"08:00"}, "end": {"11:00"}, "place": {place}, "topic": {"Đất đai"}}
	status, body := b.post("/admin/schedules/rules", form)
	if status != http.StatusOK || !strings.Contains(body, "Đã thêm lịch định kỳ") {
		t.Fatalf("add a rule: %d\n%s", status, body)
	}
	return body
}

var ddmmyyyy = regexp.MustCompile(`<strong>\d\d/\d\d/\d{4}</strong>`)

func TestAnAdminAddsAWeeklyRuleWhoseSessionsShowOnTheDashboardAndThePublicPage(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	body := s.addRule(t, admin, "Trụ sở Ban Tiếp công dân tỉnh")
	for _, want := range []string{"thứ Năm hằng tuần", "08:00–11:00", "Cán bộ leader", "Trụ sở Ban Tiếp công dân tỉnh", `id="unit-sessions"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the schedule page lacks %q", want)
		}
	}
	if n := len(ddmmyyyy.FindAllString(body, -1)); n < 7 {
		t.Errorf("%d sessions dated dd/mm/yyyy, want eight weeks of Thursdays", n)
	}

	leader := s.signIn(t, "leader")
	_, dash := leader.get("/dashboard")
	for _, want := range []string{`id="calendar"`, "Trụ sở Ban Tiếp công dân tỉnh", "Đã công bố", "Cán bộ leader",
		// The communes have no schedule: a commune's chairman must receive weekly.
		"đơn vị có lịch tiếp chưa đủ mức tối thiểu", "<strong>UBND xã Tân An</strong>: phải tiếp ít nhất 1 ngày mỗi tuần"} {
		if !strings.Contains(dash, want) {
			t.Errorf("the dashboard's calendar lacks %q", want)
		}
	}
	if strings.Contains(dash, "<strong>UBND tỉnh Sơn Hà</strong>: phải tiếp") {
		t.Error("the province meets its monthly minimum with a weekly rule, yet is warned")
	}

	leader.get("/lang?to=en&back=/dashboard")
	_, en := leader.get("/dashboard")
	for _, want := range []string{"Reception calendar", "Published", "Thursday", "<strong>UBND xã Tân An</strong>: at least 1 day(s) a week required"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English dashboard lacks %q", want)
		}
	}

	citizen := s.browser(t)
	status, pub := citizen.get("/schedule?unit=SH")
	if status != http.StatusOK || !strings.Contains(pub, "Trụ sở Ban Tiếp công dân tỉnh") || !ddmmyyyy.MatchString(pub) {
		t.Fatalf("the public schedule: %d\n%s", status, pub)
	}
	const ics = "/api/v1/public/units/SH/reception-schedule.ics"
	if !strings.Contains(pub, `href="`+ics+`"`) {
		t.Fatal("the public schedule has no .ics link")
	}
	res, err := http.Get(s.srv.URL + ics)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("the .ics link: %d %s", res.StatusCode, ct)
	}
	_, none := citizen.get("/schedule?unit=SH-XA")
	if !strings.Contains(none, "chưa công bố buổi tiếp") {
		t.Error("a unit without sessions does not say so")
	}
	if status, _ := citizen.get("/schedule?unit=NOPE"); status != http.StatusNotFound {
		t.Errorf("an unknown unit: %d, want 404", status)
	}
}

func TestScheduleFormsNeedTheRoleAndTheCSRFToken(t *testing.T) {
	s := newSite(t)
	for _, user := range []string{"reception", "handler", "auditor"} {
		if status, _ := s.signIn(t, user).get("/admin/schedules"); status != http.StatusForbidden {
			t.Errorf("%s opens the schedules: %d, want 403", user, status)
		}
	}
	admin := s.signIn(t, "admin")
	form := url.Values{"unit_id": {strconv.FormatInt(s.Province.ID, 10)}, "leader_id": {strconv.FormatInt(s.Leader.ID, 10)},
		"kind": {"weekly"}, "weekday": {"4"}, "start": {"08:00"}, "end": {"11:00"}, "place": {"Trụ sở"}}
	if status, _ := admin.post("/admin/schedules/rules", form); status != http.StatusForbidden {
		t.Fatalf("without the token: %d, want 403", status)
	}
	if _, body := admin.get("/admin/schedules"); !strings.Contains(body, "Đơn vị chưa có lịch tiếp định kỳ") {
		t.Error("a refused post added a rule")
	}
	// A leader keeps their own unit's schedule, as the API lets them.
	if status, _ := s.signIn(t, "leader").get("/admin/schedules"); status != http.StatusOK {
		t.Errorf("the leader opens the schedules: %d", status)
	}
}

func TestAWrongRuleIsExplainedInTheUsersLanguage(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	form := url.Values{"csrf_token": {admin.csrf()}, "unit_id": {strconv.FormatInt(s.Province.ID, 10)}, "form": {"rule"},
		"leader_id": {strconv.FormatInt(s.Leader.ID, 10)}, "kind": {"weekly"}, "weekday": {"4"},
		"start": {"11:00"}, "end": {"08:00"}, "place": {"Trụ sở tiếp dân"}}
	status, body := admin.post("/admin/schedules/rules", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Giờ kết thúc phải sau giờ bắt đầu") {
		t.Fatalf("end before start: %d, want 422 in Vietnamese\n%s", status, body)
	}
	if !strings.Contains(body, `value="Trụ sở tiếp dân"`) || !strings.Contains(body, `id="add-rule" open`) {
		t.Error("the refused form is not shown again as typed")
	}
	admin.get("/lang?to=en&back=/admin/schedules")
	form.Set("leader_id", strconv.FormatInt(s.Reception.ID, 10))
	form.Set("end", "11:30")
	status, body = admin.post("/admin/schedules/rules", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Invalid input (Received by)") || strings.Contains(body, "Người tiếp phải là") {
		t.Fatalf("a non-leader in English: %d\n%s", status, body)
	}
}

// sessionIDs are the ids of the postpone forms on the schedule page.
var postponeAction = regexp.MustCompile(`action="/admin/schedules/sessions/(\d+)/postpone"`)

func TestAPostponedSessionNotifiesTheLeaderWhoReadsItInTheInbox(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	body := s.addRule(t, admin, "Trụ sở Ban Tiếp công dân tỉnh")
	m := postponeAction.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no session to postpone")
	}
	status, body := admin.post("/admin/schedules/sessions/"+m[1]+"/postpone", url.Values{"csrf_token": {admin.csrf()},
		"unit_id": {strconv.FormatInt(s.Province.ID, 10)}, "notice": {"Lãnh đạo đi công tác"}})
	if status != http.StatusOK || !strings.Contains(body, "Đã hoãn buổi tiếp") || !strings.Contains(body, "Lãnh đạo đi công tác") {
		t.Fatalf("postpone: %d\n%s", status, body)
	}

	leader := s.signIn(t, "leader")
	_, inbox := leader.get("/notifications")
	for _, want := range []string{`id="unread-badge"`, ">1</span>", "Hoãn lịch tiếp công dân", "Lãnh đạo đi công tác", "Chưa đọc", `href="/dashboard#calendar"`} {
		if !strings.Contains(inbox, want) {
			t.Errorf("the inbox lacks %q", want)
		}
	}
	_, dash := leader.get("/dashboard")
	if !strings.Contains(dash, `id="unread-badge"`) || !strings.Contains(dash, "state-postponed") {
		t.Error("the dashboard shows no badge or no postponed session")
	}
	id := regexp.MustCompile(`action="/notifications/(\d+)/read"`).FindStringSubmatch(inbox)
	if id == nil {
		t.Fatal("no mark-read form")
	}
	if status, _ := leader.post("/notifications/"+id[1]+"/read", url.Values{}); status != http.StatusForbidden {
		t.Errorf("mark read without the token: %d, want 403", status)
	}
	status, after := leader.post("/notifications/"+id[1]+"/read", url.Values{"csrf_token": {leader.csrf()}})
	if status != http.StatusOK || strings.Contains(after, `id="unread-badge"`) || !strings.Contains(after, "Đã đánh dấu thông báo là đã đọc") {
		t.Fatalf("after marking read: %d, the badge is still there or no notice", status)
	}
	// Someone else's notification is not theirs to mark.
	other := s.signIn(t, "handler")
	if status, _ := other.post("/notifications/"+id[1]+"/read", url.Values{"csrf_token": {other.csrf()}}); status != http.StatusNotFound {
		t.Errorf("another's notification: %d, want 404", status)
	}
	leader.get("/lang?to=en&back=/notifications")
	if _, en := leader.get("/notifications"); !strings.Contains(en, "All notifications read.") {
		t.Error("the English inbox does not say all is read")
	}
}

func TestMarkAllReadClearsTheBadge(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	body := s.addRule(t, admin, "Trụ sở")
	for _, m := range postponeAction.FindAllStringSubmatch(body, 3) {
		admin.post("/admin/schedules/sessions/"+m[1]+"/postpone", url.Values{"csrf_token": {admin.csrf()}, "notice": {"Hoãn"}})
	}
	leader := s.signIn(t, "leader")
	if _, inbox := leader.get("/notifications"); !strings.Contains(inbox, ">3</span>") {
		t.Fatalf("want a badge of 3:\n%s", inbox)
	}
	status, after := leader.post("/notifications/all/read", url.Values{"csrf_token": {leader.csrf()}})
	if status != http.StatusOK || strings.Contains(after, `id="unread-badge"`) || strings.Contains(after, "Chưa đọc</span>") {
		t.Fatalf("after marking all read: %d\n%s", status, after)
	}
}

func TestAnAdHocSessionNeedsAWorkingDay(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	day := calendar.Of(time.Now()).AddDays(14)
	for day.Weekday() != time.Saturday {
		day = day.AddDays(1)
	}
	form := url.Values{"csrf_token": {admin.csrf()}, "unit_id": {strconv.FormatInt(s.Province.ID, 10)}, "form": {"session"},
		"leader_id": {strconv.FormatInt(s.Leader.ID, 10)}, "day": {day.Format()}, "start": {"14:00"}, "end": {"16:00"}, "place": {"Hội trường"}}
	if status, body := admin.post("/admin/schedules/sessions", form); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Ngày tiếp phải là ngày làm việc") {
		t.Fatalf("a Saturday: %d", status)
	}
	monday := workingDayFrom(day.Sub(calendar.Of(time.Now())) + 2)
	form.Set("day", monday.Format())
	status, body := admin.post("/admin/schedules/sessions", form)
	if status != http.StatusOK || !strings.Contains(body, monday.Format()) || !strings.Contains(body, "Đột xuất") {
		t.Fatalf("a Monday: %d\n%s", status, body)
	}
}

func TestTheAdminReviewsRetentionAndJobs(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	for path, want := range map[string]string{"/admin/retention": "Không có đơn nào quá thời hạn lưu trữ", "/admin/jobs": "reception", "/admin": `href="/admin/schedules?unit=`} {
		if status, body := admin.get(path); status != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want %q", path, status, want)
		}
	}
	if status, _ := s.signIn(t, "leader").get("/admin/retention"); status != http.StatusForbidden {
		t.Errorf("a leader opens the retention review: %d", status)
	}
}

func TestTheDeskLogsAVisitAgainstTodaysSession(t *testing.T) {
	// A Wednesday morning, so a session can be held today.
	wednesday := time.Date(2026, 12, 2, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	s := newSiteAt(t, func() time.Time { return wednesday })
	admin := s.signIn(t, "admin")
	status, body := admin.post("/admin/schedules/sessions", url.Values{"csrf_token": {admin.csrf()}, "unit_id": {strconv.FormatInt(s.Province.ID, 10)},
		"leader_id": {strconv.FormatInt(s.Leader.ID, 10)}, "day": {"02/12/2026"}, "start": {"08:00"}, "end": {"11:00"}, "place": {"Phòng tiếp dân số 1"}})
	if status != http.StatusOK || !strings.Contains(body, "Công bố muộn") {
		t.Fatalf("add today's session, flagged as published at short notice: %d\n%s", status, body)
	}
	b := s.signIn(t, "reception")
	_, desk := b.get("/reception")
	m := regexp.MustCompile(`<option value="(\d+)">08:00–11:00 · Cán bộ leader · Phòng tiếp dân số 1</option>`).FindStringSubmatch(desk)
	if m == nil {
		t.Fatalf("the desk does not offer today's session:\n%s", desk)
	}
	status, body = b.post("/reception/visits", url.Values{"csrf_token": {b.csrf()}, "idem": {"s1"}, "kind": {"regular"}, "session_id": {m[1]},
		"citizen_full_name": {"Đỗ Văn Hải"}, "p0_type": {"feedback"}, "p0_field": {"land"}, "p0_summary": {"Phản ánh ô nhiễm"}})
	if status != http.StatusOK || !strings.Contains(body, "GIẤY BIÊN NHẬN") {
		t.Fatalf("log the visit: %d", status)
	}
	_, out := b.api("GET", "/visits?from=2026-12-02&to=2026-12-02", nil)
	items, _ := out["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("visits today: %v", out)
	}
	v := items[0].(map[string]any)
	if v["session_id"] != mustFloat(m[1]) || v["kind"] != "periodic" {
		t.Errorf("the visit is logged with session %v and kind %v, want session %s, periodic", v["session_id"], v["kind"], m[1])
	}
}

func mustFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

var endAction = regexp.MustCompile(`action="/admin/schedules/rules/(\d+)/end"`)

func TestEndingARuleCancelsItsSessionsWithTheNoticeCitizensRead(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	form := url.Values{"csrf_token": {admin.csrf()}, "unit_id": {strconv.FormatInt(s.Province.ID, 10)}, "form": {"rule"},
		"leader_id": {strconv.FormatInt(s.Leader.ID, 10)}, "kind": {"monthly_nth"}, "nth_weekday": {"1"}, "nth": {"2"},
		"start": {"13:30"}, "end": {"16:30"}, "place": {"Phòng họp số 2"}}
	status, body := admin.post("/admin/schedules/rules", form)
	if status != http.StatusOK || !strings.Contains(body, "thứ Hai tuần thứ 2 hằng tháng") {
		t.Fatalf("add the second Monday: %d\n%s", status, body)
	}
	m := endAction.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no form to end the rule")
	}
	if status, body := admin.post("/admin/schedules/rules/"+m[1]+"/end", url.Values{"csrf_token": {admin.csrf()}, "unit_id": {strconv.FormatInt(s.Province.ID, 10)}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Dữ liệu không hợp lệ (Thông báo gửi công dân): Trường này là bắt buộc.") {
		t.Fatalf("ending without a notice: %d, want 422 naming the notice", status)
	}
	status, body = admin.post("/admin/schedules/rules/"+m[1]+"/end", url.Values{"csrf_token": {admin.csrf()}, "notice": {"Chuyển sang tiếp vào thứ Năm"}})
	if status != http.StatusOK || !strings.Contains(body, "Đã kết thúc lịch") || !strings.Contains(body, "Đã kết thúc</span>") {
		t.Fatalf("end the rule: %d\n%s", status, body)
	}
	if strings.Contains(body, "state-published") {
		t.Error("a session of the ended rule is still published")
	}
	_, pub := s.browser(t).get("/schedule?unit=SH")
	if strings.Contains(pub, "state-published") || (strings.Contains(pub, "public-sessions") && !strings.Contains(pub, "Chuyển sang tiếp vào thứ Năm")) {
		t.Errorf("the public page still publishes an ended rule's sessions or hides why:\n%s", pub)
	}
}
