package deadline

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
)

// Item is a deadline in a list, with what a leader needs to see of its
// petition.
type Item struct {
	Deadline
	PetitionCode   string `json:"petition_code"`
	PetitionNumber string `json:"petition_number"`
	Summary        string `json:"summary"`
	Type           string `json:"type"`
	State          string `json:"state"`
	HandlerID      *int64 `json:"handler_id,omitempty"`
	UnitName       string `json:"unit_name"`
	// Late is how many working days past due (overdue lists); Left, how
	// many working days remain (due-soon lists).
	Late int `json:"late_working_days,omitempty"`
	Left int `json:"left_working_days"`
}

// Filter selects open deadlines.
type Filter struct {
	UnitID    int64 // the unit and everything under it; 0 for all
	HandlerID int64
	Types     []string
	Steps     []Step
	DueBefore *calendar.Date // exclusive
	DueFrom   *calendar.Date // inclusive
	DueTo     *calendar.Date // inclusive
	Limit     int
	Offset    int
}

// Page is one page of a deadline list.
type Page struct {
	Items []Item `json:"items"`
	Total int    `json:"total"`
	// TotalCapped: the list stopped counting at Total; there are more.
	TotalCapped bool `json:"total_capped,omitempty"`
}

// UnitCount is one unit's open deadlines by urgency.
type UnitCount struct {
	UnitID  int64 `json:"unit_id"`
	Overdue int   `json:"overdue"`
	DueSoon int   `json:"due_soon"`
	OnTime  int   `json:"on_time"`
}

// Change is a deadline moved by a calendar or rule change, for the
// petition's history.
type Change struct {
	DeadlineID int64         `json:"deadline_id"`
	Step       Step          `json:"step"`
	From       calendar.Date `json:"from"`
	To         calendar.Date `json:"to"`
	Cause      string        `json:"cause"` // "calendar" or "rule"
}

// Recompute is given the calendar entries and rule sets after a change and
// the live deadlines it may move, and returns those it moved.
type Recompute func(entries []calendar.Entry, sets []Set, live []Deadline) []Deadline

// HolidayOp is one admin change to the calendar: add (ID 0), change or,
// with Delete, remove an entry.
type HolidayOp struct {
	Entry  calendar.Entry
	Delete bool
}

// Store keeps rules, the calendar and deadline lists.
type Store interface {
	RulesRevision(ctx context.Context) (int64, error)
	RuleSets(ctx context.Context) ([]Set, error)
	CalendarEntries(ctx context.Context) ([]calendar.Entry, error)
	Deadlines(ctx context.Context, f Filter) (Page, error)
	CountByUnit(ctx context.Context, unitID int64, today, soon calendar.Date) ([]UnitCount, error)
	// ChangeHoliday applies op and, in the same transaction, recomputes
	// the live deadlines of the affected units and records each move in
	// its petition's history.
	ChangeHoliday(ctx context.Context, op HolidayOp, actorID int64, at time.Time, r Recompute) (calendar.Entry, []Change, error)
	// ChangeRule sets a rule value, records who changed it and why, and
	// recomputes the live deadlines that follow it.
	ChangeRule(ctx context.Context, setID int64, v Value, reason string, actorID int64, at time.Time, r Recompute) ([]Change, error)
}

// Service is the deadlines an official sees and the calendar and rules an
// admin keeps.
type Service struct {
	store Store
	now   func() time.Time

	mu    sync.Mutex
	cal   *calendar.Calendar // built at revision calAt of the rules
	calAt int64
}

// NewService returns a service over store; now is the clock.
func NewService(store Store, now func() time.Time) *Service {
	return &Service{store: store, now: now}
}

// calendar is built once per revision of the rules, as lists need it on
// every request and admins change it rarely.
func (s *Service) calendar(ctx context.Context) (*calendar.Calendar, error) {
	rev, err := s.store.RulesRevision(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.cal != nil && s.calAt == rev {
		defer s.mu.Unlock()
		return s.cal, nil
	}
	s.mu.Unlock()
	entries, err := s.store.CalendarEntries(ctx)
	if err != nil {
		return nil, err
	}
	cal := calendar.New(entries)
	s.mu.Lock()
	s.cal, s.calAt = cal, rev
	s.mu.Unlock()
	return cal, nil
}

// Overdue lists open deadlines past their due day, the latest first.
func (s *Service) Overdue(ctx context.Context, f Filter) (Page, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return Page{}, err
	}
	today := calendar.Of(s.now())
	f.DueBefore = &today
	page, err := s.store.Deadlines(ctx, limits(f))
	for i := range page.Items {
		it := &page.Items[i]
		it.Late = cal.For(it.UnitID).WorkingDaysBetween(it.Due, today)
	}
	return page, err
}

// DueSoon lists open deadlines due from today to within working days ahead.
func (s *Service) DueSoon(ctx context.Context, f Filter, within int) (Page, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return Page{}, err
	}
	today := calendar.Of(s.now())
	soon, _ := cal.AddWorkingDays(today, within)
	f.DueFrom, f.DueTo = &today, &soon
	page, err := s.store.Deadlines(ctx, limits(f))
	for i := range page.Items {
		it := &page.Items[i]
		it.Left = cal.For(it.UnitID).WorkingDaysBetween(today, it.Due)
	}
	return page, err
}

// Counts returns, per unit under unitID, its open deadlines overdue, due
// within `within` working days, and on time.
func (s *Service) Counts(ctx context.Context, unitID int64, within int) ([]UnitCount, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := calendar.Of(s.now())
	soon, _ := cal.AddWorkingDays(today, within)
	return s.store.CountByUnit(ctx, unitID, today, soon)
}

func limits(f Filter) Filter {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	return f
}

// Holidays returns the calendar entries, optionally of one year.
func (s *Service) Holidays(ctx context.Context, year int) ([]calendar.Entry, error) {
	all, err := s.store.CalendarEntries(ctx)
	if err != nil || year == 0 {
		return all, err
	}
	out := []calendar.Entry{}
	for _, e := range all {
		if e.Date.Year() == year {
			out = append(out, e)
		}
	}
	return out, nil
}

// ChangeHoliday validates and applies an admin's change to the calendar,
// then recomputes the open deadlines it affects.
func (s *Service) ChangeHoliday(ctx context.Context, actorID int64, op HolidayOp) (calendar.Entry, []Change, error) {
	if !op.Delete {
		op.Entry.NameVI = strings.TrimSpace(op.Entry.NameVI)
		op.Entry.NameEN = strings.TrimSpace(op.Entry.NameEN)
		op.Entry.Source = strings.TrimSpace(op.Entry.Source)
		if op.Entry.NameEN == "" {
			op.Entry.NameEN = op.Entry.NameVI
		}
		if err := calendar.Validate([]calendar.Entry{op.Entry}); err != nil {
			return calendar.Entry{}, nil, oneEntry(err)
		}
	}
	return s.store.ChangeHoliday(ctx, op, actorID, s.now(), RecomputeAll)
}

// ChangeRule validates and applies an admin's correction of a rule value.
func (s *Service) ChangeRule(ctx context.Context, actorID, setID int64, v Value, reason string) ([]Change, error) {
	if err := ValidateValue(&v, reason); err != nil {
		return nil, err
	}
	sets, err := s.store.RuleSets(ctx)
	if err != nil {
		return nil, err
	}
	var set *Set
	for i := range sets {
		if sets[i].ID == setID {
			set = &sets[i]
		}
	}
	if set == nil {
		return nil, fault.New(fault.NotFound, "rule.unknown", nil)
	}
	if _, ok := set.Values[v.Key]; !ok {
		return nil, fault.New(fault.NotFound, "rule.unknown", nil)
	}
	return s.store.ChangeRule(ctx, setID, v, strings.TrimSpace(reason), actorID, s.now(), RecomputeAll)
}

// RuleSets returns the rule sets with their values.
func (s *Service) RuleSets(ctx context.Context) ([]Set, error) { return s.store.RuleSets(ctx) }

// RecomputeAll computes the live deadlines again over the given calendar
// and rules and returns those whose due day moved.
func RecomputeAll(entries []calendar.Entry, sets []Set, live []Deadline) []Deadline {
	pl := &Planner{Sets: sets, Calendar: calendar.New(entries)}
	var out []Deadline
	for _, d := range live {
		if nd, changed := pl.Recompute(d); changed {
			out = append(out, nd)
		}
	}
	return out
}

// oneEntry names the problems of a single entry by its own fields
// ("name_vi", not "entries[0].name_vi").
func oneEntry(err error) error {
	var fe *fault.Error
	if !errors.As(err, &fe) || len(fe.Problems) == 0 {
		return err
	}
	var p fault.Problems
	for _, q := range fe.Problems {
		p.Add(strings.TrimPrefix(q.Field, "entries[0]."), q.Key, q.Params)
	}
	return p.Err()
}
