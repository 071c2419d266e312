package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/deadline"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/report"
	"tiepdan/internal/vntime"
)

// dueSoonDays is the dashboard's due-soon window, in working days.
const dueSoonDays = 3

// unitNode is a unit of the drillable tree with the open deadlines of
// everything under it.
type unitNode struct {
	Unit     org.Unit
	Overdue  int
	DueSoon  int
	OnTime   int
	HasBelow bool
}

// bar is one bar of a server-drawn chart.
type bar struct {
	Label string
	Value int
	Width int // px of the longest bar's 100%
	Y     int
}

type chart struct {
	Bars   []bar
	Height int
}

type dashboardData struct {
	Unit       org.Unit
	Trail      []org.Unit // from the official's unit down to this one
	Self       unitNode
	Children   []unitNode
	Overdue    []deadline.Item
	DueSoon    []deadline.Item
	Period     string
	OnTimeRate int // percent; -1 when nothing was resolved
	Resolved   int
	ByOutcome  chart
	ByType     chart
	Within     int
	Calendar   *receptionCalendar
}

// dashboard is the leader's view: open deadlines by unit as a tree to
// drill into, the overdue and due-soon lists, the on-time rate and the
// year's petitions by outcome and type.
func (s *Server) dashboard(c *gin.Context) {
	u, _ := userOf(c)
	unitID, _ := strconv.ParseInt(c.Query("unit"), 10, 64)
	if unitID <= 0 {
		unitID = u.UnitID
	}
	if err := s.visible(c, unitID); err != nil {
		s.failErr(c, err)
		return
	}
	units, err := s.OrgStore.Units(c.Request.Context())
	if err != nil {
		s.failErr(c, err)
		return
	}
	byID := map[int64]org.Unit{}
	for _, un := range units {
		byID[un.ID] = un
	}
	top, ok := byID[unitID]
	if !ok {
		s.fail(c, http.StatusNotFound, "not_found")
		return
	}
	counts, err := s.Deadlines.Counts(c.Request.Context(), unitID, dueSoonDays)
	if err != nil {
		s.failErr(c, err)
		return
	}
	d := &dashboardData{Unit: top, Within: dueSoonDays}
	for id := unitID; ; {
		un := byID[id]
		d.Trail = append([]org.Unit{un}, d.Trail...)
		if id == u.UnitID || un.ParentID == nil {
			break
		}
		id = *un.ParentID
	}
	d.Self = unitNode{Unit: top}
	children := map[int64]*unitNode{}
	var order []int64
	for _, un := range units {
		if un.ParentID != nil && *un.ParentID == unitID {
			children[un.ID] = &unitNode{Unit: un}
			order = append(order, un.ID)
		}
	}
	for _, un := range units {
		if un.ParentID != nil && children[*un.ParentID] != nil {
			children[*un.ParentID].HasBelow = true
		}
	}
	for _, ct := range counts {
		d.Self.Overdue += ct.Overdue
		d.Self.DueSoon += ct.DueSoon
		d.Self.OnTime += ct.OnTime
		if n := childOf(byID, ct.UnitID, unitID, children); n != nil {
			n.Overdue += ct.Overdue
			n.DueSoon += ct.DueSoon
			n.OnTime += ct.OnTime
		}
	}
	for _, id := range order {
		d.Children = append(d.Children, *children[id])
	}
	sort.SliceStable(d.Children, func(i, j int) bool { return d.Children[i].Overdue > d.Children[j].Overdue })

	scoped := unitID
	if all, err := s.Org.Everything(c.Request.Context(), unitID); err == nil && all {
		scoped = 0
	}
	if res, err := s.Deadlines.Overdue(c.Request.Context(), deadline.Filter{UnitID: scoped, Limit: 10}); err == nil {
		d.Overdue = res.Items
	} else {
		s.failErr(c, err)
		return
	}
	if res, err := s.Deadlines.DueSoon(c.Request.Context(), deadline.Filter{UnitID: scoped, Limit: 10}, dueSoonDays); err == nil {
		d.DueSoon = res.Items
	} else {
		s.failErr(c, err)
		return
	}
	p := s.newPage(c, "dashboard", "web.dashboard.title")
	year := s.Now().In(vntime.Zone).Year()
	period, _ := report.ParsePeriod(strconv.Itoa(year), "", "")
	r, err := s.Reports.Build(c.Request.Context(), unitID, true, period)
	if err != nil {
		s.failErr(c, err)
		return
	}
	d.Period = strconv.Itoa(year)
	out := r.Total.Petitions.Outcomes
	d.Resolved = out[report.ResolvedOnTime] + out[report.ResolvedLate]
	d.OnTimeRate = -1
	if d.Resolved > 0 {
		d.OnTimeRate = out[report.ResolvedOnTime] * 100 / d.Resolved
	}
	d.ByOutcome, d.ByType = totalCharts(p, r.Total.Petitions)
	if d.Calendar, err = s.receptionCalendar(c, top, units); err != nil {
		s.failErr(c, err)
		return
	}
	p.Data = d
	s.render(c, http.StatusOK, "dashboard", p)
}

// childOf is the node of the child of top that unit lies under, or nil
// for top itself.
func childOf(byID map[int64]org.Unit, unit, top int64, children map[int64]*unitNode) *unitNode {
	for id := unit; id != top; {
		if n := children[id]; n != nil {
			return n
		}
		un, ok := byID[id]
		if !ok || un.ParentID == nil {
			return nil
		}
		id = *un.ParentID
	}
	return nil
}

// totalCharts draws a report's petitions by outcome and by type.
func totalCharts(p *page, t report.Petitions) (byOutcome, byType chart) {
	var outcomes, types []bar
	for _, o := range report.Outcomes {
		outcomes = append(outcomes, bar{Label: p.T(fmt.Sprintf("web.outcome.%s", o)), Value: t.Outcomes[o]})
	}
	for _, ty := range petition.Types {
		types = append(types, bar{Label: p.L("type", ty), Value: t.ByType[string(ty)]})
	}
	return barChart(outcomes), barChart(types)
}

// chartWidth is the length in px of the longest bar.
const chartWidth = 260

func barChart(bars []bar) chart {
	max := 0
	for _, b := range bars {
		max = mx(max, b.Value)
	}
	for i := range bars {
		if max > 0 {
			bars[i].Width = bars[i].Value * chartWidth / max
		}
		bars[i].Y = i * 26
	}
	return chart{Bars: bars, Height: len(bars) * 26}
}

func mx(a, b int) int {
	if a > b {
		return a
	}
	return b
}

type reportData struct {
	Report  *report.Report
	Period  string
	Periods []string
	Unit    int64
	Units   []org.Unit
	XLSX    string
	Types   []petition.Type
	Outcome []report.Outcome

	ByOutcome, ByType chart
}

// reports is the periodic report of a unit with everything under it, and
// its workbook from the API.
func (s *Server) reports(c *gin.Context) {
	u, _ := userOf(c)
	year := s.Now().In(vntime.Zone).Year()
	period := c.DefaultQuery("period", strconv.Itoa(year))
	unitID, _ := strconv.ParseInt(c.Query("unit"), 10, 64)
	if unitID <= 0 {
		unitID = u.UnitID
	}
	if err := s.visible(c, unitID); err != nil {
		s.failErr(c, err)
		return
	}
	pr, err := report.ParsePeriod(period, "", "")
	if err != nil {
		s.failErr(c, err)
		return
	}
	r, err := s.Reports.Build(c.Request.Context(), unitID, true, pr)
	if err != nil {
		s.failErr(c, err)
		return
	}
	d := &reportData{Report: r, Period: period, Unit: unitID, Types: petition.Types, Outcome: report.Outcomes,
		XLSX: "/api/v1/reports?format=xlsx&unit_id=" + strconv.FormatInt(unitID, 10) + "&period=" + period}
	for _, y := range []int{year, year - 1} {
		ys := strconv.Itoa(y)
		d.Periods = append(d.Periods, ys, ys+"-Q1", ys+"-Q2", ys+"-Q3", ys+"-Q4", ys+"-H1", ys+"-9M")
	}
	if _, d.Units, err = s.units(c); err != nil {
		s.failErr(c, err)
		return
	}
	p := s.newPage(c, "reports", "web.reports.title")
	d.ByOutcome, d.ByType = totalCharts(p, r.Total.Petitions)
	p.Data = d
	s.render(c, http.StatusOK, "reports", p)
}

// Period words a report period code ("2026-Q1") in the user's language.
func (p *page) Period(code string) string {
	y, part, _ := strings.Cut(code, "-")
	if part == "" {
		return p.T("web.period.year", "Year", y)
	}
	return p.T(fmt.Sprintf("web.period.%s", strings.ToLower(part)), "Year", y)
}
