package calendar_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/calendar"
)

// weekdaysOff counts, for one year, the weekdays an entry closes minus the
// weekend days one opens: what the staff actually get off on top of the
// weekends. Art. 112 grants 11 days and art. 111(3) gives back any that
// fall on a weekend, so every correct year nets 11 — the government's swaps
// move days but never change the total.
func weekdaysOff(entries []calendar.Entry, year int) int {
	n := 0
	for _, e := range entries {
		if e.Date.Year() != year {
			continue
		}
		weekend := e.Date.Weekday() == time.Saturday || e.Date.Weekday() == time.Sunday
		switch {
		case e.Kind == calendar.Holiday && !weekend:
			n++
		case e.Kind == calendar.MakeUpWorkday && weekend:
			n--
		}
	}
	return n
}

func TestEveryDefaultYearGrantsElevenDaysOff(t *testing.T) {
	entries := calendar.DefaultEntries(2021, 2060)
	for y := 2021; y <= 2060; y++ {
		if got := weekdaysOff(entries, y); got != 11 {
			t.Errorf("%d nets %d weekdays off, want 11", y, got)
		}
	}
}

func TestDefaultEntriesAreValid(t *testing.T) {
	if err := calendar.Validate(calendar.DefaultEntries(1900, 2199)); err != nil {
		t.Fatal(err)
	}
}

// The 2025 notice as remembered: Tết 25/1–2/2 (Mon 27–Fri 31
// off), Hùng Kings Mon 7/4, 30/4–4/5 with Fri 2/5 swapped for Sat 26/4,
// 2/9 with Mon 1/9.
func TestShipped2025(t *testing.T) {
	want := []string{
		"2025-01-01 holiday", "2025-01-27 holiday", "2025-01-28 holiday", "2025-01-29 holiday",
		"2025-01-30 holiday", "2025-01-31 holiday", "2025-04-07 holiday", "2025-04-26 make_up_workday",
		"2025-04-30 holiday", "2025-05-01 holiday", "2025-05-02 holiday", "2025-09-01 holiday",
		"2025-09-02 holiday",
	}
	if got := kinds(calendar.DefaultEntries(2025, 2025)); !slices.Equal(got, want) {
		t.Errorf("2025 =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestShipped2026AgreesWithTheRuleWhereTheRuleApplies(t *testing.T) {
	// The 2026 Tết break (14–22/2) was recalled, not read: cross-check it
	// against the lunar rule, which gives 29 Chạp (Mon 16/2) to mùng 4
	// (Fri 20/2) with no weekend day to compensate.
	got := kinds(calendar.DefaultEntries(2026, 2026))
	derived := kinds(calendar.DerivedEntries(2026))
	if !slices.Equal(got, derived) {
		t.Errorf("shipped 2026 =\n  %s\nderived\n  %s", strings.Join(got, "\n  "), strings.Join(derived, "\n  "))
	}
}

func TestShipped2027IsTheDerivedDefaultMarkedTentative(t *testing.T) {
	// No 2027 notice is known. Worked by hand: Tết 6/2 is a Saturday, so
	// 29 Chạp Fri 5/2 + mùng 1–4 (Sat 6 – Tue 9) + Wed 10 and Thu 11 owed
	// for the weekend; Hùng Kings Fri 16/4; 1/5 Saturday owed Mon 3/5;
	// 2/9 Thursday with Friday 3/9.
	want := []string{
		"2027-01-01 holiday", "2027-02-05 holiday?", "2027-02-06 holiday?", "2027-02-07 holiday?",
		"2027-02-08 holiday?", "2027-02-09 holiday?", "2027-02-10 holiday?", "2027-02-11 holiday?",
		"2027-04-16 holiday", "2027-04-30 holiday", "2027-05-01 holiday", "2027-05-03 holiday",
		"2027-09-02 holiday", "2027-09-03 holiday?",
	}
	got := []string{}
	for _, e := range calendar.DefaultEntries(2027, 2027) {
		s := e.Date.String() + " " + e.Kind.String()
		if e.Tentative {
			s += "?"
		}
		got = append(got, s)
	}
	if !slices.Equal(got, want) {
		t.Errorf("2027 =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestTentativeEntriesAskTheAdminToCheck(t *testing.T) {
	for _, e := range calendar.DefaultEntries(2025, 2040) {
		if e.Tentative && !strings.Contains(e.Source, "kiểm tra lại") {
			t.Errorf("%s %s is tentative but its source does not say so: %q", e.Date, e.NameVI, e.Source)
		}
		if e.Source == "" || e.NameVI == "" || e.NameEN == "" {
			t.Errorf("%s lacks a name or a source: %+v", e.Date, e)
		}
	}
}

func TestDerivedNationalDayAdjacentJoinsAWeekend(t *testing.T) {
	// One year for each weekday 2/9 can fall on.
	tests := []struct {
		year     int
		weekday  time.Weekday
		adjacent calendar.Date
		off      string // the days off around 2/9 that result
	}{
		{2024, time.Monday, day(2024, 9, 3), "Sat 31/8 – Tue 3/9 (the 2024 notice did the same)"},
		{2025, time.Tuesday, day(2025, 9, 1), "Sat 30/8 – Tue 2/9 (as the 2025 notice)"},
		{2026, time.Wednesday, day(2026, 9, 1), "Tue 1/9 – Wed 2/9: no weekend to join, the eve is taken"},
		{2027, time.Thursday, day(2027, 9, 3), "Thu 2/9 – Sun 5/9"},
		{2022, time.Friday, day(2022, 9, 1), "Thu 1/9 – Sun 4/9 (as the 2022 notice)"},
		{2023, time.Saturday, day(2023, 9, 1), "Fri 1/9 – Mon 4/9 with Mon 4/9 owed for Saturday 2/9 (as 2023)"},
		{2029, time.Sunday, day(2029, 9, 3), "Sat 1/9 – Tue 4/9 with Tue 4/9 owed for Sunday 2/9"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			if wd := day(tt.year, 9, 2).Weekday(); wd != tt.weekday {
				t.Fatalf("2/9/%d is a %s, the table says %s", tt.year, wd, tt.weekday)
			}
			cal := calendar.New(calendar.DerivedEntries(tt.year))
			e, ok := cal.Entry(tt.adjacent)
			if !ok || e.NameEN != "National Day (adjacent day)" {
				t.Errorf("adjacent day = %+v, want on %s (%s)", e, tt.adjacent, tt.off)
			}
		})
	}
}

func TestDerivedCompensatoryDaysFollowTheBlock(t *testing.T) {
	// 2023 by the rule: Hùng Kings Sat 29/4, 30/4 Sunday, 1/5 Monday, so
	// the two weekend holidays are owed Tue 2/5 and Wed 3/5 — the days the
	// 2023 notice gave.
	cal := calendar.New(calendar.DerivedEntries(2023))
	for _, d := range []calendar.Date{day(2023, 5, 2), day(2023, 5, 3)} {
		if e, ok := cal.Entry(d); !ok || !strings.HasPrefix(e.NameVI, "Nghỉ bù") {
			t.Errorf("%s = %+v, want a compensatory day", d, e)
		}
	}
	if !cal.IsWorkingDay(day(2023, 5, 4)) {
		t.Errorf("Thu 4/5/2023 should be a working day")
	}
}

func kinds(entries []calendar.Entry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Date.String()+" "+e.Kind.String())
	}
	return out
}
