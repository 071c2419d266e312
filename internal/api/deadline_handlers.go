package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
)

// deadlineFilter reads unit_id, handler_id, type and step (comma lists),
// page and per_page.
func (s *Server) deadlineFilter(c *gin.Context) (deadline.Filter, int, int, error) {
	var f deadline.Filter
	sc, err := s.readScope(c)
	if err != nil {
		return f, 0, 0, err
	}
	f.Limit, f.Offset, f.UnitID, f.HandlerID = sc.per, sc.offset(), sc.unitID, sc.handlerID
	types, err := choices(c, "type", petition.Types)
	if err != nil {
		return f, 0, 0, err
	}
	for _, t := range types {
		f.Types = append(f.Types, string(t))
	}
	if f.Steps, err = choices(c, "step", deadline.Steps); err != nil {
		return f, 0, 0, err
	}
	return f, sc.page, sc.per, nil
}

// overdue lists open deadlines past due under a unit, the latest first.
func (s *Server) overdue(c *gin.Context) {
	s.deadlineList(c, func(f deadline.Filter) (deadline.Page, error) { return s.Deadlines.Overdue(c.Request.Context(), f) })
}

// dueSoon lists open deadlines due within ?within= working days (default 3).
func (s *Server) dueSoon(c *gin.Context) {
	within, err := queryWithin(c)
	if err != nil {
		fail(c, err)
		return
	}
	s.deadlineList(c, func(f deadline.Filter) (deadline.Page, error) {
		return s.Deadlines.DueSoon(c.Request.Context(), f, within)
	})
}

// deadlineList reads the list's filter, runs list and renders the page.
func (s *Server) deadlineList(c *gin.Context, list func(deadline.Filter) (deadline.Page, error)) {
	f, page, per, err := s.deadlineFilter(c)
	if err != nil {
		fail(c, err)
		return
	}
	if format := c.Query("format"); format != "" {
		s.exportDeadlines(c, f, format, list)
		return
	}
	res, err := list(f)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, listResponse[deadline.Item]{Items: res.Items, Total: res.Total, Page: page, PerPage: per, TotalCapped: res.TotalCapped})
}

// queryWithin reads ?within=, the due-soon window in working days.
func queryWithin(c *gin.Context) (int, error) {
	n, err := queryInt(c, "within", 3, 0, 60)
	return int(n), err
}

// deadlineCounts gives each unit under unit_id its overdue, due-soon and
// on-time counts, for a leader's tree view.
func (s *Server) deadlineCounts(c *gin.Context) {
	unitID, err := s.unitParam(c)
	if err != nil {
		fail(c, err)
		return
	}
	within, err := queryWithin(c)
	if err != nil {
		fail(c, err)
		return
	}
	counts, err := s.Deadlines.Counts(c.Request.Context(), unitID, within)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": counts, "within": within})
}

func (s *Server) listHolidays(c *gin.Context) {
	year, err := queryInt(c, "year", 0, 0, 9999)
	if err != nil {
		fail(c, err)
		return
	}
	es, err := s.Deadlines.Holidays(c.Request.Context(), int(year))
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": es})
}

// holidayBody is an admin's calendar entry.
type holidayBody struct {
	Date      string `json:"date"`
	Kind      string `json:"kind"`
	NameVI    string `json:"name_vi"`
	NameEN    string `json:"name_en"`
	Source    string `json:"source"`
	UnitID    int64  `json:"unit_id"`
	Tentative bool   `json:"tentative"`
}

func (b holidayBody) entry() (calendar.Entry, error) {
	e := calendar.Entry{NameVI: b.NameVI, NameEN: b.NameEN, Source: b.Source, UnitID: b.UnitID, Tentative: b.Tentative}
	var p fault.Problems
	d, err := calendar.ParseDate(strings.TrimSpace(b.Date))
	if err != nil {
		p.Add("date", "invalid.date", nil)
	}
	e.Date = d
	if err := e.Kind.UnmarshalText([]byte(b.Kind)); err != nil {
		p.Add("kind", "invalid.choice", map[string]any{"Value": b.Kind})
	}
	return e, p.Err()
}

func (s *Server) saveHoliday(c *gin.Context, id int64) {
	var b holidayBody
	if _, err := decode(c, &b); err != nil {
		fail(c, err)
		return
	}
	e, err := b.entry()
	if err != nil {
		fail(c, err)
		return
	}
	e.ID = id
	out, changes, err := s.Deadlines.ChangeHoliday(c.Request.Context(), actorOf(c).ID, deadline.HolidayOp{Entry: e})
	if err != nil {
		fail(c, err)
		return
	}
	code := http.StatusOK
	if id == 0 {
		code = http.StatusCreated
	}
	ok(c, code, gin.H{"holiday": out, "moved_deadlines": nonNilChanges(changes)})
}

func (s *Server) createHoliday(c *gin.Context) { s.saveHoliday(c, 0) }

func (s *Server) updateHoliday(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	s.saveHoliday(c, id)
}

func (s *Server) deleteHoliday(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	_, changes, err := s.Deadlines.ChangeHoliday(c.Request.Context(), actorOf(c).ID, deadline.HolidayOp{Entry: calendar.Entry{ID: id}, Delete: true})
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"moved_deadlines": nonNilChanges(changes)})
}

func (s *Server) listRules(c *gin.Context) {
	sets, err := s.Deadlines.RuleSets(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": sets})
}

// ruleBody is an admin's correction of one rule value, with the reason.
type ruleBody struct {
	Limit  int                `json:"limit"`
	Unit   calendar.CountUnit `json:"count_unit"`
	Source string             `json:"source"`
	Reason string             `json:"reason"`
}

func (s *Server) updateRule(c *gin.Context) {
	setID, err := pathID(c, "set")
	if err != nil {
		fail(c, err)
		return
	}
	var b ruleBody
	if _, err := decode(c, &b); err != nil {
		fail(c, err)
		return
	}
	v := deadline.Value{Key: deadline.Key(c.Param("key")), Limit: b.Limit, Unit: b.Unit, Source: b.Source}
	changes, err := s.Deadlines.ChangeRule(c.Request.Context(), actorOf(c).ID, setID, v, b.Reason)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"moved_deadlines": nonNilChanges(changes)})
}

func nonNilChanges(cs []deadline.Change) []deadline.Change {
	if cs == nil {
		return []deadline.Change{}
	}
	return cs
}
