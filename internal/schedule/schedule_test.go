package schedule_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/i18n"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/schedule"
	"tiepdan/internal/testdb"
	"tiepdan/internal/vntime"
)

type world struct {
	f     *testdb.Fixture
	clock time.Time
	svc   *schedule.Service
	notes *notify.Service
	text  schedule.Texts
	chair org.User // the commune's chairman
}

func newWorld(t *testing.T, at time.Time) *world {
	f := testdb.New(t)
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{f: f, clock: at, text: func(k string, p map[string]any) string { return cat.T(i18n.VI, k, p) }}
	now := func() time.Time { return w.clock }
	w.notes = notify.NewService(f.DB, cat.Render, now, slog.New(slog.DiscardHandler), nil, nil)
	w.svc = schedule.NewService(f.DB, w.notes, w.text, schedule.Config{}, now, slog.New(slog.DiscardHandler))
	u, err := org.NewService(f.DB, time.Now).CreateUser(context.Background(),
		org.User{Username: "chutich.xa", FullName: "Nguyễn Văn Chủ", UnitID: f.Commune.ID, Roles: []org.Role{org.RoleLeader}})
	if err != nil {
		t.Fatal(err)
	}
	w.chair = *u
	return w
}

func day(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

func TestTetMovesASessionToTheNextWorkingDay(t *testing.T) {
	w := newWorld(t, time.Date(2026, 1, 26, 8, 0, 0, 0, vntime.Zone))
	ctx := context.Background()
	if _, err := w.svc.CreateRule(ctx, schedule.Rule{UnitID: w.f.Commune.ID, LeaderID: w.chair.ID, Kind: schedule.Weekly,
		Weekday: time.Tuesday, Start: "08:00", End: "11:00", Place: "Trụ sở UBND xã"}); err != nil {
		t.Fatal(err)
	}
	ss, err := w.svc.Sessions(ctx, schedule.Filter{UnitID: w.f.Commune.ID, From: day(2026, 2, 1), To: day(2026, 3, 1)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range ss {
		got = append(got, s.NominalDay.String()+"→"+s.Day.String()+" "+s.MovedReason)
	}
	want := []string{"2026-02-03→2026-02-03 ", "2026-02-10→2026-02-10 ", "2026-02-17→2026-02-23 Tết Nguyên đán", "2026-02-24→2026-02-24 "}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("sessions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Generated 8 weeks ahead, and only once however often the job runs.
	if n, err := w.svc.Generate(ctx); err != nil || n != 0 {
		t.Fatalf("a second run stored %d sessions (%v)", n, err)
	}
	w.clock = w.clock.AddDate(0, 0, 7)
	if n, _ := w.svc.Generate(ctx); n != 1 {
		t.Fatalf("a week later the job added %d sessions, want the one entering the horizon", n)
	}

	// A holiday declared after the sessions were published moves the one
	// on it.
	if _, _, err := w.f.DB.ChangeHoliday(ctx, deadline.HolidayOp{Entry: calendar.Entry{Date: day(2026, 3, 10), Kind: calendar.Holiday,
		NameVI: "Nghỉ đột xuất", NameEN: "Extra day off", Source: "Quyết định của UBND tỉnh"}}, w.f.Admin.ID, w.clock, deadline.RecomputeAll); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.svc.Generate(ctx); n != 1 {
		t.Fatalf("after the holiday the job moved %d sessions, want 1", n)
	}
	ss, _ = w.svc.Sessions(ctx, schedule.Filter{UnitID: w.f.Commune.ID, From: day(2026, 3, 10), To: day(2026, 3, 11)})
	if len(ss) != 1 || ss[0].Day != day(2026, 3, 11) || ss[0].MovedReason != "Nghỉ đột xuất" {
		t.Fatalf("the session of 10/3: %+v", ss)
	}
}

func TestACommuneWhoseChairmanReceivesTwiceAMonthIsFlagged(t *testing.T) {
	w := newWorld(t, time.Date(2026, 9, 7, 8, 0, 0, 0, vntime.Zone))
	ctx := context.Background()
	for _, r := range []schedule.Rule{
		{Kind: schedule.MonthlyDay, MonthDay: 15},
		{Kind: schedule.MonthlyNth, Weekday: time.Monday, Nth: 2},
	} {
		r.UnitID, r.LeaderID, r.Start, r.End, r.Place = w.f.Commune.ID, w.chair.ID, "08:00", "11:00", "Trụ sở UBND xã"
		if _, err := w.svc.CreateRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	c, err := w.svc.Compliance(ctx, w.f.Commune.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Meets || c.Minimum.Days != 1 || c.Minimum.Per != "week" || !strings.Contains(c.Minimum.Source, "Điều 15") {
		t.Fatalf("compliance: %+v", c)
	}
	// Of the eight weeks from Monday 7/9 to Sunday 1/11, only those of
	// 14/9 (Monday 14/9 and Tuesday 15/9) and 12/10 (Monday 12/10 and
	// Thursday 15/10) have a reception day.
	if len(c.Short) != 6 || c.Short[0].From != day(2026, 9, 7) || c.Short[1].From != day(2026, 9, 21) {
		t.Fatalf("%d short weeks, want 6: %+v", len(c.Short), c.Short)
	}
	if err := w.svc.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Run(ctx); err != nil {
		t.Fatal(err)
	}
	ns, _ := w.notes.Inbox(ctx, w.chair.ID, "vi", false, 0, 50)
	warned := 0
	for _, n := range ns {
		if n.Kind == "reception_minimum" {
			warned++
			if !strings.Contains(n.Body, "ít nhất 1 ngày mỗi tuần") {
				t.Errorf("warning: %s", n.Body)
			}
		}
	}
	if warned != 1 {
		t.Fatalf("%d warnings to the chairman, want 1", warned)
	}

	// A weekly rule meets the minimum; a province receiving monthly does too.
	if _, err := w.svc.CreateRule(ctx, schedule.Rule{UnitID: w.f.Commune.ID, LeaderID: w.chair.ID, Kind: schedule.Weekly,
		Weekday: time.Thursday, Start: "14:00", End: "17:00", Place: "Trụ sở UBND xã"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := w.svc.Compliance(ctx, w.f.Commune.ID); !c.Meets {
		t.Fatalf("with a weekly rule: %+v", c.Short)
	}
	if _, err := w.svc.CreateRule(ctx, schedule.Rule{UnitID: w.f.Province.ID, LeaderID: w.f.Leader.ID, Kind: schedule.MonthlyDay,
		MonthDay: 20, Start: "08:00", End: "11:30", Place: "Trụ sở tiếp công dân tỉnh"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := w.svc.Compliance(ctx, w.f.Province.ID); !c.Meets || c.Minimum.Per != "month" {
		t.Fatalf("the province: %+v", c)
	}
	if c, _ := w.svc.Compliance(ctx, w.f.Department.ID); c.Meets {
		t.Fatal("a department with no schedule meets the minimum")
	}
}

func TestTheICSFeedParsesAndHoldsTheTimesInVietnam(t *testing.T) {
	w := newWorld(t, time.Date(2026, 1, 26, 8, 0, 0, 0, vntime.Zone))
	ctx := context.Background()
	if _, err := w.svc.CreateRule(ctx, schedule.Rule{UnitID: w.f.Commune.ID, LeaderID: w.chair.ID, Kind: schedule.Weekly,
		Weekday: time.Tuesday, Start: "08:00", End: "11:00", Place: "Trụ sở UBND xã Tân An", Topic: "Đất đai"}); err != nil {
		t.Fatal(err)
	}
	unit, ss, err := w.svc.Public(ctx, "sh-xa")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := schedule.WriteICS(&buf, "tiepdan.test", unit, ss, w.text, w.clock); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(&buf)
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, buf.String())
	}
	if len(cal.Timezones()) != 1 {
		t.Fatalf("%d VTIMEZONE, want 1", len(cal.Timezones()))
	}
	var tet *ics.VEvent
	for _, e := range cal.Events() {
		if strings.HasPrefix(e.GetProperty(ics.ComponentPropertyDtStart).Value, "20260223") {
			tet = e
		}
	}
	if tet == nil {
		t.Fatalf("no event on 23/02/2026 (the session moved off Tết):\n%s", buf.String())
	}
	p := tet.GetProperty(ics.ComponentPropertyDtStart)
	if p.Value != "20260223T080000" || strings.Join(p.ICalParameters["TZID"], "") != "Asia/Ho_Chi_Minh" {
		t.Fatalf("DTSTART %q %v", p.Value, p.ICalParameters)
	}
	start, err := tet.GetStartAt()
	if err != nil {
		t.Fatal(err)
	}
	end, _ := tet.GetEndAt()
	want := time.Date(2026, 2, 23, 8, 0, 0, 0, vntime.Zone)
	if !start.Equal(want) || !end.Equal(want.Add(3*time.Hour)) {
		t.Fatalf("the session runs %s–%s, want %s–%s", start, end, want, want.Add(3*time.Hour))
	}
	if loc := tet.GetProperty(ics.ComponentPropertyLocation).Value; loc != "Trụ sở UBND xã Tân An" {
		t.Fatalf("location %q", loc)
	}
	if d := tet.GetProperty(ics.ComponentPropertyDescription).Value; !strings.Contains(d, "Tết Nguyên đán") {
		t.Fatalf("description %q does not say why it moved", d)
	}
}

func TestAPostponedSessionCarriesItsNoticeAndTheLeaderIsRemindedTheDayBefore(t *testing.T) {
	w := newWorld(t, time.Date(2026, 3, 2, 8, 0, 0, 0, vntime.Zone)) // a Monday
	ctx := context.Background()
	if _, err := w.svc.CreateRule(ctx, schedule.Rule{UnitID: w.f.Commune.ID, LeaderID: w.chair.ID, Kind: schedule.Weekly,
		Weekday: time.Tuesday, Start: "08:00", End: "11:00", Place: "Trụ sở UBND xã"}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Run(ctx); err != nil {
		t.Fatal(err)
	}
	ns, _ := w.notes.Inbox(ctx, w.chair.ID, "vi", false, 0, 50)
	eve := 0
	for _, n := range ns {
		if n.Kind == "reception" && strings.Contains(n.Subject, "03/03/2026") {
			eve++
		}
	}
	if eve != 1 {
		t.Fatalf("reminders of Tuesday's session: %d, want 1: %+v", eve, ns)
	}
	ss, _ := w.svc.Sessions(ctx, schedule.Filter{UnitID: w.f.Commune.ID, From: day(2026, 3, 10), To: day(2026, 3, 10)})
	if len(ss) != 1 || ss[0].LateNotice {
		t.Fatalf("sessions of 10/3: %+v", ss)
	}
	to := day(2026, 3, 12)
	done, err := w.svc.Postpone(ctx, ss[0].ID, schedule.Postponement{Notice: "Chủ tịch đi công tác", To: &to})
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != schedule.Postponed || done.PostponedTo == nil || done.Notice != "Chủ tịch đi công tác" {
		t.Fatalf("postponed: %+v", done)
	}
	repl, err := w.f.DB.Session(ctx, *done.PostponedTo)
	if err != nil || repl.Day != to || repl.Start != "08:00" {
		t.Fatalf("replacement: %+v %v", repl, err)
	}
	if _, err := w.svc.Postpone(ctx, ss[0].ID, schedule.Postponement{Notice: "lần nữa"}); err == nil {
		t.Fatal("a postponed session was postponed again")
	}
	// Added two working days ahead: published, but late.
	s, err := w.svc.AddSession(ctx, schedule.Draft{UnitID: w.f.Commune.ID, LeaderID: w.chair.ID, Day: day(2026, 3, 4),
		Start: "14:00", End: "16:00", Place: "Trụ sở UBND xã"})
	if err != nil || !s.LateNotice {
		t.Fatalf("ad hoc session: %+v %v", s, err)
	}
	if _, err := w.svc.AddSession(ctx, schedule.Draft{UnitID: w.f.Commune.ID, LeaderID: w.f.Leader.ID, Day: day(2026, 3, 5),
		Start: "14:00", End: "16:00", Place: "x"}); err == nil {
		t.Fatal("a leader of another unit was given the commune's session")
	}
}

func TestRulesFallOnTheirDays(t *testing.T) {
	cases := []struct {
		rule schedule.Rule
		want string
	}{
		{schedule.Rule{Kind: schedule.Weekly, Weekday: time.Thursday}, "2026-04-02 2026-04-09 2026-04-16 2026-04-23 2026-04-30 2026-05-07 2026-05-14 2026-05-21 2026-05-28"},
		{schedule.Rule{Kind: schedule.MonthlyDay, MonthDay: 31}, "2026-04-30 2026-05-31"},
		{schedule.Rule{Kind: schedule.MonthlyNth, Weekday: time.Monday, Nth: 2}, "2026-04-13 2026-05-11"},
		{schedule.Rule{Kind: schedule.MonthlyNth, Weekday: time.Friday, Nth: -1}, "2026-04-24 2026-05-29"},
		{schedule.Rule{Kind: schedule.MonthlyNth, Weekday: time.Wednesday, Nth: 5}, "2026-04-29"},
	}
	for _, c := range cases {
		var got []string
		for _, d := range c.rule.Days(day(2026, 4, 1), day(2026, 5, 31)) {
			got = append(got, d.String())
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%+v: %s, want %s", c.rule, strings.Join(got, " "), c.want)
		}
	}
}
