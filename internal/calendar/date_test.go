package calendar_test

import (
	"encoding/json"
	"testing"
	"testing/quick"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/vntime"
)

func TestDateFormats(t *testing.T) {
	d := day(2026, 2, 7)
	if d.String() != "2026-02-07" || d.Format() != "07/02/2026" {
		t.Errorf("String %q Format %q", d.String(), d.Format())
	}
	if day(2026, 4, 31) != day(2026, 5, 1) {
		t.Errorf("NewDate does not normalize 31/4")
	}
}

func TestOfTakesTheDayInVietnam(t *testing.T) {
	tests := []struct {
		at   time.Time
		want calendar.Date
	}{
		{time.Date(2026, 3, 1, 16, 59, 59, 0, time.UTC), day(2026, 3, 1)}, // 23:59:59 in Hà Nội
		{time.Date(2026, 3, 1, 17, 0, 0, 0, time.UTC), day(2026, 3, 2)},   // midnight in Hà Nội
		{time.Date(2026, 1, 1, 6, 0, 0, 0, time.FixedZone("PST", -8*3600)), day(2026, 1, 1)},
	}
	for _, tt := range tests {
		if got := calendar.Of(tt.at); got != tt.want {
			t.Errorf("Of(%s) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

func TestEndIsMidnightAfterTheLastDay(t *testing.T) {
	// Art. 148(6): a limit ends at 24:00 of its last day.
	end := day(2026, 3, 6).End()
	if want := time.Date(2026, 3, 7, 0, 0, 0, 0, vntime.Zone); !end.Equal(want) {
		t.Errorf("End = %s, want %s", end, want)
	}
	if !day(2026, 3, 6).Start().Equal(time.Date(2026, 3, 5, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("Start = %s", day(2026, 3, 6).Start())
	}
}

func TestDateArithmeticAgreesWithPackageTime(t *testing.T) {
	// Any day between year 1 and 9999 and any shift that stays inside it.
	f := func(offset uint32, shift int16) bool {
		base := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(offset%3_600_000))
		d := calendar.NewDate(base.Date())
		moved := base.AddDate(0, 0, int(shift))
		return d.AddDays(int(shift)) == calendar.NewDate(moved.Date()) &&
			d.Weekday() == base.Weekday() &&
			d.AddDays(int(shift)).Sub(d) == int(shift) &&
			d.Compare(d.AddDays(int(shift))) == -sign(int(shift))
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 20000}); err != nil {
		t.Error(err)
	}
}

func sign(n int) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Due  calendar.Date `json:"due"`
		None calendar.Date `json:"none"`
	}
	b, err := json.Marshal(doc{Due: day(2026, 2, 17)})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"due":"2026-02-17","none":""}` {
		t.Errorf("marshal = %s", b)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil || back.Due != day(2026, 2, 17) || !back.None.IsZero() {
		t.Errorf("unmarshal = %+v, %v", back, err)
	}
	for _, bad := range []string{`{"due":"17/02/2026"}`, `{"due":"2026-02-30"}`, `{"due":"2026-2-7"}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("unmarshal %s: no error", bad)
		}
	}
}
