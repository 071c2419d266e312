package calendar_test

import (
	"testing"

	"tiepdan/internal/calendar"
)

// vietnameseTet is mùng 1 Tết as printed in Vietnamese calendars, written
// from memory and checked year by year; "CN" notes the years China's
// calendar (UTC+8) puts the new year on another day.
var vietnameseTet = map[int]calendar.Date{
	2000: day(2000, 2, 5), 2001: day(2001, 1, 24), 2002: day(2002, 2, 12), 2003: day(2003, 2, 1),
	2004: day(2004, 1, 22), 2005: day(2005, 2, 9), 2006: day(2006, 1, 29),
	2007: day(2007, 2, 17), // CN 18/2: the new moon fell before midnight at UTC+7, after it at UTC+8
	2008: day(2008, 2, 7), 2009: day(2009, 1, 26), 2010: day(2010, 2, 14), 2011: day(2011, 2, 3),
	2012: day(2012, 1, 23), 2013: day(2013, 2, 10), 2014: day(2014, 1, 31), 2015: day(2015, 2, 19),
	2016: day(2016, 2, 8), 2017: day(2017, 1, 28), 2018: day(2018, 2, 16), 2019: day(2019, 2, 5),
	2020: day(2020, 1, 25), 2021: day(2021, 2, 12), 2022: day(2022, 2, 1), 2023: day(2023, 1, 22),
	2024: day(2024, 2, 10), 2025: day(2025, 1, 29), 2026: day(2026, 2, 17), 2027: day(2027, 2, 6),
	2028: day(2028, 1, 26), 2029: day(2029, 2, 13),
	2030: day(2030, 2, 2), // CN 3/2: new moon 2/2 at 23:07 in Hà Nội, 00:07 on 3/2 in Beijing
}

func TestLunarNewYearMatchesVietnameseCalendars2000To2030(t *testing.T) {
	for y := 2000; y <= 2030; y++ {
		want, ok := vietnameseTet[y]
		if !ok {
			t.Fatalf("table misses %d", y)
		}
		if got := calendar.LunarNewYear(y); got != want {
			t.Errorf("LunarNewYear(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestLunarNewYearFollowsTheVietnameseMeridianWhereItDiffersFromChina(t *testing.T) {
	tests := []struct {
		year    int
		vn, cn  calendar.Date
		because string
	}{
		{1968, day(1968, 1, 29), day(1968, 1, 30), "the new moon fell before midnight at UTC+7; the South, still on UTC+8 then, kept Tết on 30/1"},
		{1985, day(1985, 1, 21), day(1985, 2, 20), "the 1984 winter solstice fell before midnight at UTC+7 and after it at UTC+8, " +
			"on the day a month began: China called that month 11, Vietnam month 12, and put its leap month in 1985 instead"},
		{2007, day(2007, 2, 17), day(2007, 2, 18), "new moon 17/2 at 23:14 in Hà Nội"},
		{2030, day(2030, 2, 2), day(2030, 2, 3), "new moon 2/2 at 23:07 in Hà Nội"},
	}
	for _, tt := range tests {
		got := calendar.LunarNewYear(tt.year)
		if got != tt.vn {
			t.Errorf("LunarNewYear(%d) = %s, want the Vietnamese %s, not the Chinese %s: %s", tt.year, got, tt.vn, tt.cn, tt.because)
		}
	}
}

func TestHungKingsDayIsLunarTenthOfThirdMonth(t *testing.T) {
	// Days off remembered from past years' notices.
	tests := []calendar.Date{
		day(2012, 3, 31), day(2016, 4, 16), day(2019, 4, 14), day(2020, 4, 2), day(2021, 4, 21),
		day(2022, 4, 10), day(2023, 4, 29), day(2024, 4, 18), day(2025, 4, 7), day(2026, 4, 26),
	}
	for _, want := range tests {
		if got := calendar.HungKingsDay(want.Year()); got != want {
			t.Errorf("HungKingsDay(%d) = %s, want %s", want.Year(), got, want)
		}
	}
}

func TestToLunarKnowsMonthLengthsAndLeapMonths(t *testing.T) {
	tests := []struct {
		solar calendar.Date
		want  calendar.LunarDate
	}{
		{day(2025, 1, 28), calendar.LunarDate{Day: 29, Month: 12, Year: 2024}}, // tháng Chạp Giáp Thìn had 29 days
		{day(2024, 2, 9), calendar.LunarDate{Day: 30, Month: 12, Year: 2023}},  // Quý Mão's had 30
		{day(2023, 3, 22), calendar.LunarDate{Day: 1, Month: 2, Year: 2023, Leap: true}},
		{day(2025, 7, 25), calendar.LunarDate{Day: 1, Month: 6, Year: 2025, Leap: true}},
		{day(2025, 6, 25), calendar.LunarDate{Day: 1, Month: 6, Year: 2025}},
		{day(2026, 2, 14), calendar.LunarDate{Day: 27, Month: 12, Year: 2025}},
		{day(2026, 2, 22), calendar.LunarDate{Day: 6, Month: 1, Year: 2026}},
	}
	for _, tt := range tests {
		if got := calendar.ToLunar(tt.solar); got != tt.want {
			t.Errorf("ToLunar(%s) = %+v, want %+v", tt.solar, got, tt.want)
		}
	}
}

func TestLunarConversionRoundTrips1900To2199(t *testing.T) {
	t.Parallel()
	// Every day, both ways: this caught the month estimate being one
	// lunation off on 2054-05-07.
	for d := day(1900, 1, 1); d.Before(day(2200, 1, 1)); d = d.AddDays(1) {
		l := calendar.ToLunar(d)
		back, ok := calendar.FromLunar(l)
		if !ok || back != d {
			t.Fatalf("FromLunar(ToLunar(%s) = %+v) = %s, %v", d, l, back, ok)
		}
	}
}

func TestFromLunarRefusesDaysThatDoNotExist(t *testing.T) {
	tests := []struct {
		name string
		l    calendar.LunarDate
	}{
		{"a leap month the year lacks", calendar.LunarDate{Day: 1, Month: 3, Year: 2025, Leap: true}},
		{"a leap month in a year without one", calendar.LunarDate{Day: 1, Month: 6, Year: 2026, Leap: true}},
		{"30 Chạp in a 29-day month", calendar.LunarDate{Day: 30, Month: 12, Year: 2024}},
		{"month 13", calendar.LunarDate{Day: 1, Month: 13, Year: 2025}},
	}
	for _, tt := range tests {
		if got, ok := calendar.FromLunar(tt.l); ok {
			t.Errorf("%s: FromLunar(%+v) = %s, want refused", tt.name, tt.l, got)
		}
	}
	if got, ok := calendar.FromLunar(calendar.LunarDate{Day: 1, Month: 6, Year: 2025, Leap: true}); !ok || got != day(2025, 7, 25) {
		t.Errorf("leap 6/2025 = %s, %v", got, ok)
	}
}
