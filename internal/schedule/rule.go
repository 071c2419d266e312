// Package schedule keeps the heads' reception days (lịch tiếp công dân):
// recurring rules per leader and unit, the sessions they give (moved off
// holidays), the legal minimum each unit must meet, the public schedule
// and its iCalendar feed.
package schedule

import (
	"fmt"
	"strings"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
)

// Kind is how a rule recurs.
type Kind string

const (
	Weekly     Kind = "weekly"      // every given weekday
	MonthlyDay Kind = "monthly_day" // a day of the month; the last day in a shorter month
	MonthlyNth Kind = "monthly_nth" // the nth given weekday of the month (-1: the last)
)

// Rule is a leader's recurring reception day in a unit.
type Rule struct {
	ID       int64        `json:"id"`
	UnitID   int64        `json:"unit_id"`
	LeaderID int64        `json:"leader_id"`
	Kind     Kind         `json:"kind"`
	Weekday  time.Weekday `json:"weekday"`   // Weekly, MonthlyNth: 0 is Sunday
	MonthDay int          `json:"month_day"` // MonthlyDay: 1–31
	Nth      int          `json:"nth"`       // MonthlyNth: 1–5 or -1
	Start    string       `json:"start"`     // HH:MM, Asia/Ho_Chi_Minh
	End      string       `json:"end"`
	Place    string       `json:"place"`
	Topic    string       `json:"topic,omitempty"`
	Active   bool         `json:"active"`
	Created  time.Time    `json:"created_at"`
}

// Validate checks a rule and tidies its text.
func (r *Rule) Validate() error {
	var p fault.Problems
	switch r.Kind {
	case Weekly:
		if r.Weekday < time.Sunday || r.Weekday > time.Saturday {
			p.Add("weekday", "schedule.weekday", nil)
		}
	case MonthlyDay:
		if r.MonthDay < 1 || r.MonthDay > 31 {
			p.Add("month_day", "schedule.month_day", nil)
		}
	case MonthlyNth:
		if r.Weekday < time.Sunday || r.Weekday > time.Saturday {
			p.Add("weekday", "schedule.weekday", nil)
		}
		if r.Nth == 0 || r.Nth < -1 || r.Nth > 5 {
			p.Add("nth", "schedule.nth", nil)
		}
	default:
		p.Add("kind", "schedule.kind", nil)
	}
	validTimes(&p, r.Start, r.End)
	r.Place = strings.TrimSpace(r.Place)
	r.Topic = strings.TrimSpace(r.Topic)
	if r.Place == "" {
		p.Add("place", "invalid.required", nil)
	}
	if len(r.Place) > 500 {
		p.Add("place", "invalid.too_long", map[string]any{"Max": 500})
	}
	if len(r.Topic) > 500 {
		p.Add("topic", "invalid.too_long", map[string]any{"Max": 500})
	}
	if r.LeaderID == 0 {
		p.Add("leader_id", "invalid.required", nil)
	}
	return p.Err()
}

func validTimes(p *fault.Problems, start, end string) {
	s, err1 := clock(start)
	e, err2 := clock(end)
	if err1 != nil {
		p.Add("start", "schedule.time", nil)
	}
	if err2 != nil {
		p.Add("end", "schedule.time", nil)
	}
	if err1 == nil && err2 == nil && e <= s {
		p.Add("end", "schedule.time_order", nil)
	}
}

// clock reads HH:MM as minutes after midnight.
func clock(s string) (int, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("not HH:MM")
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 23 || m > 59 {
		return 0, fmt.Errorf("not HH:MM")
	}
	return h*60 + m, nil
}

// Days returns the days in [from, to] the rule falls on, before any move.
func (r *Rule) Days(from, to calendar.Date) []calendar.Date {
	var out []calendar.Date
	switch r.Kind {
	case Weekly:
		d := from.AddDays((int(r.Weekday) - int(from.Weekday()) + 7) % 7)
		for ; !d.After(to); d = d.AddDays(7) {
			out = append(out, d)
		}
	case MonthlyDay, MonthlyNth:
		y, m, _ := from.Civil()
		for first := calendar.NewDate(y, m, 1); !first.After(to); first = calendar.NewDate(first.Year(), first.Month()+1, 1) {
			d, ok := r.inMonth(first)
			if ok && !d.Before(from) && !d.After(to) {
				out = append(out, d)
			}
		}
	}
	return out
}

// inMonth is the rule's day in the month that starts on first.
func (r *Rule) inMonth(first calendar.Date) (calendar.Date, bool) {
	next := calendar.NewDate(first.Year(), first.Month()+1, 1)
	last := next.AddDays(-1)
	switch r.Kind {
	case MonthlyDay:
		return first.AddDays(min(r.MonthDay, last.Day()) - 1), true
	case MonthlyNth:
		if r.Nth == -1 {
			return last.AddDays(-((int(last.Weekday()) - int(r.Weekday) + 7) % 7)), true
		}
		d := first.AddDays((int(r.Weekday)-int(first.Weekday())+7)%7 + 7*(r.Nth-1))
		return d, d.Before(next)
	}
	return calendar.Date{}, false
}

// Place a nominal day on the calendar: a day off (a holiday such as Tết,
// or a weekend) moves to the next working day. reason names what moved
// it, "" when it did not move.
func Place(cal *calendar.Calendar, nominal calendar.Date) (day calendar.Date, reason string) {
	if cal.IsWorkingDay(nominal) {
		return nominal, ""
	}
	reason = "Nghỉ cuối tuần"
	if e, ok := cal.Entry(nominal); ok {
		reason = e.NameVI
	}
	return cal.NextWorkingDay(nominal), reason
}
