package demo

import (
	"time"

	"tiepdan/internal/vntime"
)

// lunarNewYears are the first days of Tết. The offices close for about a
// week around them; demo data only needs to look right, so the exact
// days off decided each year by the government are not modelled here
// (the deadline rules use the admin's holiday calendar, not this).
var lunarNewYears = [][3]int{
	{2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17},
	{2027, 2, 6}, {2028, 1, 26}, {2029, 2, 13}, {2030, 2, 3},
}

// workday reports whether reception is open on t's day in Vietnam:
// Monday to Friday, except the fixed-date holidays and Tết.
func workday(t time.Time) bool {
	t = t.In(vntime.Zone)
	switch t.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	switch m, d := t.Month(), t.Day(); {
	case m == time.January && d == 1,
		m == time.April && d == 30,
		m == time.May && d == 1,
		m == time.September && (d == 1 || d == 2):
		return false
	}
	day := startOfDay(t)
	for _, y := range lunarNewYears {
		tet := time.Date(y[0], time.Month(y[1]), y[2], 0, 0, 0, 0, vntime.Zone)
		if !day.Before(tet.AddDate(0, 0, -2)) && day.Before(tet.AddDate(0, 0, 5)) {
			return false
		}
	}
	return true
}

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
