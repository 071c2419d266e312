package api

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/calendar"
	"tiepdan/internal/i18n"
	"tiepdan/internal/schedule"
)

// listReceptionRules: unit_id (the official's own by default).
func (s *Server) listReceptionRules(c *gin.Context) {
	unitID, err := s.unitParam(c)
	if err != nil {
		fail(c, err)
		return
	}
	rules, err := s.Schedule.Rules(c, unitID)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": rules})
}

func (s *Server) createReceptionRule(c *gin.Context) {
	var r schedule.Rule
	if _, err := decode(c, &r); err != nil {
		fail(c, err)
		return
	}
	if err := s.inScope(c, r.UnitID); err != nil {
		fail(c, err)
		return
	}
	out, err := s.Schedule.CreateRule(c, r)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusCreated, out)
}

// endReceptionRule ends a rule; its sessions from today on are cancelled
// with the notice.
func (s *Server) endReceptionRule(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	var body struct {
		Notice string `json:"notice"`
	}
	if _, err := decode(c, &body); err != nil {
		fail(c, err)
		return
	}
	r, err := s.Schedule.Rule(c, id)
	if err == nil {
		err = s.visible(c, r.UnitID)
	}
	if err != nil {
		fail(c, err)
		return
	}
	n, err := s.Schedule.EndRule(c, id, body.Notice)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"cancelled_sessions": n})
}

// listSessions: unit_id, from and to (days; default from today for eight
// weeks).
func (s *Server) listSessions(c *gin.Context) {
	unitID, err := s.unitParam(c)
	if err != nil {
		fail(c, err)
		return
	}
	f := schedule.Filter{UnitID: unitID, From: calendar.Of(s.now()), To: calendar.Of(s.now()).AddDays(56)}
	if f.From, err = queryDate(c, "from", f.From); err != nil {
		fail(c, err)
		return
	}
	if f.To, err = queryDate(c, "to", f.To); err != nil {
		fail(c, err)
		return
	}
	ss, err := s.Schedule.Sessions(c, f)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": ss})
}

// createSession adds a session by hand (tiếp đột xuất).
func (s *Server) createSession(c *gin.Context) {
	var d schedule.Draft
	if _, err := decode(c, &d); err != nil {
		fail(c, err)
		return
	}
	if err := s.inScope(c, d.UnitID); err != nil {
		fail(c, err)
		return
	}
	out, err := s.Schedule.AddSession(c, d)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusCreated, out)
}

func (s *Server) postponeSession(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	var p schedule.Postponement
	if _, err := decode(c, &p); err != nil {
		fail(c, err)
		return
	}
	old, err := s.Schedule.Session(c, id)
	if err == nil {
		err = s.visible(c, old.UnitID)
	}
	if err != nil {
		fail(c, err)
		return
	}
	out, err := s.Schedule.Postpone(c, id, p)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, out)
}

// receptionCompliance: whether a unit's schedule meets its legal minimum
// (unit_id, the official's own by default).
func (s *Server) receptionCompliance(c *gin.Context) {
	unitID, err := queryID(c, "unit_id")
	if err != nil {
		fail(c, err)
		return
	}
	if unitID == 0 {
		unitID = actorOf(c).UnitID
	}
	if err := s.inScope(c, unitID); err != nil {
		fail(c, err)
		return
	}
	out, err := s.Schedule.Compliance(c, unitID)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, out)
}

// publicSchedule is a unit's published reception schedule, for anyone.
func (s *Server) publicSchedule(c *gin.Context) {
	unit, ss, err := s.Schedule.Public(c, c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	type session struct {
		Day         calendar.Date   `json:"day"`
		Start       string          `json:"start"`
		End         string          `json:"end"`
		Place       string          `json:"place"`
		Topic       string          `json:"topic,omitempty"`
		Leader      string          `json:"leader"`
		Status      schedule.Status `json:"status"`
		Notice      string          `json:"notice,omitempty"`
		MovedFrom   *calendar.Date  `json:"moved_from,omitempty"`
		MovedReason string          `json:"moved_reason,omitempty"`
	}
	out := make([]session, 0, len(ss))
	for _, x := range ss {
		v := session{Day: x.Day, Start: x.Start, End: x.End, Place: x.Place, Topic: x.Topic, Leader: x.LeaderName,
			Status: x.Status, Notice: x.Notice, MovedReason: x.MovedReason}
		if x.MovedReason != "" {
			v.MovedFrom = &x.NominalDay
		}
		out = append(out, v)
	}
	c.Header("Cache-Control", "public, max-age=300")
	ok(c, http.StatusOK, gin.H{"unit": gin.H{"code": unit.Code, "name": unit.Name}, "time_zone": schedule.Zone,
		"ics": "/api/v1/public/units/" + unit.Code + "/reception-schedule.ics", "sessions": out})
}

// publicScheduleICS is the same schedule as an iCalendar feed.
func (s *Server) publicScheduleICS(c *gin.Context) {
	unit, ss, err := s.Schedule.Public(c, c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	text := func(k string, p map[string]any) string { return s.Catalog.T(i18n.VI, k, p) }
	var buf bytes.Buffer
	host, _, _ := strings.Cut(c.Request.Host, ":")
	if err := schedule.WriteICS(&buf, host, unit, ss, text, s.now()); err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", buf.Bytes())
}

// queryDate reads an optional yyyy-mm-dd query parameter.
func queryDate(c *gin.Context, name string, def calendar.Date) (calendar.Date, error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return def, nil
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		return def, badParam(name)
	}
	return d, nil
}
