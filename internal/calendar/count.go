package calendar

import "slices"

// AddWorkingDays returns the n-th working day after start, the last day of
// a limit of n working days for an event on start. The event day never
// counts (Bộ luật Dân sự, Điều 147 khoản 3), so a petition received on a
// Friday with a 1-working-day limit is due the next Monday.
//
// n = 0 gives start itself. n < 0 counts back: the |n|-th working day
// before start, for duties due "at least n working days before" an event.
func (c *Calendar) AddWorkingDays(start Date, n int) (Date, Explanation) {
	step, left := 1, n
	if n < 0 {
		step, left = -1, -n
	}
	// About two weekend days per five counted, plus a few holidays: sized
	// once so the common case does not regrow the list.
	ex := Explanation{UnitID: c.unitID, Start: start, CountUnit: WorkingDays, N: n,
		Days: make([]DayNote, 0, left/2+4)}
	d := start
	for left > 0 {
		d = d.AddDays(step)
		working, note, notable := c.classify(d)
		if working {
			left--
		}
		if notable {
			ex.Days = append(ex.Days, note)
		}
	}
	if step < 0 {
		slices.Reverse(ex.Days)
	}
	ex.Result = d
	return d, ex
}

// AddDays returns the last day of a limit of n calendar days for an event
// on start: start + n, or, when that day is a weekend day or a holiday, the
// next working day (Bộ luật Dân sự, Điều 148 khoản 5). Holidays inside the
// period count like any other day; only the end moves.
//
// n < 0 counts back and moves an end that is not a working day to the
// previous working day, so a duty due "at least n days before" an event is
// never placed later than the law allows. (Điều 148 speaks of limits
// running forward; moving back is this package's reading for the reverse.)
func (c *Calendar) AddDays(start Date, n int) (Date, Explanation) {
	ex := Explanation{UnitID: c.unitID, Start: start, CountUnit: CalendarDays, N: n, Days: []DayNote{}}
	step := 1
	if n < 0 {
		step = -1
	}
	nominal := start.AddDays(n)
	d := nominal
	for {
		working, note, _ := c.classify(d) // a day that is not working always has a note
		if working {
			break
		}
		ex.Days = append(ex.Days, note)
		d = d.AddDays(step)
	}
	if d != nominal {
		first := ex.Days[0]
		ex.Moved = &Move{From: nominal, To: d, Reason: first.Reason, Entry: first.Entry}
	}
	if step < 0 {
		slices.Reverse(ex.Days)
	}
	ex.Result = d
	return d, ex
}
