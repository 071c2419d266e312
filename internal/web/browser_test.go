package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"tiepdan/internal/calendar"
)

// The browser tests drive the pages in headless Chromium. Without Chromium
// on the machine they skip; .ci/run installs Debian's chromium package.
// Screenshots of the main pages go to $TIEPDAN_SCREENSHOTS when it is set
// (a directory kept as a test artifact), otherwise to a temporary one.

// chromePath finds Chromium or Chrome: $TIEPDAN_CHROME, then the usual names.
func chromePath() string {
	if p := os.Getenv("TIEPDAN_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// tab opens a fresh headless browser (its own profile) at 1366×768, the
// office PC's screen.
func tab(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	path := chromePath()
	if path == "" {
		t.Skip("Chromium not found (install Debian's chromium package or set TIEPDAN_CHROME): browser tests skipped")
	}
	// Not t.TempDir: Chromium may still be writing to its profile when the
	// test ends, and a profile left behind is no failure.
	profile, err := os.MkdirTemp("", "tiepdan-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1366, 768),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc(); os.RemoveAll(profile) })
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var loc string
		_ = chromedp.Run(ctx, chromedp.Location(&loc))
		t.Fatalf("in the browser (at %s): %v", loc, err)
	}
}

// screenshotDir is where the screenshots go.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("TIEPDAN_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// shoot saves a screenshot of the whole page as name.png.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var png []byte
	run(t, ctx, chromedp.FullScreenshot(&png, 100))
	if err := os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// login signs in through the login form.
func (s *site) login(t *testing.T, ctx context.Context, username string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+"/login"),
		chromedp.WaitVisible(`#username`, chromedp.ByQuery),
		chromedp.SendKeys(`#username`, username, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, password+"\r", chromedp.ByQuery),
		chromedp.WaitVisible(`.who .user`, chromedp.ByQuery),
	)
}

// submitEvent submits the event form holding field and waits for the
// page that answers it. A refusal fails the test with its message at once,
// instead of leaving the test waiting for a notice that will not come.
func submitEvent(t *testing.T, ctx context.Context, field string) {
	t.Helper()
	run(t, ctx, chromedp.Submit(field, chromedp.ByQuery), chromedp.WaitVisible(`.notice, .error`, chromedp.ByQuery))
	var refused bool
	run(t, ctx, chromedp.Evaluate(`document.querySelector(".error") !== null`, &refused))
	if refused {
		t.Fatalf("the event was refused: %q", text(t, ctx, ".error"))
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

func html(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.OuterHTML(sel, &s, chromedp.ByQuery))
	return s
}

func TestBrowserEachDemoRoleSignsInToItsPage(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	s.petition(t, reception, map[string]any{"type": "complaint", "summary": "Khiếu nại việc bồi thường khi thu hồi đất", "received_at": daysAgo(30),
		"complainants": complainant("Nguyễn Văn An", "001085012345")})
	s.petition(t, reception, map[string]any{"type": "feedback", "summary": "Phản ánh đường giao thông nông thôn xuống cấp", "unit_id": s.Commune.ID})
	for _, tc := range []struct{ user, h1 string }{
		{"reception", "Tiếp công dân"}, {"handler", "Đơn thư"}, {"leader", "Bảng điều hành"}, {"admin", "Quản trị"}, {"auditor", "Đơn thư"},
	} {
		t.Run(tc.user, func(t *testing.T) {
			ctx := tab(t)
			s.login(t, ctx, tc.user)
			if h := text(t, ctx, "h1"); !strings.HasPrefix(h, tc.h1) {
				t.Errorf("%s lands on %q, want %q", tc.user, h, tc.h1)
			}
			if who := text(t, ctx, ".who .user"); !strings.Contains(who, "Cán bộ "+tc.user) || !strings.Contains(who, "UBND tỉnh Sơn Hà") {
				t.Errorf("the header says %q", who)
			}
			shoot(t, ctx, "home-"+tc.user)
			run(t, ctx, chromedp.Click(`form[action="/logout"] button`, chromedp.ByQuery), chromedp.WaitVisible(`#username`, chromedp.ByQuery))
		})
	}
}

func TestBrowserReceptionLogsAVisitWithANewCitizenAndPrintsTheReceipt(t *testing.T) {
	s := newSite(t)
	day := calendar.Of(time.Now())
	ctx := tab(t)
	s.login(t, ctx, "reception")
	// Keyboard only: the CCCD field has the focus; Enter looks it up.
	run(t, ctx,
		chromedp.WaitVisible(`#id_number`, chromedp.ByQuery),
		chromedp.SendKeys(`#id_number`, "001085012345\r", chromedp.ByQuery),
		chromedp.WaitVisible(`#briefing`, chromedp.ByQuery),
	)
	if b := text(t, ctx, "#briefing"); !strings.Contains(b, "Chưa có công dân") {
		t.Fatalf("a new number briefs %q", b)
	}
	run(t, ctx,
		chromedp.SendKeys(`#citizen_full_name`, "Hoàng Thị Mai", chromedp.ByQuery),
		chromedp.SendKeys(`#citizen_address`, "Thôn Phú Thọ, xã Tân Phú", chromedp.ByQuery),
		chromedp.SetValue(`#p0_type`, "complaint", chromedp.ByQuery),
		chromedp.SendKeys(`#p0_summary`, "Khiếu nại quyết định thu hồi đất nông nghiệp", chromedp.ByQuery),
		chromedp.Click(`#add-petition`, chromedp.ByQuery),
		chromedp.SetValue(`#p1_type`, "recommendation", chromedp.ByQuery),
		chromedp.SendKeys(`#p1_summary`, "Kiến nghị làm lại cầu dân sinh", chromedp.ByQuery),
	)
	noEmptyBoxes(t, ctx, "the filled desk")
	shoot(t, ctx, "desk-filled")
	run(t, ctx,
		chromedp.Click(`#save-visit`, chromedp.ByQuery),
		chromedp.WaitVisible(`#receipt`, chromedp.ByQuery),
	)
	receipt := text(t, ctx, "#receipt")
	for _, want := range []string{"GIẤY BIÊN NHẬN", "Mẫu số 02/TCD", "Hoàng Thị Mai", "Khiếu nại quyết định thu hồi đất nông nghiệp", "Kiến nghị làm lại cầu dân sinh"} {
		if !strings.Contains(receipt, want) {
			t.Errorf("the receipt lacks %q", want)
		}
	}
	var codes []string
	run(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("#receipt td.code")).map(e => e.textContent.trim())`, &codes))
	if len(codes) != 2 || len(codes[0]) < 10 {
		t.Fatalf("tracking codes on the receipt: %v", codes)
	}
	shoot(t, ctx, "receipt")
	// Printing: the receipt's print styles leave the header out.
	var pdf []byte
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPrintBackground(false).Do(ctx)
		return err
	}))
	if len(pdf) < 1000 || string(pdf[:4]) != "%PDF" {
		t.Fatalf("printing the receipt gave %d bytes", len(pdf))
	}
	_ = os.WriteFile(filepath.Join(screenshotDir(t), "receipt.pdf"), pdf, 0o644)
	var headerDisplay string
	run(t, ctx,
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`getComputedStyle(document.querySelector("header.top")).display`, &headerDisplay),
	)
	shoot(t, ctx, "receipt-print")
	run(t, ctx, emulation.SetEmulatedMedia().WithMedia(""))
	if headerDisplay != "none" {
		t.Errorf("the header would print (display %q)", headerDisplay)
	}
	// The visit is in today's logbook.
	run(t, ctx, chromedp.Navigate(s.srv.URL+logbookFrom(day)), chromedp.WaitVisible(`#logbook`, chromedp.ByQuery))
	if lb := text(t, ctx, "#logbook"); !strings.Contains(lb, "Hoàng Thị Mai") || !strings.Contains(lb, "Mẫu số 03/TCD") {
		t.Errorf("the logbook lacks the visit: %q", lb)
	}
	shoot(t, ctx, "logbook")
	run(t, ctx, emulation.SetEmulatedMedia().WithMedia("print"))
	shoot(t, ctx, "logbook-print")
	run(t, ctx, emulation.SetEmulatedMedia().WithMedia(""))
	// Next time the desk briefs on this citizen.
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+"/reception"),
		chromedp.SendKeys(`#id_number`, "001085012345\r", chromedp.ByQuery),
		chromedp.WaitVisible(`#briefing table`, chromedp.ByQuery),
	)
	if b := text(t, ctx, "#briefing"); !strings.Contains(b, "Khiếu nại quyết định thu hồi đất nông nghiệp") || !strings.Contains(b, "Các lần đến trước") {
		t.Errorf("the briefing reads %q", b)
	}
	shoot(t, ctx, "desk-briefing")
	// The citizen's code works on the public page.
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/lookup?code="+codes[0]), chromedp.WaitVisible(`#lookup-result`, chromedp.ByQuery))
}

func TestBrowserHandlerForwardsAPetition(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	id, _, _ := s.petition(t, reception, map[string]any{"type": "feedback", "summary": "Phản ánh tình trạng khai thác cát trái phép trên sông"})
	ctx := tab(t)
	s.login(t, ctx, "handler")
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+idPath(id)),
		chromedp.WaitVisible(`#event-forward summary`, chromedp.ByQuery),
	)
	// A scan handed in goes up through the API.
	scan := filepath.Join(t.TempDir(), "don-phan-anh.png")
	if err := os.WriteFile(scan, tinyPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx,
		chromedp.WaitVisible(`#upload-file`, chromedp.ByQuery),
		chromedp.SetUploadFiles(`#upload-file`, []string{scan}, chromedp.ByQuery),
		chromedp.Click(`form[data-upload] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[href^="/api/v1/attachments/"]`, chromedp.ByQuery),
	)
	shoot(t, ctx, "petition")
	run(t, ctx,
		chromedp.Click(`#event-forward summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`#forward-doc_no`, chromedp.ByQuery),
		chromedp.SetValue(`#forward-target_unit_id`, itoa(s.Commune.ID), chromedp.ByQuery),
		chromedp.SendKeys(`#forward-doc_no`, "45/PC-TCD", chromedp.ByQuery),
	)
	shoot(t, ctx, "petition-forward-form")
	submitEvent(t, ctx, `#forward-doc_no`)
	if h := text(t, ctx, "h1"); !strings.Contains(h, "Đã chuyển đơn") {
		t.Errorf("after forwarding the page says %q", h)
	}
	if facts := text(t, ctx, "dl.facts"); !strings.Contains(facts, "UBND xã Tân An") || !strings.Contains(facts, "45/PC-TCD") {
		t.Errorf("the forwarding is not shown: %q", facts)
	}
	if tl := text(t, ctx, "ol.timeline"); !strings.Contains(tl, "Chuyển đơn") {
		t.Errorf("the history lacks the event: %q", tl)
	}
}

func TestBrowserAcceptAndResolveTakeAPetitionOffTheOverdueList(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	id, _, _ := s.petition(t, reception, map[string]any{"type": "complaint", "summary": "Khiếu nại quyết định xử phạt hành chính", "received_at": daysAgo(45),
		"complainants": complainant("Đặng Văn Hùng", "001085012345")})
	s.petition(t, reception, map[string]any{"type": "feedback", "summary": "Phản ánh ô nhiễm tiếng ồn", "received_at": daysAgo(40), "unit_id": s.Commune.ID})
	ctx := tab(t)
	s.login(t, ctx, "handler")
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/petitions?overdue=1"), chromedp.WaitVisible(`#overdue-table`, chromedp.ByQuery))
	link := `href="` + idPath(id) + `"`
	if list := html(t, ctx, "#overdue-table"); !strings.Contains(list, link) {
		t.Fatalf("petition %d is not on the overdue list: %q", id, list)
	}
	shoot(t, ctx, "petitions-overdue")
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+idPath(id)),
		chromedp.Click(`#event-accept summary`, chromedp.ByQuery),
		chromedp.SendKeys(`#accept-decision_no`, "12/QĐ-UBND", chromedp.ByQuery),
	)
	submitEvent(t, ctx, `#accept-decision_no`)
	if h := text(t, ctx, "h1"); !strings.Contains(h, "Đã thụ lý") {
		t.Fatalf("after accepting the page says %q", h)
	}
	run(t, ctx, chromedp.Click(`form[action="/logout"] button`, chromedp.ByQuery), chromedp.WaitVisible(`#username`, chromedp.ByQuery))
	s.login(t, ctx, "leader")
	// The decision is dated today in Vietnam, the day the petition was
	// accepted, whatever the machine's own zone says.
	today := calendar.Of(time.Now()).Format()
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+idPath(id)),
		chromedp.Click(`#event-resolve summary`, chromedp.ByQuery),
		chromedp.SendKeys(`#resolve-decision_no`, "30/QĐ-UBND", chromedp.ByQuery),
		chromedp.SendKeys(`#resolve-decision_date`, today, chromedp.ByQuery),
		chromedp.SetValue(`#resolve-conclusion`, "partly_right", chromedp.ByQuery),
	)
	submitEvent(t, ctx, `#resolve-decision_no`)
	if h := text(t, ctx, "h1"); !strings.Contains(h, "Đã giải quyết") {
		t.Fatalf("after resolving the page says %q", h)
	}
	shoot(t, ctx, "petition-resolved")
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/petitions?overdue=1"), chromedp.WaitVisible(`#overdue-table`, chromedp.ByQuery))
	if list := html(t, ctx, "#overdue-table"); strings.Contains(list, link) {
		t.Errorf("petition %d is still on the overdue list: %q", id, list)
	}
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/dashboard"), chromedp.WaitVisible(`#unit-tree`, chromedp.ByQuery))
	if ov := html(t, ctx, "#overdue-list"); strings.Contains(ov, link) {
		t.Errorf("the dashboard still lists %d as overdue", id)
	}
	shoot(t, ctx, "dashboard")
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/reports"), chromedp.WaitVisible(`#report-table`, chromedp.ByQuery))
	shoot(t, ctx, "reports")
}

func TestBrowserAStaleVersionIsExplainedAndReloaded(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	id, _, _ := s.petition(t, reception, map[string]any{"type": "feedback", "summary": "Phản ánh việc cấp giấy phép xây dựng chậm"})
	ctx := tab(t)
	s.login(t, ctx, "handler")
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+idPath(id)),
		chromedp.Click(`#event-answer summary`, chromedp.ByQuery),
		chromedp.SendKeys(`#answer-doc_no`, "7/TL", chromedp.ByQuery),
		chromedp.SendKeys(`#answer-text`, "Trả lời công dân", chromedp.ByQuery),
	)
	// Meanwhile a colleague guides the citizen elsewhere.
	colleague := s.signIn(t, "handler")
	if status, out := colleague.api("POST", idPath(id)+"/events", map[string]any{"event": "guide", "version": 1, "target_body": "Sở Xây dựng", "doc_no": "3/HD"}); status != 200 {
		t.Fatalf("the colleague's event: %d %v", status, out)
	}
	run(t, ctx, chromedp.Submit(`#answer-doc_no`, chromedp.ByQuery), chromedp.WaitVisible(`.error`, chromedp.ByQuery))
	if e := text(t, ctx, ".error"); !strings.Contains(e, "đã được người khác cập nhật") {
		t.Fatalf("the conflict reads %q", e)
	}
	shoot(t, ctx, "stale-conflict")
	// The reload replaces the document: wait for the new page's heading
	// rather than read one the old document may still hold.
	var reloaded bool
	run(t, ctx, chromedp.Click(`.error a.button`, chromedp.ByQuery), chromedp.WaitNotPresent(`.error`, chromedp.ByQuery))
	err := chromedp.Run(ctx, chromedp.Poll(`(document.querySelector("h1") || {textContent: ""}).textContent.includes("Đã hướng dẫn")`,
		&reloaded, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || !reloaded {
		t.Errorf("after the reload the page says %q (%v)", text(t, ctx, "h1"), err)
	}
}

func TestBrowserSwitchesToEnglish(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	s.login(t, ctx, "leader")
	run(t, ctx, chromedp.Click(`.lang a`, chromedp.ByQuery), chromedp.WaitVisible(`html[lang="en"]`, chromedp.ByQuery))
	if h := text(t, ctx, "h1"); !strings.HasPrefix(h, "Dashboard") {
		t.Errorf("in English the page says %q", h)
	}
	shoot(t, ctx, "dashboard-en")
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/petitions"), chromedp.WaitVisible(`#petitions-table`, chromedp.ByQuery))
	if h := text(t, ctx, "h1"); h != "Petitions" {
		t.Errorf("the next page says %q", h)
	}
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/admin"))
	run(t, ctx, chromedp.Click(`.lang a`, chromedp.ByQuery), chromedp.WaitVisible(`html[lang="vi"]`, chromedp.ByQuery))
}

func TestBrowserCitizenLooksACodeUp(t *testing.T) {
	s := newSite(t)
	reception := s.signIn(t, "reception")
	_, code, _ := s.petition(t, reception, map[string]any{"type": "complaint", "summary": "Khiếu nại", "complainants": complainant("Vũ Thị Lan", "001085012345")})
	ctx := tab(t)
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+"/lookup"),
		chromedp.WaitVisible(`#code`, chromedp.ByQuery),
		chromedp.SendKeys(`#code`, strings.ToLower(code)+"\r", chromedp.ByQuery),
		chromedp.WaitVisible(`#lookup-result`, chromedp.ByQuery),
	)
	res := text(t, ctx, "#lookup-result")
	if !strings.Contains(res, "Tiếp nhận") || !strings.Contains(res, "Khiếu nại") || strings.Contains(res, "Vũ Thị Lan") {
		t.Errorf("the citizen sees %q", res)
	}
	shoot(t, ctx, "lookup")
}

func TestBrowserAdminPages(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	s.login(t, ctx, "admin")
	run(t, ctx, chromedp.WaitVisible(`#rules`, chromedp.ByQuery))
	shoot(t, ctx, "admin")
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/admin/jobs"), chromedp.WaitVisible(`#jobs-table`, chromedp.ByQuery))
	shoot(t, ctx, "admin-jobs")
	run(t, ctx, chromedp.Navigate(s.srv.URL+"/admin/retention"), chromedp.WaitVisible(`h1`, chromedp.ByQuery))
	shoot(t, ctx, "admin-retention")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// tinyPNG is a 1×1 PNG, a file the attachment check accepts.
var tinyPNG = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
	0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
	0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
	0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
}
