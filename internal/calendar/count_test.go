package calendar_test

import (
	"testing"

	"tiepdan/internal/calendar"
)

func TestAddWorkingDaysSkipsWeekendsAndHolidaysAndCountsMakeUpDays(t *testing.T) {
	cal := shipped()
	tests := []struct {
		name   string
		start  calendar.Date
		n      int
		want   calendar.Date
		counts string // the count worked out by hand
	}{
		{
			name: "across Tết 2026", start: day(2026, 2, 12), n: 5, want: day(2026, 2, 26),
			counts: "Thu 12/2 event; Fri 13 =1; Sat 14, Sun 15 weekend; Mon 16–Fri 20 Tết (29 Chạp–mùng 4); " +
				"Sat 21, Sun 22 weekend; Mon 23 =2, Tue 24 =3, Wed 25 =4, Thu 26 =5",
		},
		{
			name: "10 working days received the last day before Tết 2026", start: day(2026, 2, 13), n: 10, want: day(2026, 3, 6),
			counts: "Fri 13/2 event; 14–22/2 the nine-day break; Mon 23 =1 … Fri 27 =5; Sat 28, Sun 1/3; " +
				"Mon 2/3 =6 … Fri 6/3 =10",
		},
		{
			name:  "across Tết 2027 (derived: eve Fri 5/2, mùng 1–2 on the weekend owed Wed 10 and Thu 11)",
			start: day(2027, 2, 4), n: 3, want: day(2027, 2, 16),
			counts: "Thu 4/2 event; Fri 5 eve; Sat 6 mùng 1; Sun 7; Mon 8, Tue 9 Tết; Wed 10, Thu 11 nghỉ bù; " +
				"Fri 12 =1; Sat 13, Sun 14; Mon 15 =2; Tue 16 =3",
		},
		{
			name: "make-up Saturday 26/4/2025 counts as a working day", start: day(2025, 4, 24), n: 3, want: day(2025, 4, 28),
			counts: "Thu 24/4 event; Fri 25 =1; Sat 26 làm bù =2; Sun 27; Mon 28 =3",
		},
		{
			name: "across 30/4–1/5/2025 and the swapped Friday", start: day(2025, 4, 29), n: 2, want: day(2025, 5, 6),
			counts: "Tue 29/4 event; Wed 30/4, Thu 1/5 holidays; Fri 2/5 swapped off; Sat 3, Sun 4; Mon 5 =1; Tue 6 =2",
		},
		{
			name: "Hùng Kings on a Sunday 2026, then 30/4–1/5", start: day(2026, 4, 24), n: 3, want: day(2026, 5, 4),
			counts: "Fri 24/4 event; Sat 25; Sun 26 Giỗ Tổ; Mon 27 nghỉ bù; Tue 28 =1; Wed 29 =2; " +
				"Thu 30/4, Fri 1/5 holidays; Sat 2, Sun 3; Mon 4/5 =3",
		},
		{
			name: "across 2/9/2025 and the adjacent Monday 1/9", start: day(2025, 8, 29), n: 2, want: day(2025, 9, 4),
			counts: "Fri 29/8 event; Sat 30, Sun 31; Mon 1/9, Tue 2/9 Quốc khánh; Wed 3 =1; Thu 4 =2",
		},
		{
			name: "across 2/9/2026 and the (tentative) adjacent Tuesday 1/9", start: day(2026, 8, 31), n: 1, want: day(2026, 9, 3),
			counts: "Mon 31/8 event; Tue 1/9, Wed 2/9 Quốc khánh; Thu 3/9 =1",
		},
		{
			name: "a limit starting on a Friday", start: day(2026, 3, 6), n: 1, want: day(2026, 3, 9),
			counts: "Fri 6/3 event; Sat 7, Sun 8; Mon 9 =1",
		},
		{
			name: "a five-day limit starting on a Friday", start: day(2026, 3, 6), n: 5, want: day(2026, 3, 13),
			counts: "Fri 6/3 event; Sat 7, Sun 8; Mon 9 =1 … Fri 13 =5",
		},
		{
			name: "an event on a Saturday still does not count", start: day(2026, 3, 7), n: 1, want: day(2026, 3, 9),
			counts: "Sat 7/3 event; Sun 8; Mon 9 =1",
		},
		{
			name: "an event on mùng 1 Tết", start: day(2026, 2, 17), n: 1, want: day(2026, 2, 23),
			counts: "Tue 17/2 event; Wed 18–Fri 20 Tết; Sat 21, Sun 22; Mon 23 =1",
		},
		{
			name: "across New Year 2026", start: day(2025, 12, 31), n: 2, want: day(2026, 1, 5),
			counts: "Wed 31/12 event; Thu 1/1 Tết Dương lịch; Fri 2/1 =1; Sat 3, Sun 4; Mon 5 =2",
		},
		{
			name: "zero days is the start day", start: day(2026, 3, 7), n: 0, want: day(2026, 3, 7),
			counts: "nothing counted",
		},
		{
			name: "five working days before a reception on Mon 23/2/2026", start: day(2026, 2, 23), n: -5, want: day(2026, 2, 9),
			counts: "Mon 23/2 event; back over Sun 22, Sat 21, Tết 20–16, Sun 15, Sat 14; Fri 13 =1 … Mon 9 =5",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ex := cal.AddWorkingDays(tt.start, tt.n)
			if got != tt.want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, want %s (%s)", tt.start, tt.n, got, tt.want, tt.counts)
			}
			if ex.Result != got || ex.Start != tt.start || ex.N != tt.n || ex.CountUnit != calendar.WorkingDays {
				t.Errorf("explanation header = %+v", ex)
			}
		})
	}
}

func TestAddDaysMovesAnEndOnADayOffToTheNextWorkingDay(t *testing.T) {
	cal := shipped()
	tests := []struct {
		name   string
		start  calendar.Date
		n      int
		want   calendar.Date
		moved  bool
		counts string
	}{
		{
			name: "30 days ending on a Sunday end on Monday", start: day(2026, 3, 6), n: 30, want: day(2026, 4, 6), moved: true,
			counts: "Fri 6/3 + 25 = 31/3, + 5 = Sun 5/4; moved to Mon 6/4",
		},
		{
			name: "30 days ending on a Saturday end on Monday", start: day(2026, 3, 5), n: 30, want: day(2026, 4, 6), moved: true,
			counts: "Thu 5/3 + 30 = Sat 4/4; Sun 5/4; moved to Mon 6/4",
		},
		{
			name: "30 days ending on 30/4 end after the holidays and the weekend", start: day(2026, 3, 31), n: 30, want: day(2026, 5, 4), moved: true,
			counts: "Tue 31/3 + 30 = Thu 30/4 holiday; Fri 1/5 holiday; Sat 2, Sun 3; Mon 4/5",
		},
		{
			name: "Tết days inside the period count as days", start: day(2026, 2, 2), n: 20, want: day(2026, 2, 23), moved: true,
			counts: "Mon 2/2 + 20 = Sun 22/2 (16–20/2 counted); moved to Mon 23/2",
		},
		{
			name: "20 days ending inside Tết", start: day(2026, 1, 30), n: 20, want: day(2026, 2, 23), moved: true,
			counts: "Fri 30/1 + 20 = Thu 19/2 (mùng 3); Fri 20 Tết; Sat 21, Sun 22; Mon 23/2",
		},
		{
			name: "45 days ending on a Saturday before 2/9/2026", start: day(2026, 7, 15), n: 45, want: day(2026, 8, 31), moved: true,
			counts: "Wed 15/7 + 16 = 31/7, + 29 = Sat 29/8; Sun 30; Mon 31/8 (1/9 is the holiday, not 31/8)",
		},
		{
			name: "30 days ending on a working day do not move", start: day(2026, 3, 2), n: 30, want: day(2026, 4, 1),
			counts: "Mon 2/3 + 29 = 31/3, + 1 = Wed 1/4",
		},
		{
			name: "30 days ending on the make-up Saturday 26/4/2025 stay there", start: day(2025, 3, 27), n: 30, want: day(2025, 4, 26),
			counts: "Thu 27/3 + 4 = 31/3, + 26 = Sat 26/4, a make-up working day",
		},
		{
			name: "counting back moves back", start: day(2026, 3, 9), n: -1, want: day(2026, 3, 6), moved: true,
			counts: "Mon 9/3 − 1 = Sun 8/3; Sat 7/3; back to Fri 6/3",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ex := cal.AddDays(tt.start, tt.n)
			if got != tt.want {
				t.Fatalf("AddDays(%s, %d) = %s, want %s (%s)", tt.start, tt.n, got, tt.want, tt.counts)
			}
			if (ex.Moved != nil) != tt.moved {
				t.Fatalf("moved = %+v, want moved %v", ex.Moved, tt.moved)
			}
			if ex.Moved != nil && (ex.Moved.From != tt.start.AddDays(tt.n) || ex.Moved.To != got) {
				t.Errorf("move = %s → %s, want %s → %s", ex.Moved.From, ex.Moved.To, tt.start.AddDays(tt.n), got)
			}
			if ex.CountUnit != calendar.CalendarDays || ex.Result != got {
				t.Errorf("explanation header = %+v", ex)
			}
		})
	}
}

func TestWorkingDaysBetweenCountsAfterTheFirstUpToTheSecond(t *testing.T) {
	cal := shipped()
	tests := []struct {
		name string
		a, b calendar.Date
		want int
	}{
		{"the same day", day(2026, 3, 6), day(2026, 3, 6), 0},
		{"the 10 working days over Tết 2026", day(2026, 2, 13), day(2026, 3, 6), 10},
		{"reversed is negative", day(2026, 3, 6), day(2026, 2, 13), -10},
		{"make-up Saturday counts", day(2025, 4, 24), day(2025, 4, 28), 3},
		{"overdue on Tuesday after a Friday deadline", day(2026, 3, 6), day(2026, 3, 10), 2},
		{"the weekend alone is nothing", day(2026, 3, 6), day(2026, 3, 8), 0},
		{"a Sunday holiday costs nothing, its Monday does", day(2026, 4, 24), day(2026, 4, 28), 1},
		// 2025 starts on a Wednesday: 52 weeks and a Wednesday = 261 weekdays;
		// 12 of them off (11 by law, Friday 2/5 swapped) and Saturday 26/4 worked.
		{"a whole year", day(2024, 12, 31), day(2025, 12, 31), 261 - 12 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.WorkingDaysBetween(tt.a, tt.b); got != tt.want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestNextWorkingDayIsStrictlyAfter(t *testing.T) {
	cal := shipped()
	tests := []struct{ in, want calendar.Date }{
		{day(2026, 3, 6), day(2026, 3, 9)},   // Fri → Mon
		{day(2026, 3, 9), day(2026, 3, 10)},  // Mon → Tue
		{day(2026, 2, 13), day(2026, 2, 23)}, // the day before the Tết break → the day after it
		{day(2025, 4, 25), day(2025, 4, 26)}, // Fri → the make-up Saturday
	}
	for _, tt := range tests {
		if got := cal.NextWorkingDay(tt.in); got != tt.want {
			t.Errorf("NextWorkingDay(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
