package web_test

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/i18n"
)

func TestSignedOutOfficialsAreSentToTheLoginPageInVietnamese(t *testing.T) {
	s := newSite(t)
	status, body := s.browser(t).get("/petitions")
	if status != http.StatusOK || !strings.Contains(body, `action="/login"`) || !strings.Contains(body, "Tên đăng nhập") {
		t.Fatalf("got %d, want the Vietnamese login page:\n%s", status, body)
	}
	if !strings.Contains(body, `name="next" value="/petitions"`) {
		t.Error("the login page does not come back to the page asked for")
	}
}

func TestEachRoleLandsOnItsPageWithNameUnitAndRoleInTheHeader(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct{ user, page, role string }{
		{"reception", "Tiếp công dân", "Cán bộ tiếp công dân"},
		{"handler", "Đơn thư", "Chuyên viên xử lý đơn"},
		{"leader", "Bảng điều hành", "Lãnh đạo"},
		{"admin", "Quản trị", "Quản trị"},
		{"auditor", "Đơn thư", "Kiểm tra, thanh tra"},
	} {
		b := s.signIn(t, tc.user)
		status, body := b.get("/")
		if status != http.StatusOK {
			t.Errorf("%s: home %d", tc.user, status)
			continue
		}
		for _, want := range []string{"<h1>" + tc.page, "Cán bộ " + tc.user, "UBND tỉnh Sơn Hà", tc.role, `href="/notifications"`, "Đăng xuất"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the home page lacks %q", tc.user, want)
			}
		}
	}
}

func TestPagesOutsideTheRoleAreRefused(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct{ user, path string }{
		{"reception", "/admin"}, {"admin", "/petitions"}, {"handler", "/reception"}, {"auditor", "/admin"}, {"reception", "/dashboard"},
	} {
		if status, _ := s.signIn(t, tc.user).get(tc.path); status != http.StatusForbidden {
			t.Errorf("%s %s: %d, want 403", tc.user, tc.path, status)
		}
	}
}

func TestAFormPostWithoutTheCSRFTokenIsRefused(t *testing.T) {
	s := newSite(t)
	b := s.signIn(t, "reception")
	form := url.Values{"citizen_full_name": {"Nguyễn Văn An"}, "p0_type": {"feedback"}, "p0_field": {"land"}, "p0_summary": {"Phản ánh"}}
	status, body := b.post("/reception/visits", form)
	if status != http.StatusForbidden || !strings.Contains(body, "CSRF") {
		t.Fatalf("without the token: %d, want 403 naming CSRF", status)
	}
	form.Set("csrf_token", "not-the-token")
	if status, _ := b.post("/reception/visits", form); status != http.StatusForbidden {
		t.Fatalf("with a wrong token: %d, want 403", status)
	}
	_, logbook := b.get("/reception/logbook")
	if strings.Contains(logbook, "Nguyễn Văn An") {
		t.Fatal("a refused post logged a visit")
	}
}

func TestTheDeskLogsAVisitWithTwoPetitionsAndPrintsTheirCodes(t *testing.T) {
	s := newSite(t)
	day := calendar.Of(time.Now())
	b := s.signIn(t, "reception")
	form := url.Values{
		"csrf_token": {b.csrf()}, "idem": {"k1"}, "kind": {"regular"}, "head_count": {"1"},
		"citizen_full_name": {"Trần Thị Bình"}, "citizen_id_number": {"001085012345"}, "citizen_address": {"Xã Tân An"},
		"p0_type": {"complaint"}, "p0_field": {"land"}, "p0_summary": {"Khiếu nại quyết định thu hồi đất"},
		"p1_type": {"feedback"}, "p1_field": {"land"}, "p1_summary": {"Phản ánh đường làng xuống cấp"},
	}
	status, body := b.post("/reception/visits", form)
	if status != http.StatusOK || !strings.Contains(body, "GIẤY BIÊN NHẬN") || !strings.Contains(body, "Mẫu số 02/TCD") {
		t.Fatalf("after logging: %d, want the receipt\n%s", status, body)
	}
	codes := regexp.MustCompile(`<td class="code"><strong>([0-9A-Z-]+)</strong>`).FindAllStringSubmatch(body, -1)
	if len(codes) != 2 {
		t.Fatalf("the receipt shows %d tracking codes, want 2", len(codes))
	}
	// The same form sent again (a double click) logs nothing more.
	b.post("/reception/visits", form)
	_, logbook := b.get(logbookFrom(day))
	if n := strings.Count(logbook, "Trần Thị Bình"); n != 1 {
		t.Errorf("the logbook has the visitor %d times, want 1", n)
	}
	// The citizen is found again by CCCD, with a briefing.
	_, desk := b.get("/reception?id_number=001085012345")
	if !strings.Contains(desk, "Khiếu nại quyết định thu hồi đất") || !strings.Contains(desk, `value="Trần Thị Bình"`) {
		t.Error("the desk's lookup does not brief on the earlier petitions")
	}
	if !strings.Contains(desk, "Các lần đến trước") || !strings.Contains(desk, "/receipt") {
		t.Error("the desk's lookup does not brief on the earlier visit")
	}
}

func TestARefusedVisitNeedsAListedReason(t *testing.T) {
	s := newSite(t)
	b := s.signIn(t, "reception")
	form := url.Values{"csrf_token": {b.csrf()}, "idem": {"r1"}, "citizen_full_name": {"Lê Văn Cường"}, "refused": {"1"}}
	status, body := b.post("/reception/visits", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Lý do từ chối") {
		t.Fatalf("without a reason: %d, want 422 naming the field", status)
	}
	form.Set("refusal_reason", "intoxicated")
	form.Set("idem", "r2")
	if status, body := b.post("/reception/visits", form); status != http.StatusOK || !strings.Contains(body, "bị từ chối") {
		t.Fatalf("with a reason: %d", status)
	}
	_, logbook := b.get("/reception/logbook")
	if !strings.Contains(logbook, "Say do dùng chất kích thích") {
		t.Error("the logbook does not show the refusal reason")
	}
}

func TestADenouncerIsHiddenFromOfficialsNotClearedAndShownToTheHead(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	id, _, _ := s.petition(t, reception, map[string]any{"type": "denunciation", "summary": "Tố cáo cán bộ địa chính",
		"complainants": complainant("Phạm Văn Dũng", "001085012345")})
	_, body := s.signIn(t, "handler").get(idPath(id))
	if strings.Contains(body, "Phạm Văn Dũng") || strings.Contains(body, "001085012345") || !strings.Contains(body, `id="redacted"`) {
		t.Fatal("the handler, not cleared, sees the denouncer")
	}
	_, body = s.signIn(t, "leader").get(idPath(id))
	if !strings.Contains(body, "Phạm Văn Dũng") {
		t.Fatal("the unit head does not see the denouncer")
	}
	_, list := s.signIn(t, "handler").get("/petitions")
	if strings.Contains(list, "Phạm Văn Dũng") {
		t.Fatal("the list names the denouncer")
	}
}

func TestAStaleVersionIsExplainedWithAReload(t *testing.T) {
	s := newSite(t)
	handler := s.signIn(t, "handler")
	id, _, _ := s.petition(t, handler, map[string]any{"type": "feedback", "summary": "Phản ánh ô nhiễm"})
	form := url.Values{"csrf_token": {handler.csrf()}, "event": {"guide"}, "version": {"1"}, "target_body": {"UBND xã"}, "doc_no": {"12/HD"}}
	if status, body := handler.post(idPath(id)+"/events", form); status != http.StatusOK || !strings.Contains(body, "Đã ghi nhận") {
		t.Fatalf("first event: %d", status)
	}
	status, body := handler.post(idPath(id)+"/events", form)
	if status != http.StatusConflict || !strings.Contains(body, "đã được người khác cập nhật") || !strings.Contains(body, `class="button" href="`+idPath(id)+`">Tải lại trang`) {
		t.Fatalf("stale event: %d, want 409 with the explanation and a reload link\n%s", status, body)
	}
}

func TestTheLanguageSwitchKeepsEnglishAcrossPages(t *testing.T) {
	s := newSite(t)
	b := s.signIn(t, "handler")
	status, body := b.get("/lang?to=en&back=/petitions")
	if status != http.StatusOK || !strings.Contains(body, "<h1>Petitions") || !strings.Contains(body, `lang="en"`) {
		t.Fatalf("after the switch: %d, want the English list", status)
	}
	if _, body := b.get("/dashboard"); !strings.Contains(body, "Dashboard") || strings.Contains(body, "Bảng điều hành") {
		t.Error("the next page is not in English")
	}
	if _, body := b.get("/lang?to=vi&back=https://evil.example/"); !strings.Contains(body, "Đơn thư") {
		t.Error("switching back to Vietnamese failed, or the redirect left the site")
	}
}

func TestACitizenLooksACodeUpWithoutSigningIn(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	_, code, _ := s.petition(t, reception, map[string]any{"type": "complaint", "summary": "Khiếu nại",
		"complainants": complainant("Ngô Thị Hoa", "001085012345")})
	citizen := s.browser(t)
	status, body := citizen.get("/lookup?code=" + strings.ToLower(code))
	if status != http.StatusOK || !strings.Contains(body, `id="lookup-result"`) || !strings.Contains(body, "Tiếp nhận") {
		t.Fatalf("lookup: %d\n%s", status, body)
	}
	if strings.Contains(body, "Ngô Thị Hoa") || strings.Contains(body, "001085012345") {
		t.Error("the public page shows more than status")
	}
	if status, body := citizen.get("/lookup?code=ZZZZ-ZZZZ-ZZ"); status != http.StatusNotFound || !strings.Contains(body, "Không tìm thấy") {
		t.Errorf("unknown code: %d", status)
	}
}

func TestEveryPageRendersForItsRoles(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	id, _, _ := s.petition(t, reception, map[string]any{"type": "feedback", "summary": "Phản ánh", "received_at": daysAgo(40)})
	for user, paths := range map[string][]string{
		"reception": {"/reception", "/reception/logbook?from=01/01/2026&to=31/12/2026", "/petitions", idPath(id), "/notifications"},
		"handler":   {"/petitions?overdue=1", "/petitions?q=phan+anh&state=received&sort=received_at", "/dashboard", "/reports?period=2026-Q1", idPath(id)},
		"leader":    {"/dashboard", fmt.Sprintf("/dashboard?unit=%d", s.Commune.ID), "/reports", "/reception", "/notifications", "/admin/schedules"},
		"admin":     {"/admin", "/admin?year=2027", fmt.Sprintf("/admin/schedules?unit=%d", s.Commune.ID), "/admin/retention", "/admin/jobs", "/notifications"},
		"auditor":   {"/petitions", "/dashboard", idPath(id)},
	} {
		b := s.signIn(t, user)
		for _, p := range paths {
			if status, body := b.get(p); status != http.StatusOK {
				t.Errorf("%s %s: %d\n%s", user, p, status, body)
			}
		}
	}
	for _, p := range []string{"/lookup", "/schedule", "/schedule?unit=SH", "/login", "/static/app.css", "/static/app.js"} {
		if status, _ := s.browser(t).get(p); status != http.StatusOK {
			t.Errorf("%s: %d", p, status)
		}
	}
}

// Every message key a template or page handler names must be in both
// catalogs; keys built from a list value ("web.outcome.%s") are checked
// for each value the catalogs hold under that prefix in either language.
func TestEveryKeyThePagesUseIsInBothLanguages(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`"(web\.[a-z0-9_.]+[a-z0-9_])"`)
	found := 0
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			found++
			for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
				if !cat.Has(lang, m[1]) {
					t.Errorf("%s names %q, missing in %s", path, m[1], lang)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 200 {
		t.Fatalf("only %d keys found: the scan is broken", found)
	}
	vi, _ := i18n.Keys(i18n.VI)
	en, _ := i18n.Keys(i18n.EN)
	if len(vi) != len(en) {
		t.Errorf("%d Vietnamese keys, %d English", len(vi), len(en))
	}
	for _, prefix := range []string{"web.outcome.", "web.deadline.status.", "web.count_unit.", "web.reason.", "web.weekday.", "web.day_kind.", "web.period."} {
		n := 0
		for _, k := range vi {
			if strings.HasPrefix(k, prefix) {
				n++
				if !cat.Has(i18n.EN, k) {
					t.Errorf("%s is missing in English", k)
				}
			}
		}
		if n == 0 {
			t.Errorf("no keys under %s", prefix)
		}
	}
}

func TestAGroupNeedsTheLawfulNumberOfRepresentatives(t *testing.T) {
	s := newSite(t)
	b := s.signIn(t, "reception")
	form := url.Values{"csrf_token": {b.csrf()}, "idem": {"g1"}, "head_count": {"7"},
		"citizen_full_name": {"Bùi Văn Nam"}, "rep_name_0": {"Bùi Văn Nam"}, "rep_name_1": {"Lý Thị Thu"}, "rep_name_2": {"Mai Văn Tú"},
		"p0_type": {"complaint"}, "p0_field": {"land"}, "p0_summary": {"Khiếu nại bồi thường giải phóng mặt bằng"}}
	status, body := b.post("/reception/visits", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Đoàn 7 người phải cử từ 1 đến 2 người đại diện") {
		t.Fatalf("three representatives of seven people: %d, want 422 with the rule", status)
	}
	if !strings.Contains(body, `value="Mai Văn Tú"`) {
		t.Error("the form lost what was typed")
	}
	form.Del("rep_name_2")
	form.Set("idem", "g2")
	status, body = b.post("/reception/visits", form)
	if status != http.StatusOK || !strings.Contains(body, "đại diện cho đoàn 7 người") {
		t.Fatalf("two representatives: %d, want the receipt for the group", status)
	}
}

func TestTheLogbookNamesNoDenouncer(t *testing.T) {
	s := newSite(t)
	b := s.signIn(t, "reception")
	form := url.Values{"csrf_token": {b.csrf()}, "idem": {"d1"}, "citizen_full_name": {"Đinh Công Tráng"}, "citizen_id_number": {"001085012345"},
		"p0_type": {"denunciation"}, "p0_field": {"land"}, "p0_summary": {"Tố cáo cán bộ nhận hối lộ"}}
	if status, _ := b.post("/reception/visits", form); status != http.StatusOK {
		t.Fatalf("log the visit: %d", status)
	}
	for _, user := range []string{"reception", "leader", "auditor"} {
		_, logbook := s.signIn(t, user).get("/reception/logbook")
		if strings.Contains(logbook, "Đinh Công Tráng") || strings.Contains(logbook, "001085012345") || !strings.Contains(logbook, "Đã bảo mật danh tính") {
			t.Errorf("%s: the logbook names the denouncer", user)
		}
	}
}

func TestAPetitionMarkedConfidentialIsRedactedForOfficialsNotCleared(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	id, _, _ := s.petition(t, reception, map[string]any{"type": "complaint", "summary": "Khiếu nại về trật tự xây dựng",
		"complainants": complainant("Tạ Văn Phong", "001085012345")})
	handler := s.signIn(t, "handler")
	if _, body := handler.get(idPath(id)); !strings.Contains(body, "Tạ Văn Phong") {
		t.Fatal("before the mark the handler does not see the complainant")
	}
	status, body := handler.post(idPath(id)+"/confidential", url.Values{"csrf_token": {handler.csrf()}, "version": {"1"}, "reason": {"Người khiếu nại đề nghị giữ bí mật"}})
	if status != http.StatusOK || !strings.Contains(body, "Đã ghi nhận") {
		t.Fatalf("mark: %d", status)
	}
	if !strings.Contains(body, "Tạ Văn Phong") || !strings.Contains(body, "lần xem này đã được ghi nhật ký") {
		t.Error("the handler who marked it, cleared for it, does not see the complainant with the notice that the reading is recorded")
	}
	_, body = s.signIn(t, "auditor").get(idPath(id))
	if strings.Contains(body, "Tạ Văn Phong") || !strings.Contains(body, `id="redacted"`) {
		t.Error("the auditor, not cleared, sees the complainant")
	}
}

func TestAnAdminAddsAnOfficialWhoThenSignsInAndADayOff(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	form := url.Values{"csrf_token": {admin.csrf()}, "username": {"tiepdan.tanan"}, "full_name": {"Lò Văn Sáng"},
		"unit_id": {fmt.Sprint(s.Commune.ID)}, "password": {"mat-khau-du-dai-2026"}, "roles": {"reception", "handler"}}
	status, body := admin.post("/admin/users", form)
	if status != http.StatusOK || !strings.Contains(body, "Đã thêm người dùng") || !strings.Contains(body, "Lò Văn Sáng") {
		t.Fatalf("add a user: %d", status)
	}
	b := s.browser(t)
	b.post("/login", url.Values{"username": {"tiepdan.tanan"}, "password": {"mat-khau-du-dai-2026"}})
	if _, body := b.get("/reception/logbook"); !strings.Contains(body, "Lò Văn Sáng") || !strings.Contains(body, "UBND xã Tân An") {
		t.Error("the new official cannot sign in, or the header does not name them and their unit")
	}
	status, body = admin.post("/admin/holidays", url.Values{"csrf_token": {admin.csrf()}, "date": {"15/12/2027"}, "kind": {"holiday"}, "name_vi": {"Ngày nghỉ thử"}, "source": {"Quyết định thử"}})
	if status != http.StatusOK || !strings.Contains(body, "Ngày nghỉ thử") || !strings.Contains(body, "15/12/2027") {
		t.Fatalf("add a day off: %d %s", status, regexp.MustCompile(`(?s)<div class="error".*?</div>`).FindString(body))
	}
	status, body = admin.post("/admin/users", url.Values{"csrf_token": {admin.csrf()}, "username": {"Không Hợp Lệ"}, "full_name": {"X"}, "unit_id": {fmt.Sprint(s.Commune.ID)}, "password": {"mat-khau-du-dai-2026"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Tên đăng nhập") {
		t.Errorf("an invalid username: %d, want 422 naming the field", status)
	}
}

func TestTheLeaderDrillsFromTheProvinceIntoACommune(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	s.petition(t, reception, map[string]any{"type": "feedback", "summary": "Phản ánh rác thải ở chợ xã", "received_at": daysAgo(40), "unit_id": s.Commune.ID})
	leader := s.signIn(t, "leader")
	_, body := leader.get("/dashboard")
	commune := fmt.Sprintf(`href="/dashboard?unit=%d"`, s.Commune.ID)
	if !strings.Contains(body, commune) || !strings.Contains(body, "Phản ánh rác thải ở chợ xã") {
		t.Fatal("the province's dashboard does not show the commune's overdue petition with a link down")
	}
	status, body := leader.get(fmt.Sprintf("/dashboard?unit=%d", s.Commune.ID))
	if status != http.StatusOK || !strings.Contains(body, "Bảng điều hành: UBND xã Tân An") || !strings.Contains(body, "Phản ánh rác thải ở chợ xã") {
		t.Fatalf("the commune's dashboard: %d", status)
	}
	if !strings.Contains(body, fmt.Sprintf(`href="/dashboard?unit=%d"`, s.Province.ID)) {
		t.Error("the commune's dashboard has no way back up")
	}
}

// The report page draws the total's outcomes and types as charts whose
// bars carry the table's numbers.
func TestTheReportPageChartsTheTotals(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	for range 3 {
		s.petition(t, reception, map[string]any{"type": "feedback", "summary": "Phản ánh", "received_at": daysAgo(5)})
	}
	status, body := s.signIn(t, "leader").get("/reports")
	if status != http.StatusOK {
		t.Fatalf("reports: %d\n%s", status, body)
	}
	for _, want := range []string{`id="report-chart-outcome"`, `id="report-chart-type"`, "Đơn theo kết quả",
		`class="chart-label">Phản ánh</text>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	chart := body[strings.Index(body, `id="report-chart-type"`):]
	if i := strings.Index(chart, `Phản ánh</text>`); i < 0 || !strings.Contains(chart[i:i+250], `class="chart-value">3</text>`) {
		t.Errorf("the type chart's feedback bar does not say 3:\n%s", chart[:min(len(chart), 1500)])
	}
}
