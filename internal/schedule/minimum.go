package schedule

import (
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/org"
)

// Minimum is how often a unit's head must receive citizens, from the rule
// set in force: a commune's chairman weekly, every other head monthly.
type Minimum struct {
	Days   int                `json:"days"`
	Per    calendar.CountUnit `json:"per"` // week or month
	Source string             `json:"source"`
}

// MinimumFor returns the minimum for a unit's level.
func MinimumFor(set *deadline.Set, level org.Level) (Minimum, bool) {
	key := deadline.KeyReceptionOther
	if level == org.LevelCommune {
		key = deadline.KeyReceptionCommune
	}
	v, ok := set.Value(key)
	if !ok {
		return Minimum{}, false
	}
	return Minimum{Days: v.Limit, Per: v.Unit, Source: v.Source}, true
}

// Period is one week or month checked, with the reception days found in it.
type Period struct {
	From calendar.Date `json:"from"`
	To   calendar.Date `json:"to"`
	Days int           `json:"days"`
}

// Compliance is whether a unit's rules meet the minimum over the coming
// periods: the next eight weeks (from the coming Monday) or the next two
// calendar months.
type Compliance struct {
	UnitID  int64    `json:"unit_id"`
	Minimum Minimum  `json:"minimum"`
	Periods []Period `json:"periods"`
	Short   []Period `json:"short"` // the periods below the minimum
	Meets   bool     `json:"meets"`
}

// Check projects a unit's active rules onto the calendar from today and
// counts the distinct reception days in each period. Sessions added by
// hand do not count: the minimum is of periodic reception.
func Check(cal *calendar.Calendar, rules []Rule, min Minimum, unitID int64, today calendar.Date) Compliance {
	c := Compliance{UnitID: unitID, Minimum: min, Periods: []Period{}, Short: []Period{}}
	if min.Per == deadline.PerWeek {
		monday := today.AddDays((int(time.Monday) - int(today.Weekday()) + 7) % 7)
		for i := range 8 {
			from := monday.AddDays(7 * i)
			c.Periods = append(c.Periods, Period{From: from, To: from.AddDays(6)})
		}
	} else {
		first := calendar.NewDate(today.Year(), today.Month()+1, 1)
		for range 2 {
			next := calendar.NewDate(first.Year(), first.Month()+1, 1)
			c.Periods = append(c.Periods, Period{From: first, To: next.AddDays(-1)})
			first = next
		}
	}
	for i := range c.Periods {
		p := &c.Periods[i]
		if !hasWorkingDay(cal, p.From, p.To) {
			continue // a week of Tết holidays: nobody can receive in it
		}
		days := map[calendar.Date]bool{}
		for _, r := range rules {
			if !r.Active {
				continue
			}
			// A day moved off a holiday may leave its period, and one from
			// just before may enter it: place a week around it too.
			for _, n := range r.Days(p.From.AddDays(-14), p.To) {
				d, _ := Place(cal, n)
				if !d.Before(p.From) && !d.After(p.To) {
					days[d] = true
				}
			}
		}
		p.Days = len(days)
		if p.Days < min.Days {
			c.Short = append(c.Short, *p)
		}
	}
	c.Meets = len(c.Short) == 0
	return c
}

func hasWorkingDay(cal *calendar.Calendar, from, to calendar.Date) bool {
	for d := from; !d.After(to); d = d.AddDays(1) {
		if cal.IsWorkingDay(d) {
			return true
		}
	}
	return false
}
