package demo

import (
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/vntime"
)

// demoCalendar is the shipped holiday calendar the demo's office days
// follow (the deployment's own, editable copy is in the database).
var demoCalendar = calendar.New(calendar.DefaultEntries(2020, 2040))

// workday reports whether reception is open on t's day in Vietnam.
func workday(t time.Time) bool { return demoCalendar.IsWorkingDay(calendar.Of(t)) }

// startOfDay is midnight in Vietnam of t's day.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.In(vntime.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, vntime.Zone)
}

// workdays lists the working days from from's day to to's day, inclusive.
func workdays(from, to time.Time) []time.Time {
	var out []time.Time
	for d := startOfDay(from); !d.After(to); d = d.AddDate(0, 0, 1) {
		if workday(d) {
			out = append(out, d)
		}
	}
	return out
}

// officeTime is a moment in the office hours of day: 07:30–11:30 and
// 13:30–17:00, mornings busier as at any reception office.
func (g *gen) officeTime(day time.Time) time.Time {
	min := 7*60 + 30 + g.r.IntN(4*60)
	if g.chance(0.4) {
		min = 13*60 + 30 + g.r.IntN(3*60+30)
	}
	return day.Add(time.Duration(min)*time.Minute + time.Duration(g.r.IntN(60))*time.Second)
}

// later is a moment n working days after t, in office hours; with n = 0
// it is later the same day, or the next working day if the office has
// closed by then.
func (g *gen) later(t time.Time, n int) time.Time {
	if n == 0 {
		u := t.Add(time.Duration(g.between(10, 90)) * time.Minute)
		if h := u.In(vntime.Zone).Hour(); h < 17 {
			return u
		}
		n = 1
	}
	d := startOfDay(t)
	for i := 0; i < n; {
		d = d.AddDate(0, 0, 1)
		if workday(d) {
			i++
		}
	}
	return g.officeTime(d)
}
