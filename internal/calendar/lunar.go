package calendar

import "math"

// The Vietnamese lunar calendar, after Hồ Ngọc Đức's published algorithm
// ("Âm lịch Việt Nam", https://www.informatik.uni-leipzig.de/~duc/amlich/).
// It is the Chinese rule set applied at the UTC+7 meridian: a month starts on
// the local day of the new moon, month 11 holds the winter solstice, and in a
// 13-month year the first month without a major solar term is the leap month.
// The meridian matters: a new moon just before midnight in Hà Nội is already
// the next day in Beijing, which is why Tết 2007 is 17/2 here and 18/2 in
// China, and why 1985 differs by a whole month.
//
// The astronomy is Meeus-level truncated series, accurate to minutes for
// roughly 1800–2199; the shipped holiday years sit well inside that.

// vnZoneHours is the meridian the lunar calendar is computed for.
const vnZoneHours = 7.0

// LunarDate is a day of the Vietnamese lunar calendar. Year is the Gregorian
// year in which that lunar year's Tết falls.
type LunarDate struct {
	Day, Month, Year int
	Leap             bool // a leap month (tháng nhuận) repeats the month before it
}

// LunarNewYear returns the Gregorian date of Tết Nguyên đán (lunar 1/1) of
// the lunar year that starts in Gregorian year y.
func LunarNewYear(y int) Date {
	d, _ := FromLunar(LunarDate{Day: 1, Month: 1, Year: y})
	return d
}

// HungKingsDay returns Giỗ Tổ Hùng Vương (lunar 10/3, never the leap month)
// in Gregorian year y.
func HungKingsDay(y int) Date {
	d, _ := FromLunar(LunarDate{Day: 10, Month: 3, Year: y})
	return d
}

// ToLunar converts a Gregorian date to the Vietnamese lunar calendar.
func ToLunar(d Date) LunarDate {
	day := d.jd
	// Estimate which new moon starts d's month from the mean lunation, then
	// correct it: the true new moon strays up to about half a day from the
	// mean, so the estimate can be one month off either way (it is for
	// 2054-05-07 in the original one-step version).
	k := int(math.Floor((float64(day) - 2415021.076998695) / 29.530588853))
	for newMoonDay(k+1) <= day {
		k++
	}
	for newMoonDay(k) > day {
		k--
	}
	monthStart := newMoonDay(k)
	year, _, _ := d.Civil()
	a11 := lunarMonth11(year)
	b11 := a11
	lunarYear := year
	if a11 >= monthStart {
		a11 = lunarMonth11(year - 1)
	} else {
		lunarYear = year + 1
		b11 = lunarMonth11(year + 1)
	}
	diff := (monthStart - a11) / 29
	month := diff + 11
	leap := false
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		if diff >= leapOff {
			month = diff + 10
			leap = diff == leapOff
		}
	}
	if month > 12 {
		month -= 12
	}
	if month >= 11 && diff < 4 {
		lunarYear--
	}
	return LunarDate{Day: day - monthStart + 1, Month: month, Year: lunarYear, Leap: leap}
}

// FromLunar converts a lunar date to Gregorian. ok is false for a leap month
// the year does not have or a day past the month's end (a 29-day month has
// no 30th).
func FromLunar(l LunarDate) (d Date, ok bool) {
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return Date{}, false
	}
	var a11, b11 int
	if l.Month < 11 {
		a11, b11 = lunarMonth11(l.Year-1), lunarMonth11(l.Year)
	} else {
		a11, b11 = lunarMonth11(l.Year), lunarMonth11(l.Year+1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/29.530588853))
	off := l.Month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		switch {
		case l.Leap && l.Month != leapMonth:
			return Date{}, false
		case l.Leap || off >= leapOff:
			off++
		}
	} else if l.Leap {
		return Date{}, false
	}
	start := newMoonDay(k + off)
	if l.Day > newMoonDay(k+off+1)-start {
		return Date{}, false
	}
	return Date{start + l.Day - 1}, true
}

// newMoon is the Julian date (UT) of the k-th new moon after 1900-01-01.
func newMoon(k int) float64 {
	const dr = math.Pi / 180
	kf := float64(k)
	t := kf / 1236.85 // Julian centuries from 1900 January 0.5
	t2 := t * t
	t3 := t2 * t
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3    // Sun's mean anomaly
	mpr := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3 // Moon's mean anomaly
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3    // Moon's argument of latitude
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m) -
		0.4068*math.Sin(mpr*dr) + 0.0161*math.Sin(dr*2*mpr) -
		0.0004*math.Sin(dr*3*mpr) +
		0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr)) -
		0.0074*math.Sin(dr*(m-mpr)) + 0.0004*math.Sin(dr*(2*f+m)) -
		0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mpr)) +
		0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltaT float64 // TT − UT, in days
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltaT
}

// sunLongitude is the Sun's apparent longitude, in radians in [0, 2π), at
// Julian date jd.
func sunLongitude(jd float64) float64 {
	const dr = math.Pi / 180
	t := (jd - 2451545.0) / 36525 // Julian centuries from 2000-01-01 12:00 UT
	t2 := t * t
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2 // mean anomaly
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2                  // mean longitude
	dl := (1.914600 - 0.004817*t - 0.000014*t2) * math.Sin(dr*m)
	dl += (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	l -= 2 * math.Pi * math.Floor(l/(2*math.Pi))
	return l
}

// newMoonDay is the Julian day number of the local (UTC+7) day holding the
// k-th new moon.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(k) + 0.5 + vnZoneHours/24))
}

// sunSector is which 30° sector (0–11) the Sun is in at local midnight
// starting day jdn; a month with no major solar term starts and ends in the
// same sector.
func sunSector(jdn int) int {
	return int(math.Floor(sunLongitude(float64(jdn)-0.5-vnZoneHours/24) / math.Pi * 6))
}

// lunarMonth11 is the first day of the lunar month holding the winter
// solstice of Gregorian year y, the anchor of every lunar year.
func lunarMonth11(y int) int {
	off := float64(jdnOf(y, 12, 31) - 2415021)
	k := int(math.Floor(off / 29.530588853))
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 { // the Sun is already past 270°: the solstice fell before
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset is how many months after month 11 (starting at a11) the
// leap month comes, in a year of 13 months.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/29.530588853 + 0.5))
	i := 1 // start with the month after month 11
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}
