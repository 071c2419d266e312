package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// emptyBoxes counts the visible boxes (panels, notices, errors,
// disclosures, fieldsets) with nothing in them: a page must not show an
// empty frame.
const emptyBoxes = `Array.from(document.querySelectorAll(".panel, .notice, .error, .warning, details, fieldset, .briefing"))
  .filter(e => e.offsetParent !== null && e.innerText.trim() === "" && !e.querySelector("input:not([type=hidden]), select, textarea, button, table, svg"))
  .map(e => e.outerHTML.slice(0, 120))`

func noEmptyBoxes(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	var empty []string
	run(t, ctx, chromedp.Evaluate(emptyBoxes, &empty))
	for _, e := range empty {
		t.Errorf("%s shows an empty box: %s", page, e)
	}
}

func TestBrowserTheInboxShowsANotificationAndMarkingItReadClearsTheBadge(t *testing.T) {
	s := newSite(t)
	admin := s.signIn(t, "admin")
	body := s.addRule(t, admin, "Trụ sở Ban Tiếp công dân tỉnh")
	m := postponeAction.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no session to postpone")
	}
	admin.post("/admin/schedules/sessions/"+m[1]+"/postpone", url.Values{"csrf_token": {admin.csrf()}, "notice": {"Lãnh đạo họp đột xuất"}})

	ctx := tab(t)
	s.login(t, ctx, "leader")
	if badge := text(t, ctx, "#unread-badge"); strings.TrimSpace(badge) != "1" {
		t.Fatalf("the badge reads %q, want 1", badge)
	}
	run(t, ctx, chromedp.Click(`a.inbox`, chromedp.ByQuery), chromedp.WaitVisible(`#inbox`, chromedp.ByQuery))
	if inbox := text(t, ctx, "#inbox"); !strings.Contains(inbox, "Hoãn lịch tiếp công dân") || !strings.Contains(inbox, "Lãnh đạo họp đột xuất") {
		t.Fatalf("the inbox reads %q", inbox)
	}
	noEmptyBoxes(t, ctx, "the inbox")
	shoot(t, ctx, "inbox-unread")
	run(t, ctx, chromedp.Click(`#inbox .mark-read`, chromedp.ByQuery), chromedp.WaitVisible(`p.notice`, chromedp.ByQuery))
	var badges int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll("#unread-badge").length`, &badges))
	if badges != 0 {
		t.Error("the badge is still there after marking read")
	}
	if n := text(t, ctx, "#unread-summary"); !strings.Contains(n, "Đã đọc hết") {
		t.Errorf("the inbox says %q", n)
	}
	shoot(t, ctx, "inbox-read")
}

func TestBrowserACitizenFindsAUnitsScheduleAndItsCalendarFeed(t *testing.T) {
	s := newSite(t)
	s.addRule(t, s.signIn(t, "admin"), "Trụ sở Ban Tiếp công dân tỉnh")
	ctx := tab(t)
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+"/schedule"),
		chromedp.WaitVisible(`#unit`, chromedp.ByQuery),
		chromedp.SetValue(`#unit`, "SH", chromedp.ByQuery),
		chromedp.Click(`form[action="/schedule"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#public-sessions`, chromedp.ByQuery),
	)
	if sessions := text(t, ctx, "#public-sessions"); !strings.Contains(sessions, "Trụ sở Ban Tiếp công dân tỉnh") || !strings.Contains(sessions, "08:00–11:00") || !strings.Contains(sessions, "thứ Năm") {
		t.Fatalf("the public schedule reads %q", sessions)
	}
	noEmptyBoxes(t, ctx, "the public schedule")
	shoot(t, ctx, "schedule-public")
	var feed string
	run(t, ctx, chromedp.Evaluate(`fetch(document.getElementById("ics-link").href).then(r => r.text())`, &feed, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
	if !strings.HasPrefix(feed, "BEGIN:VCALENDAR") || !strings.Contains(feed, "Asia/Ho_Chi_Minh") || !strings.Contains(feed, "BEGIN:VEVENT") {
		t.Fatalf("the .ics link gives %.300q", feed)
	}
	// In English too, the same page.
	run(t, ctx, chromedp.Click(`.lang a`, chromedp.ByQuery), chromedp.WaitVisible(`#public-sessions`, chromedp.ByQuery))
	if sessions := text(t, ctx, "#public-sessions"); !strings.Contains(sessions, "Published") || !strings.Contains(sessions, "Thursday") {
		t.Errorf("the English schedule reads %q", sessions)
	}
	shoot(t, ctx, "schedule-public-en")
}

func TestBrowserTheAdminAddsARuleAndTheLeaderSeesItsSessionsOnTheDashboard(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	s.login(t, ctx, "admin")
	run(t, ctx,
		chromedp.Navigate(s.srv.URL+"/admin"),
		chromedp.WaitVisible(`#schedules`, chromedp.ByQuery),
		chromedp.Click(`#schedules a[href="/admin/schedules?unit=`+strconv.FormatInt(s.Province.ID, 10)+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#add-rule summary`, chromedp.ByQuery),
		chromedp.Click(`#add-rule summary`, chromedp.ByQuery),
		chromedp.SetValue(`#r-kind`, "monthly_day", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("r-kind").dispatchEvent(new Event("change"))`, nil),
		chromedp.WaitVisible(`#r-month_day`, chromedp.ByQuery),
		chromedp.WaitNotVisible(`#r-weekday`, chromedp.ByQuery),
		chromedp.SetValue(`#r-month_day`, "15", chromedp.ByQuery),
		chromedp.SendKeys(`#r-place`, "Hội trường UBND tỉnh", chromedp.ByQuery),
		chromedp.SendKeys(`#r-topic`, "Đất đai, bồi thường", chromedp.ByQuery),
	)
	shoot(t, ctx, "schedules-form")
	run(t, ctx, chromedp.Click(`#save-rule`, chromedp.ByQuery), chromedp.WaitVisible(`#rules-table`, chromedp.ByQuery))
	if rules := text(t, ctx, "#rules-table"); !strings.Contains(rules, "Ngày 15 hằng tháng") || !strings.Contains(rules, "Hội trường UBND tỉnh") {
		t.Fatalf("the rules read %q", rules)
	}
	noEmptyBoxes(t, ctx, "the schedules page")
	shoot(t, ctx, "schedules-admin")
	// The first session is put off to another working day, with a notice.
	day := workingDayFrom(10)
	run(t, ctx,
		chromedp.Click(`#unit-sessions details.postpone summary`, chromedp.ByQuery),
		chromedp.SendKeys(`#unit-sessions details.postpone input[name=notice]`, "Lãnh đạo tỉnh họp Hội đồng nhân dân", chromedp.ByQuery),
		chromedp.SendKeys(`#unit-sessions details.postpone input[name=to_day]`, day.Format(), chromedp.ByQuery),
		chromedp.Click(`#unit-sessions details.postpone button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#unit-sessions .state-postponed`, chromedp.ByQuery),
	)
	if ss := text(t, ctx, "#unit-sessions"); !strings.Contains(ss, "Lãnh đạo tỉnh họp Hội đồng nhân dân") || !strings.Contains(ss, "sang ngày "+day.Format()) || !strings.Contains(ss, "Thay buổi bị hoãn") {
		t.Errorf("after the postponement the sessions read %q", ss)
	}
	shoot(t, ctx, "schedules-postponed")

	run(t, ctx, chromedp.Click(`form[action="/logout"] button`, chromedp.ByQuery), chromedp.WaitVisible(`#username`, chromedp.ByQuery))
	s.login(t, ctx, "leader")
	run(t, ctx, chromedp.WaitVisible(`#calendar-sessions`, chromedp.ByQuery))
	if cal := text(t, ctx, "#calendar"); !strings.Contains(cal, "Hội trường UBND tỉnh") || !strings.Contains(cal, "UBND xã Tân An: phải tiếp ít nhất 1 ngày mỗi tuần") {
		t.Fatalf("the dashboard's calendar reads %q", cal)
	}
	noEmptyBoxes(t, ctx, "the dashboard")
	shoot(t, ctx, "dashboard-calendar")
}
