package calendar

import (
	"cmp"
	"fmt"
	"time"

	"tiepdan/internal/vntime"
)

// Date is a civil day in Vietnam: no clock, no zone, so the same petition
// never lands on two different days depending on where the code runs.
//
// It holds the Julian day number: counting deadlines is adding and comparing
// days, which on a single integer is exact and cheap, and the lunar
// calendar works in the same numbering. The zero Date means "no date"
// (Julian day 0 is in 4713 BC). Dates compare with == and work as map keys.
type Date struct{ jd int }

// NewDate returns the date y-m-d, normalizing out-of-range months and days
// the way time.Date does (31 April is 1 May).
func NewDate(y int, m time.Month, d int) Date {
	y, m, d = time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Date()
	return Date{jdnOf(y, int(m), d)}
}

// Of returns the day t falls on in Asia/Ho_Chi_Minh: a petition received at
// 23:30 UTC on 1 March was received on 2 March.
func Of(t time.Time) Date {
	y, m, d := t.In(vntime.Zone).Date()
	return Date{jdnOf(y, int(m), d)}
}

// ParseDate reads yyyy-mm-dd, the form dates travel in over the API.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: date %q is not yyyy-mm-dd", s)
	}
	return NewDate(t.Date()), nil
}

// Civil returns the year, month and day.
func (d Date) Civil() (year int, month time.Month, day int) { return civil(d.jd) }

func (d Date) Year() int         { y, _, _ := d.Civil(); return y }
func (d Date) Month() time.Month { _, m, _ := d.Civil(); return m }
func (d Date) Day() int          { _, _, dd := d.Civil(); return dd }
func (d Date) IsZero() bool      { return d.jd == 0 }

// Weekday: Julian day 0 was a Monday, so jd+1 mod 7 counts from Sunday = 0.
func (d Date) Weekday() time.Weekday { return time.Weekday((d.jd + 1) % 7) }

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return Date{d.jd + n} }

// Sub returns the number of days from o to d (positive when d is later).
func (d Date) Sub(o Date) int { return d.jd - o.jd }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int { return cmp.Compare(d.jd, o.jd) }

func (d Date) Before(o Date) bool { return d.jd < o.jd }
func (d Date) After(o Date) bool  { return d.jd > o.jd }

// String is yyyy-mm-dd, the machine form (logs, JSON, SQL); the zero
// Date prints as 0000-00-00 so it stands out in a log.
func (d Date) String() string {
	if d.IsZero() {
		return "0000-00-00"
	}
	y, m, dd := d.Civil()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), dd)
}

// Format is dd/mm/yyyy, the form Vietnamese users read.
func (d Date) Format() string {
	y, m, dd := d.Civil()
	return fmt.Sprintf("%02d/%02d/%04d", dd, int(m), y)
}

// Start is 00:00 of the day in Asia/Ho_Chi_Minh.
func (d Date) Start() time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, vntime.Zone)
}

// End is the instant a limit ending on d runs out: 24:00 of that day
// (Bộ luật Dân sự 2015, Điều 148 khoản 6), i.e. 00:00 of the next day.
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// MarshalText writes yyyy-mm-dd, so JSON carries "2026-02-17"; the zero
// Date writes as "" rather than a fake year 0.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads yyyy-mm-dd; "" gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// jdnOf is the Julian day number of a proleptic Gregorian date.
func jdnOf(y, m, d int) int {
	a := (14 - m) / 12
	yy := y + 4800 - a
	mm := m + 12*a - 3
	return d + (153*mm+2)/5 + 365*yy + yy/4 - yy/100 + yy/400 - 32045
}

// civil is the inverse of jdnOf.
func civil(jd int) (year int, month time.Month, day int) {
	a := jd + 32044
	b := (4*a + 3) / 146097
	c := a - 146097*b/4
	d := (4*c + 3) / 1461
	e := c - 1461*d/4
	m := (5*e + 2) / 153
	return 100*b + d - 4800 + m/10, time.Month(m + 3 - 12*(m/10)), e - (153*m+2)/5 + 1
}
