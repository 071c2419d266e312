package calendar

import (
	"slices"
	"time"
)

// Calendar answers "is this a working day?" for the deployment or for one
// unit. It never changes after New, so one value can serve every request
// at once; a new holiday list means a new Calendar.
type Calendar struct {
	unitID int64
	// days holds the entry in force on each listed day for this view.
	days map[Date]Entry
	// dates lists the keys of days in order, for counting over ranges
	// without walking them day by day.
	dates []Date
	// units holds the precomputed view of each unit that has entries of its
	// own; only the deployment calendar fills it.
	units map[int64]*Calendar
	// root is the deployment calendar a unit view came from (nil on it).
	root *Calendar
}

// New builds the deployment calendar from entries. Deployment entries
// (UnitID 0) apply everywhere; a unit's entries replace the deployment's on
// the same day for that unit only. When two entries share a day and a scope
// the later one wins; call Validate first to refuse that instead.
func New(entries []Entry) *Calendar {
	base := map[Date]Entry{}
	perUnit := map[int64]map[Date]Entry{}
	for _, e := range entries {
		if e.UnitID == 0 {
			base[e.Date] = e
			continue
		}
		if perUnit[e.UnitID] == nil {
			perUnit[e.UnitID] = map[Date]Entry{}
		}
		perUnit[e.UnitID][e.Date] = e
	}
	root := newView(0, base)
	root.units = make(map[int64]*Calendar, len(perUnit))
	for unit, own := range perUnit {
		merged := make(map[Date]Entry, len(base)+len(own))
		for d, e := range base {
			merged[d] = e
		}
		for d, e := range own {
			merged[d] = e
		}
		v := newView(unit, merged)
		v.root = root
		root.units[unit] = v
	}
	return root
}

func newView(unitID int64, days map[Date]Entry) *Calendar {
	dates := make([]Date, 0, len(days))
	for d := range days {
		dates = append(dates, d)
	}
	slices.SortFunc(dates, Date.Compare)
	return &Calendar{unitID: unitID, days: days, dates: dates}
}

// For returns the calendar that applies to a unit: the deployment's
// entries with the unit's own on top. For(0) is the deployment calendar.
// It may be called on any view; it always starts from the deployment.
func (c *Calendar) For(unitID int64) *Calendar {
	root := c
	if c.root != nil {
		root = c.root
	}
	if unitID == 0 {
		return root
	}
	if v, ok := root.units[unitID]; ok {
		return v
	}
	// A unit without entries of its own follows the deployment; the view
	// still carries its id so explanations name the calendar asked for.
	return &Calendar{unitID: unitID, days: root.days, dates: root.dates, root: root}
}

// UnitID is the unit this view is for; 0 is the whole deployment.
func (c *Calendar) UnitID() int64 { return c.unitID }

// Entries returns the entries in force in this view, in date order.
func (c *Calendar) Entries() []Entry {
	out := make([]Entry, 0, len(c.dates))
	for _, d := range c.dates {
		out = append(out, c.days[d])
	}
	return out
}

// Entry returns the entry in force on d, if any.
func (c *Calendar) Entry(d Date) (Entry, bool) {
	e, ok := c.days[d]
	return e, ok
}

// IsWorkingDay reports whether the office works on d: Monday to Friday
// unless a holiday, or any day marked as a make-up working day. Civil
// servants work a five-day week, so Saturday is a day off like Sunday.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if e, ok := c.days[d]; ok {
		return e.Kind == MakeUpWorkday
	}
	return isWeekday(d)
}

// NextWorkingDay returns the first working day strictly after d: the day a
// count starting on d opens with, since d itself is never counted.
//
// Every walk ends: entries are finite, and past the last one a weekday is
// at most two days away.
func (c *Calendar) NextWorkingDay(d Date) Date {
	for d = d.AddDays(1); !c.IsWorkingDay(d); d = d.AddDays(1) {
	}
	return d
}

// WorkingDaysBetween counts the working days after a up to and including b:
// how many working days a limit due on a is overdue on b, or how many
// remain from a until a deadline b. It is negative when b is before a, so
// "remaining" turns into "overdue" without a special case.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	n := weekdaysBetween(a, b)
	// Only listed days can differ from the weekday rule; look at those in
	// (a, b] rather than walking every day.
	i, _ := slices.BinarySearchFunc(c.dates, a.AddDays(1), Date.Compare)
	for ; i < len(c.dates) && !c.dates[i].After(b); i++ {
		d := c.dates[i]
		switch working := c.days[d].Kind == MakeUpWorkday; {
		case working && !isWeekday(d):
			n++
		case !working && isWeekday(d):
			n--
		}
	}
	return n
}

func isWeekday(d Date) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// weekdaysBetween counts Mondays to Fridays in (a, b], for a ≤ b.
func weekdaysBetween(a, b Date) int {
	days := b.Sub(a)
	n := days / 7 * 5 // every whole week holds five
	for d := a.AddDays(days / 7 * 7); d.Before(b); {
		d = d.AddDays(1)
		if isWeekday(d) {
			n++
		}
	}
	return n
}
