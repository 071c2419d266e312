package calendar_test

import (
	"testing"

	"tiepdan/internal/calendar"
)

// The properties below hold for every start day of 2025–2030 and every
// limit from 0 to 60 on the shipped calendar, and through 2026 on a unit
// whose own entries (all in 2026) sit on top of it.
var propertyRuns = []struct {
	name     string
	cal      func() *calendar.Calendar
	from, to calendar.Date
}{
	{"deployment", shipped, day(2025, 1, 1), day(2031, 1, 1)},
	{"unit 7", func() *calendar.Calendar { return scoped().For(7) }, day(2026, 1, 1), day(2027, 1, 1)},
}

func TestWorkingDayDeadlineProperties(t *testing.T) {
	t.Parallel()
	for _, run := range propertyRuns {
		cal := run.cal()
		for start := run.from; start.Before(run.to); start = start.AddDays(1) {
			prev := start
			for n := 0; n <= 60; n++ {
				got, ex := cal.AddWorkingDays(start, n)
				if n >= 1 && !cal.IsWorkingDay(got) {
					t.Fatalf("AddWorkingDays(%s, %d) = %s, not a working day", start, n, got)
				}
				if n >= 1 && !got.After(prev) {
					t.Fatalf("AddWorkingDays(%s, %d) = %s, not after n-1's %s", start, n, got, prev)
				}
				prev = got
				if between := cal.WorkingDaysBetween(start, got); between != n {
					t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", start, got, between, n)
				}
				// Every day after start up to the result is either counted or
				// listed as skipped: the explanation hides nothing.
				skipped := 0
				for _, d := range ex.Days {
					if !d.Counted {
						skipped++
					}
				}
				if got.Sub(start) != n+skipped {
					t.Fatalf("AddWorkingDays(%s, %d): %d days elapsed, %d counted + %d skipped", start, n, got.Sub(start), n, skipped)
				}
				// Counting back, the working days from the result up to the
				// day before start are the n counted.
				back, _ := cal.AddWorkingDays(start, -n)
				if n >= 1 && (!cal.IsWorkingDay(back) || cal.WorkingDaysBetween(back.AddDays(-1), start.AddDays(-1)) != n) {
					t.Fatalf("AddWorkingDays(%s, %d) = %s", start, -n, back)
				}
			}
		}
	}
}

func TestCalendarDayDeadlineProperties(t *testing.T) {
	t.Parallel()
	for _, run := range propertyRuns {
		cal := run.cal()
		for start := run.from; start.Before(run.to); start = start.AddDays(1) {
			prev := start
			for n := 0; n <= 60; n++ {
				got, ex := cal.AddDays(start, n)
				nominal := start.AddDays(n)
				if !cal.IsWorkingDay(got) {
					t.Fatalf("AddDays(%s, %d) = %s, not a working day", start, n, got)
				}
				if got.Before(nominal) || got.Before(prev) {
					t.Fatalf("AddDays(%s, %d) = %s, before start+n %s or n-1's %s", start, n, got, nominal, prev)
				}
				prev = got
				// Every day from start+n up to the result is listed, and only those.
				if len(ex.Days) != got.Sub(nominal) || (len(ex.Days) > 0) != (ex.Moved != nil) {
					t.Fatalf("AddDays(%s, %d) = %s lists %d days, moved %v", start, n, got, len(ex.Days), ex.Moved)
				}
				for i, d := range ex.Days {
					if d.Date != nominal.AddDays(i) || cal.IsWorkingDay(d.Date) {
						t.Fatalf("AddDays(%s, %d): day %d is %s", start, n, i, d.Date)
					}
				}
			}
		}
	}
}

func TestWorkingDaysBetweenAgreesWithIsWorkingDay(t *testing.T) {
	// The range count uses the entry list; check it against a plain walk.
	cal := scoped().For(7)
	a := day(2025, 12, 20)
	walked := 0
	for b := a; b.Before(day(2027, 1, 10)); b = b.AddDays(1) {
		if b != a && cal.IsWorkingDay(b) {
			walked++
		}
		if got := cal.WorkingDaysBetween(a, b); got != walked {
			t.Fatalf("WorkingDaysBetween(%s, %s) = %d, walking gives %d", a, b, got, walked)
		}
	}
}
