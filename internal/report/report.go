// Package report is the periodic report (báo cáo định kỳ) leaders sign:
// visits, petitions carried over and received, and what became of them, for
// a unit alone or with every unit under it, one row per unit below and the
// total. Every petition handled in the period is counted in exactly one
// outcome or as still in progress, so the columns reconcile.
package report

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"tiepdan/internal/org"
)

// Outcome is where a petition handled in the period stood at its end.
type Outcome string

const (
	Guided         Outcome = "guided"
	Answered       Outcome = "answered"
	Filed          Outcome = "filed"
	Forwarded      Outcome = "forwarded"
	Accepted       Outcome = "accepted" // accepted (or suspended), not yet resolved
	ResolvedOnTime Outcome = "resolved_on_time"
	ResolvedLate   Outcome = "resolved_late"
	Withdrawn      Outcome = "withdrawn"
	InProgress     Outcome = "in_progress" // received, not yet classified
)

// Outcomes lists the outcomes in the report's column order.
var Outcomes = []Outcome{Guided, Answered, Filed, Forwarded, Accepted, ResolvedOnTime, ResolvedLate, Withdrawn, InProgress}

// Visits counts the reception logbook.
type Visits struct {
	Total        int `json:"total"`
	Regular      int `json:"regular"`       // thường xuyên
	ByHead       int `json:"by_head"`       // định kỳ, by the head
	AdHoc        int `json:"ad_hoc"`        // đột xuất
	Online       int `json:"online"`        // trực tuyến
	Individual   int `json:"individual"`    // lượt
	Groups       int `json:"groups"`        // đoàn đông người (5 people or more)
	People       int `json:"people"`        // người
	HeadSessions int `json:"head_sessions"` // days the head received citizens
}

// Petitions counts the petitions handled in the period: those carried
// over (received before, still open at its start) and those received in it.
type Petitions struct {
	CarriedOver  int             `json:"carried_over"`
	Received     int             `json:"received"`
	Handled      int             `json:"handled"` // carried over + received
	ByType       map[string]int  `json:"by_type"`
	ByField      map[string]int  `json:"by_field"`
	ByChannel    map[string]int  `json:"by_channel"`
	ByCompetence map[string]int  `json:"by_competence"`
	Outcomes     map[Outcome]int `json:"outcomes"`
	// AwaitingReply: forwarded petitions whose reply had not come by the
	// end of the period (also counted under Forwarded).
	AwaitingReply int `json:"awaiting_reply"`
}

// Row is one unit's line: a unit below the report's unit, with everything
// under it, or the report's unit itself.
type Row struct {
	UnitID    int64     `json:"unit_id"`
	UnitName  string    `json:"unit_name"`
	Visits    Visits    `json:"visits"`
	Petitions Petitions `json:"petitions"`
}

// Report is the whole table.
type Report struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Subtree  bool   `json:"subtree"`
	Period   Period `json:"period"`
	Rows     []Row  `json:"rows"`
	Total    Row    `json:"total"`
}

// Counts are what the store counts for one unit alone.
type Counts struct {
	UnitID    int64
	Visits    Visits
	Petitions Petitions
}

// Query is what the store counts: the units (a subtree or one unit) and
// the period's instants [From, To).
type Query struct {
	UnitID   int64
	Subtree  bool
	From, To time.Time
}

// Store counts petitions and visits.
type Store interface {
	ReportCounts(ctx context.Context, q Query) ([]Counts, error)
}

// Units gives the unit tree.
type Units interface {
	Unit(ctx context.Context, id int64) (*org.Unit, error)
	Units(ctx context.Context) ([]org.Unit, error)
}

// Service builds reports.
type Service struct {
	store Store
	units Units
}

// NewService returns a service over a store and the unit tree.
func NewService(store Store, units Units) *Service { return &Service{store: store, units: units} }

// Build makes the report of a unit (with everything under it when subtree)
// for a period.
func (s *Service) Build(ctx context.Context, unitID int64, subtree bool, p Period) (*Report, error) {
	top, err := s.units.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	all, err := s.units.Units(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := s.store.ReportCounts(ctx, Query{UnitID: unitID, Subtree: subtree, From: p.From.Start(), To: p.To.End()})
	if err != nil {
		return nil, err
	}
	return assemble(top, all, subtree, p, counts), nil
}

// assemble folds each unit's counts into the row of the unit below the
// report's unit it lies under (the report's unit keeps its own row).
func assemble(top *org.Unit, all []org.Unit, subtree bool, p Period, counts []Counts) *Report {
	r := &Report{UnitID: top.ID, UnitName: top.Name, Subtree: subtree, Period: p}
	rows := map[int64]*Row{top.ID: newRow(top.ID, top.Name)}
	order := []int64{top.ID}
	rowOf := map[int64]int64{top.ID: top.ID}
	if subtree {
		for _, u := range all {
			if u.ParentID != nil && *u.ParentID == top.ID {
				rows[u.ID] = newRow(u.ID, u.Name)
				order = append(order, u.ID)
			}
		}
		for _, u := range all {
			if !strings.HasPrefix(u.Path, top.Path) || u.ID == top.ID {
				continue
			}
			// The first id after the report unit's in the path is the
			// unit below it that this one lies under.
			rest := strings.Split(strings.Trim(strings.TrimPrefix(u.Path, top.Path), "/"), "/")
			if below, err := strconv.ParseInt(rest[0], 10, 64); err == nil {
				rowOf[u.ID] = below
			}
		}
	}
	r.Total = *newRow(0, "")
	for _, c := range counts {
		row := rows[rowOf[c.UnitID]]
		if row == nil {
			continue
		}
		row.add(c)
		r.Total.add(c)
	}
	sort.SliceStable(order[1:], func(i, j int) bool { return rows[order[1+i]].UnitName < rows[order[1+j]].UnitName })
	for _, id := range order {
		r.Rows = append(r.Rows, *rows[id])
	}
	return r
}

func newRow(id int64, name string) *Row {
	return &Row{UnitID: id, UnitName: name, Petitions: Petitions{
		ByType: map[string]int{}, ByField: map[string]int{}, ByChannel: map[string]int{},
		ByCompetence: map[string]int{}, Outcomes: map[Outcome]int{},
	}}
}

func (r *Row) add(c Counts) {
	v := &r.Visits
	v.Total += c.Visits.Total
	v.Regular += c.Visits.Regular
	v.ByHead += c.Visits.ByHead
	v.AdHoc += c.Visits.AdHoc
	v.Online += c.Visits.Online
	v.Individual += c.Visits.Individual
	v.Groups += c.Visits.Groups
	v.People += c.Visits.People
	v.HeadSessions += c.Visits.HeadSessions
	p, q := &r.Petitions, c.Petitions
	p.CarriedOver += q.CarriedOver
	p.Received += q.Received
	p.Handled += q.CarriedOver + q.Received
	p.AwaitingReply += q.AwaitingReply
	merge(p.ByType, q.ByType)
	merge(p.ByField, q.ByField)
	merge(p.ByChannel, q.ByChannel)
	merge(p.ByCompetence, q.ByCompetence)
	for o, n := range q.Outcomes {
		if n != 0 {
			p.Outcomes[o] += n
		}
	}
}

// merge adds counts, leaving out values nobody has.
func merge(into, from map[string]int) {
	for k, n := range from {
		if n != 0 {
			into[k] += n
		}
	}
}
