package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/schedule"
)

// Who may keep reception schedules: the API's schedulers.
var schedulers = []org.Role{org.RoleLeader, org.RoleAdmin}

type publicScheduleData struct {
	Units    []org.Unit
	Unit     *org.Unit
	Sessions []schedule.Session
	Links    sessionLinks
	ICS      string
}

// publicSchedule is a unit's published reception days, for anyone, with
// the iCalendar feed to subscribe to.
func (s *Server) publicSchedule(c *gin.Context) {
	p := s.newPage(c, "schedule", "web.schedule.title")
	units, err := s.OrgStore.Units(c.Request.Context())
	if err != nil {
		s.failErr(c, err)
		return
	}
	d := publicScheduleData{Units: units}
	status := http.StatusOK
	if code := strings.TrimSpace(c.Query("unit")); code != "" {
		unit, ss, err := s.Schedule.Public(c.Request.Context(), code)
		if err != nil {
			status, p.Error = s.message(c, err)
		} else {
			d.Unit, d.Sessions, d.Links = unit, ss, linkSessions(ss)
			d.ICS = "/api/v1/public/units/" + unit.Code + "/reception-schedule.ics"
		}
	}
	p.Data = d
	s.render(c, status, "schedule", p)
}

// calendarWeeks is how far ahead the dashboard's reception calendar looks.
const calendarWeeks = 8

// receptionCalendar is the dashboard's panel: the coming sessions of the
// unit and everything under it, and the units whose schedule falls below
// the legal minimum.
type receptionCalendar struct {
	Sessions []schedule.Session
	More     int // sessions beyond those shown
	Links    sessionLinks
	Warnings []complianceWarning
	Names    map[int64]string
	Manage   bool // the official may keep schedules
}

type complianceWarning struct {
	Unit       org.Unit
	Compliance schedule.Compliance
}

// calendarShown is how many sessions the dashboard lists.
const calendarShown = 12

func (s *Server) receptionCalendar(c *gin.Context, top org.Unit, units []org.Unit) (*receptionCalendar, error) {
	ctx := c.Request.Context()
	under := map[int64]org.Unit{}
	for _, un := range units {
		if strings.HasPrefix(un.Path, top.Path) {
			under[un.ID] = un
		}
	}
	today := calendar.Of(s.Now())
	ss, err := s.Schedule.Sessions(ctx, schedule.Filter{From: today, To: today.AddDays(7 * calendarWeeks)})
	if err != nil {
		return nil, err
	}
	u, _ := userOf(c)
	rc := &receptionCalendar{Names: map[int64]string{}, Manage: u.HasAny(schedulers...)}
	for _, x := range ss {
		if _, ok := under[x.UnitID]; !ok || x.Status == schedule.Cancelled {
			continue
		}
		if len(rc.Sessions) == calendarShown {
			rc.More++
			continue
		}
		rc.Sessions = append(rc.Sessions, x)
	}
	rc.Links = linkSessions(ss)
	for _, un := range units {
		rc.Names[un.ID] = un.Name
		if _, ok := under[un.ID]; !ok {
			continue
		}
		cp, err := s.Schedule.Compliance(ctx, un.ID)
		if err != nil {
			return nil, err
		}
		if !cp.Meets {
			rc.Warnings = append(rc.Warnings, complianceWarning{Unit: un, Compliance: cp})
		}
	}
	return rc, nil
}

type scheduleAdminData struct {
	Units    []org.Unit
	Unit     org.Unit
	Leaders  []org.User
	Names    map[int64]string
	Rules    []schedule.Rule
	Sessions []schedule.Session
	Links    sessionLinks
	Warning  *schedule.Compliance
	Weekdays []time.Weekday
	Form     map[string]string
	Today    string
}

// scheduleAdmin keeps a unit's reception schedule: its rules, the
// sessions they give, ad hoc sessions and postponements.
func (s *Server) scheduleAdmin(c *gin.Context) {
	s.showScheduleAdmin(c, http.StatusOK, "", nil)
}

func (s *Server) showScheduleAdmin(c *gin.Context, status int, errMsg string, form map[string]string) {
	ctx := c.Request.Context()
	u, _ := userOf(c)
	unitID, _ := strconv.ParseInt(c.Query("unit"), 10, 64)
	if unitID <= 0 {
		unitID, _ = strconv.ParseInt(c.PostForm("unit_id"), 10, 64)
	}
	if unitID <= 0 {
		unitID = u.UnitID
	}
	if err := s.visible(c, unitID); err != nil {
		s.failErr(c, err)
		return
	}
	_, inScope, err := s.units(c)
	if err != nil {
		s.failErr(c, err)
		return
	}
	i := slices.IndexFunc(inScope, func(un org.Unit) bool { return un.ID == unitID })
	if i < 0 {
		s.fail(c, http.StatusNotFound, "not_found")
		return
	}
	d := &scheduleAdminData{Units: inScope, Unit: inScope[i], Names: map[int64]string{}, Form: form,
		Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday},
		Today:    calendar.Of(s.Now()).Format()}
	users, err := s.OrgStore.Users(ctx, unitID)
	if err != nil {
		s.failErr(c, err)
		return
	}
	for _, x := range users {
		d.Names[x.ID] = x.FullName
		if x.UnitID == unitID && x.Active && x.Has(org.RoleLeader) {
			d.Leaders = append(d.Leaders, x)
		}
	}
	if d.Rules, err = s.Schedule.Rules(ctx, unitID); err != nil {
		s.failErr(c, err)
		return
	}
	today := calendar.Of(s.Now())
	if d.Sessions, err = s.Schedule.Sessions(ctx, schedule.Filter{UnitID: unitID, From: today, To: today.AddDays(7 * calendarWeeks)}); err != nil {
		s.failErr(c, err)
		return
	}
	d.Links = linkSessions(d.Sessions)
	cp, err := s.Schedule.Compliance(ctx, unitID)
	if err != nil {
		s.failErr(c, err)
		return
	}
	if !cp.Meets {
		d.Warning = &cp
	}
	p := s.newPage(c, "schedules", "web.schedules.title")
	if u.Has(org.RoleAdmin) {
		p.Nav = "admin"
	}
	p.Error = errMsg
	switch c.Query("done") {
	case "rule", "end", "session", "postpone":
		p.Message = p.T(fmt.Sprintf("web.schedules.saved_%s", c.Query("done")))
	}
	p.Data = d
	s.render(c, status, "schedules", p)
}

// scheduleFailed shows the page again with the error in the user's
// language and the form as typed.
func (s *Server) scheduleFailed(c *gin.Context, err error) {
	status, msg := s.message(c, err)
	form := map[string]string{}
	for k, v := range c.Request.PostForm {
		if len(v) > 0 && k != "csrf_token" {
			form[k] = v[0]
		}
	}
	s.showScheduleAdmin(c, status, msg, form)
}

func scheduleDone(c *gin.Context, unitID int64, what string) {
	c.Redirect(http.StatusSeeOther, "/admin/schedules?unit="+strconv.FormatInt(unitID, 10)+"&done="+what)
}

func formInt(c *gin.Context, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(c.PostForm(name)))
	return n
}

// formDay reads a day typed dd/mm/yyyy (or yyyy-mm-dd); ok is false when
// it is not a day, and the zero date with ok when nothing was typed.
func formDay(c *gin.Context, name string) (calendar.Date, bool) {
	v := strings.TrimSpace(c.PostForm(name))
	if v == "" {
		return calendar.Date{}, true
	}
	t, ok := parseDay(v)
	if !ok {
		return calendar.Date{}, false
	}
	return calendar.Of(*t), true
}

// createScheduleRule adds a recurring reception day; its sessions are
// generated at once.
func (s *Server) createScheduleRule(c *gin.Context) {
	unitID, _ := strconv.ParseInt(c.PostForm("unit_id"), 10, 64)
	leaderID, _ := strconv.ParseInt(c.PostForm("leader_id"), 10, 64)
	r := schedule.Rule{UnitID: unitID, LeaderID: leaderID, Kind: schedule.Kind(c.PostForm("kind")),
		Start: strings.TrimSpace(c.PostForm("start")), End: strings.TrimSpace(c.PostForm("end")),
		Place: c.PostForm("place"), Topic: c.PostForm("topic")}
	switch r.Kind {
	case schedule.Weekly:
		r.Weekday = time.Weekday(formInt(c, "weekday"))
	case schedule.MonthlyDay:
		r.MonthDay = formInt(c, "month_day")
	case schedule.MonthlyNth:
		r.Weekday, r.Nth = time.Weekday(formInt(c, "nth_weekday")), formInt(c, "nth")
	}
	if err := s.inScope(c, unitID); err != nil {
		s.scheduleFailed(c, err)
		return
	}
	if _, err := s.Schedule.CreateRule(c.Request.Context(), r); err != nil {
		s.scheduleFailed(c, err)
		return
	}
	scheduleDone(c, unitID, "rule")
}

// endScheduleRule ends a rule; its sessions from today are cancelled with
// the notice.
func (s *Server) endScheduleRule(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	r, err := s.Schedule.Rule(c.Request.Context(), id)
	if err == nil {
		err = s.visible(c, r.UnitID)
	}
	if err == nil {
		_, err = s.Schedule.EndRule(c.Request.Context(), id, c.PostForm("notice"))
	}
	if err != nil {
		s.scheduleFailed(c, err)
		return
	}
	scheduleDone(c, r.UnitID, "end")
}

// addScheduleSession adds a session by hand (tiếp đột xuất).
func (s *Server) addScheduleSession(c *gin.Context) {
	unitID, _ := strconv.ParseInt(c.PostForm("unit_id"), 10, 64)
	leaderID, _ := strconv.ParseInt(c.PostForm("leader_id"), 10, 64)
	d := schedule.Draft{UnitID: unitID, LeaderID: leaderID, Start: strings.TrimSpace(c.PostForm("start")),
		End: strings.TrimSpace(c.PostForm("end")), Place: c.PostForm("place"), Topic: c.PostForm("topic")}
	day, ok := formDay(c, "day")
	if !ok {
		var pr fault.Problems
		pr.Add("day", "invalid.date", nil)
		s.scheduleFailed(c, pr.Err())
		return
	}
	d.Day = day
	if err := s.inScope(c, unitID); err != nil {
		s.scheduleFailed(c, err)
		return
	}
	if _, err := s.Schedule.AddSession(c.Request.Context(), d); err != nil {
		s.scheduleFailed(c, err)
		return
	}
	scheduleDone(c, unitID, "session")
}

// postponeScheduleSession puts a session off with a notice and, when a
// day is given, holds it then instead.
func (s *Server) postponeScheduleSession(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	old, err := s.Schedule.Session(c.Request.Context(), id)
	if err == nil {
		err = s.visible(c, old.UnitID)
	}
	if err != nil {
		s.scheduleFailed(c, err)
		return
	}
	p := schedule.Postponement{Notice: c.PostForm("notice")}
	day, ok := formDay(c, "to_day")
	if !ok {
		var pr fault.Problems
		pr.Add("to_day", "invalid.date", nil)
		s.scheduleFailed(c, pr.Err())
		return
	}
	if !day.IsZero() {
		p.To = &day
	}
	if _, err := s.Schedule.Postpone(c.Request.Context(), id, p); err != nil {
		s.scheduleFailed(c, err)
		return
	}
	scheduleDone(c, old.UnitID, "postpone")
}

// Recurrence words how a rule recurs: "every Thursday", "the 15th of each
// month", "the second Monday of each month".
func (p *page) Recurrence(r schedule.Rule) string {
	day := p.T(fmt.Sprintf("web.weekday.%d", r.Weekday))
	switch r.Kind {
	case schedule.Weekly:
		return p.T("web.schedules.every_weekday", "Day", day)
	case schedule.MonthlyDay:
		return p.T("web.schedules.every_month_day", "N", r.MonthDay)
	case schedule.MonthlyNth:
		if r.Nth == -1 {
			return p.T("web.schedules.every_last_weekday", "Day", day)
		}
		return p.T("web.schedules.every_nth_weekday", "Day", day, "N", r.Nth)
	}
	return string(r.Kind)
}

// sessionLinks ties each postponed session to the day of its replacement
// and marks the replacements, so neither reads as unrelated (a
// replacement has no rule, like an ad hoc session).
type sessionLinks struct {
	To       map[int64]calendar.Date
	Replaces map[int64]bool
}

func linkSessions(ss []schedule.Session) sessionLinks {
	l := sessionLinks{To: map[int64]calendar.Date{}, Replaces: map[int64]bool{}}
	day := map[int64]calendar.Date{}
	for _, x := range ss {
		day[x.ID] = x.Day
	}
	for _, x := range ss {
		if x.PostponedTo == nil {
			continue
		}
		l.Replaces[*x.PostponedTo] = true
		if d, ok := day[*x.PostponedTo]; ok {
			l.To[x.ID] = d
		}
	}
	return l
}
