package calendar_test

import (
	"sync"
	"testing"

	"tiepdan/internal/calendar"
)

// scoped is the shipped defaults plus: unit 7 closes Wed 10/6/2026 and works
// Sat 13/6 instead; unit 8 works through the (tentative) 1/9 holiday.
func scoped() *calendar.Calendar {
	entries := append(calendar.DefaultEntries(2024, 2032),
		calendar.Entry{Date: day(2026, 6, 10), Kind: calendar.Holiday, UnitID: 7,
			NameVI: "Nghỉ theo quyết định của UBND tỉnh", NameEN: "Day off by provincial decision", Source: "Quyết định của UBND tỉnh (thử nghiệm)"},
		calendar.Entry{Date: day(2026, 6, 13), Kind: calendar.MakeUpWorkday, UnitID: 7,
			NameVI: "Làm bù", NameEN: "Make-up working day", Source: "Quyết định của UBND tỉnh (thử nghiệm)"},
		calendar.Entry{Date: day(2026, 9, 1), Kind: calendar.MakeUpWorkday, UnitID: 8,
			NameVI: "Làm việc", NameEN: "Working day", Source: "Quyết định của đơn vị (thử nghiệm)"},
	)
	return calendar.New(entries)
}

func TestUnitEntriesApplyOnlyToTheirUnit(t *testing.T) {
	cal := scoped()
	tests := []struct {
		name string
		cal  *calendar.Calendar
		d    calendar.Date
		want bool
	}{
		{"deployment ignores unit 7's day off", cal, day(2026, 6, 10), true},
		{"unit 7 is closed on its day off", cal.For(7), day(2026, 6, 10), false},
		{"unit 8 is open on unit 7's day off", cal.For(8), day(2026, 6, 10), true},
		{"a unit without entries follows the deployment", cal.For(99), day(2026, 6, 10), true},
		{"unit 7 works its make-up Saturday", cal.For(7), day(2026, 6, 13), true},
		{"the deployment does not", cal, day(2026, 6, 13), false},
		{"unit 8 overrides a deployment holiday", cal.For(8), day(2026, 9, 1), true},
		{"which still holds for unit 7", cal.For(7), day(2026, 9, 1), false},
		{"deployment holidays apply to units", cal.For(7), day(2026, 2, 17), false},
		{"For from a unit view starts again from the deployment", cal.For(7).For(8), day(2026, 6, 10), true},
		{"For(0) from a unit view is the deployment", cal.For(7).For(0), day(2026, 6, 13), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.IsWorkingDay(tt.d); got != tt.want {
				t.Errorf("IsWorkingDay(%s) for unit %d = %v, want %v", tt.d, tt.cal.UnitID(), got, tt.want)
			}
		})
	}
}

func TestUnitDeadlinesUseTheUnitsCalendar(t *testing.T) {
	cal := scoped()
	// Unit 7: Tue 9/6 event; Wed 10 closed; Thu 11 =1; Fri 12 =2; Sat 13 làm bù =3.
	got, ex := cal.For(7).AddWorkingDays(day(2026, 6, 9), 3)
	if got != day(2026, 6, 13) || ex.UnitID != 7 {
		t.Errorf("unit 7: %s (unit %d), want 2026-06-13 (unit 7)", got, ex.UnitID)
	}
	// Deployment: Wed 10 =1; Thu 11 =2; Fri 12 =3.
	if got, _ := cal.AddWorkingDays(day(2026, 6, 9), 3); got != day(2026, 6, 12) {
		t.Errorf("deployment: %s, want 2026-06-12", got)
	}
	if got := cal.For(7).WorkingDaysBetween(day(2026, 6, 9), day(2026, 6, 15)); got != 4 {
		t.Errorf("unit 7 between Tue 9/6 and Mon 15/6 = %d, want 4 (11, 12, 13, 15)", got)
	}
	if got := cal.For(99).UnitID(); got != 99 {
		t.Errorf("For(99).UnitID() = %d", got)
	}
}

func TestACalendarServesConcurrentCallers(t *testing.T) {
	cal := scoped()
	units := []int64{0, 7, 8}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unit := cal.For(units[g%len(units)])
			for n := range 40 {
				unit.AddWorkingDays(day(2026, 2, 1+g), n)
				unit.AddDays(day(2026, 4, 1+g), n)
				unit.WorkingDaysBetween(day(2026, 1, 1), day(2026, 12, 31))
			}
		}()
	}
	wg.Wait()
}
