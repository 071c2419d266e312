package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/vntime"
)

type adminData struct {
	Users    []org.User
	Units    []org.Unit
	Names    map[int64]string
	Holidays []calendar.Entry
	Year     int
	Sets     []deadline.Set
	Roles    []org.Role
	Levels   []org.Level
	Form     url.Values
}

// admin is the administrator's page: officials and their roles, units,
// the holiday calendar and the rule values deadlines are counted from.
func (s *Server) admin(c *gin.Context) {
	s.showAdmin(c, http.StatusOK, "", url.Values{})
}

func (s *Server) showAdmin(c *gin.Context, status int, errMsg string, form url.Values) {
	p := s.newPage(c, "admin", "web.admin.title")
	year := s.Now().In(vntime.Zone).Year()
	if y, err := strconv.Atoi(c.Query("year")); err == nil && y > 1900 && y < 3000 {
		year = y
	}
	d := &adminData{Year: year, Roles: org.Roles, Levels: org.Levels, Names: map[int64]string{}, Form: form}
	unitID, err := s.scope(c)
	if err == nil {
		d.Users, err = s.OrgStore.Users(c.Request.Context(), unitID)
	}
	if err == nil {
		var all []org.Unit
		all, d.Units, err = s.units(c)
		for _, un := range all {
			d.Names[un.ID] = un.Name
		}
	}
	if err == nil {
		d.Holidays, err = s.Deadlines.Holidays(c.Request.Context(), year)
	}
	if err == nil {
		d.Sets, err = s.Deadlines.RuleSets(c.Request.Context())
	}
	if err != nil {
		s.failErr(c, err)
		return
	}
	p.Error = errMsg
	switch c.Query("done") {
	case "user", "unit", "holiday", "rule":
		p.Message = p.T(fmt.Sprintf("web.admin.saved_%s", c.Query("done")))
	}
	p.Data = d
	s.render(c, status, "admin", p)
}

// adminFailed shows the admin page again with the form as typed.
func (s *Server) adminFailed(c *gin.Context, err error) {
	status, msg := s.message(c, err)
	s.showAdmin(c, status, msg, c.Request.PostForm)
}

func (s *Server) inScope(c *gin.Context, unitID int64) error {
	u, _ := userOf(c)
	in, err := s.Org.Within(c.Request.Context(), u.UnitID, unitID)
	if err != nil {
		return err
	}
	if !in {
		return fault.New(fault.Forbidden, "scope.outside", nil)
	}
	return nil
}

// createUser adds an official with a first password they change later.
func (s *Server) createUser(c *gin.Context) {
	unitID, _ := strconv.ParseInt(c.PostForm("unit_id"), 10, 64)
	nu := org.User{Username: strings.TrimSpace(c.PostForm("username")), FullName: strings.TrimSpace(c.PostForm("full_name")), UnitID: unitID}
	for _, r := range c.PostFormArray("roles") {
		nu.Roles = append(nu.Roles, org.Role(r))
	}
	if err := s.inScope(c, unitID); err != nil {
		s.adminFailed(c, err)
		return
	}
	created, err := s.Org.CreateUser(c.Request.Context(), nu)
	if err == nil {
		err = s.Auth.SetPassword(c.Request.Context(), *created, c.PostForm("password"))
	}
	if err != nil {
		s.adminFailed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?done=user")
}

func (s *Server) createUnit(c *gin.Context) {
	un := org.Unit{Code: c.PostForm("code"), Name: c.PostForm("name"), Level: org.Level(c.PostForm("level")), RemoteArea: c.PostForm("remote_area") != ""}
	var err error
	if parent, perr := strconv.ParseInt(c.PostForm("parent_id"), 10, 64); perr == nil && parent > 0 {
		un.ParentID = &parent
		err = s.inScope(c, parent)
	} else {
		err = s.deploymentWide(c)
	}
	if err == nil {
		_, err = s.Org.CreateUnit(c.Request.Context(), un)
	}
	if err != nil {
		s.adminFailed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?done=unit")
}

// deploymentWide allows settings of the whole deployment only to admins
// of the root unit, as the API does.
func (s *Server) deploymentWide(c *gin.Context) error {
	u, _ := userOf(c)
	un, err := s.OrgStore.Unit(c.Request.Context(), u.UnitID)
	if err != nil {
		return err
	}
	if un.ParentID != nil {
		return fault.New(fault.Forbidden, "scope.deployment_wide", nil)
	}
	return nil
}

// addHoliday adds a day off or a make-up working day; the deadlines it
// moves are recomputed and recorded by the service.
func (s *Server) addHoliday(c *gin.Context) {
	if err := s.deploymentWide(c); err != nil {
		s.adminFailed(c, err)
		return
	}
	e := calendar.Entry{NameVI: strings.TrimSpace(c.PostForm("name_vi")), NameEN: strings.TrimSpace(c.PostForm("name_en")), Source: strings.TrimSpace(c.PostForm("source"))}
	var pr fault.Problems
	if d, err := calendar.ParseDate(isoDay(c.PostForm("date"))); err != nil {
		pr.Add("date", "invalid.date", nil)
	} else {
		e.Date = d
	}
	if err := e.Kind.UnmarshalText([]byte(c.PostForm("kind"))); err != nil {
		pr.Add("kind", "invalid.choice", map[string]any{"Value": c.PostForm("kind")})
	}
	if err := pr.Err(); err != nil {
		s.adminFailed(c, err)
		return
	}
	u, _ := userOf(c)
	if _, _, err := s.Deadlines.ChangeHoliday(c.Request.Context(), u.ID, deadline.HolidayOp{Entry: e}); err != nil {
		s.adminFailed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?done=holiday&year="+strconv.Itoa(e.Date.Year())+"#holidays")
}

// changeRule corrects one rule value, with the reason; the deadlines that
// follow it are recomputed.
func (s *Server) changeRule(c *gin.Context) {
	if err := s.deploymentWide(c); err != nil {
		s.adminFailed(c, err)
		return
	}
	setID, _ := strconv.ParseInt(c.PostForm("set_id"), 10, 64)
	limit, err := strconv.Atoi(strings.TrimSpace(c.PostForm("limit")))
	if err != nil {
		var pr fault.Problems
		pr.Add("limit", "rule.limit_range", nil)
		s.adminFailed(c, pr.Err())
		return
	}
	v := deadline.Value{Key: deadline.Key(c.PostForm("key")), Limit: limit, Unit: calendar.CountUnit(c.PostForm("count_unit")), Source: strings.TrimSpace(c.PostForm("source"))}
	u, _ := userOf(c)
	if _, err := s.Deadlines.ChangeRule(c.Request.Context(), u.ID, setID, v, strings.TrimSpace(c.PostForm("reason"))); err != nil {
		s.adminFailed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?done=rule#rules")
}
