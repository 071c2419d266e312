package report

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
)

// Period is the days a report covers, both included, in Vietnam.
type Period struct {
	From  calendar.Date `json:"from"`
	To    calendar.Date `json:"to"`
	Label string        `json:"label"` // "Quý I năm 2026", "Năm 2014", …
}

var periodRE = regexp.MustCompile(`^(\d{4})(?:-(Q[1-4]|H1|9M|0[1-9]|1[0-2]))?$`)

// ParsePeriod reads the periods of the reporting calendar: "2026" (the
// year), "2026-Q2" (a quarter), "2026-H1" (six months), "2026-9M" (nine
// months), "2026-07" (a month); or, with from and to (yyyy-mm-dd), any
// range.
func ParsePeriod(period, from, to string) (Period, error) {
	if period == "" {
		f, err1 := calendar.ParseDate(from)
		t, err2 := calendar.ParseDate(to)
		if err1 != nil || err2 != nil || t.Before(f) {
			return Period{}, invalid("period", "report.period")
		}
		return Period{From: f, To: t, Label: fmt.Sprintf("Từ ngày %s đến ngày %s", dmy(f), dmy(t))}, nil
	}
	m := periodRE.FindStringSubmatch(period)
	if m == nil {
		return Period{}, invalid("period", "report.period")
	}
	y, _ := strconv.Atoi(m[1])
	first := func(month int) calendar.Date { return calendar.NewDate(y, time.Month(month), 1) }
	last := func(month int) calendar.Date { return calendar.NewDate(y, time.Month(month)+1, 1).AddDays(-1) }
	switch s := m[2]; {
	case s == "":
		return Period{From: first(1), To: last(12), Label: fmt.Sprintf("Năm %d", y)}, nil
	case s == "H1":
		return Period{From: first(1), To: last(6), Label: fmt.Sprintf("6 tháng đầu năm %d", y)}, nil
	case s == "9M":
		return Period{From: first(1), To: last(9), Label: fmt.Sprintf("9 tháng đầu năm %d", y)}, nil
	case s[0] == 'Q':
		q := int(s[1] - '0')
		return Period{From: first(3*q - 2), To: last(3 * q), Label: fmt.Sprintf("Quý %s năm %d", []string{"I", "II", "III", "IV"}[q-1], y)}, nil
	default:
		mo, _ := strconv.Atoi(s)
		return Period{From: first(mo), To: last(mo), Label: fmt.Sprintf("Tháng %d năm %d", mo, y)}, nil
	}
}

func dmy(d calendar.Date) string {
	y, m, day := d.Civil()
	return fmt.Sprintf("%02d/%02d/%d", day, m, y)
}

func invalid(field, key string) error {
	var p fault.Problems
	p.Add(field, key, nil)
	return p.Err()
}
