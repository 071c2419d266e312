package calendar_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"tiepdan/internal/calendar"
)

// notes renders an explanation's days one per string, so a table can list
// the exact days expected: "2026-02-14 saturday", "2026-04-26 holiday
// Giỗ Tổ Hùng Vương (Sunday)", "2025-04-26 make_up_workday counted".
func notes(ex calendar.Explanation) []string {
	out := []string{}
	for _, n := range ex.Days {
		s := n.Date.String() + " " + string(n.Reason)
		if n.Entry != nil {
			s += " " + n.Entry.NameVI
			if n.Weekday == 0 || n.Weekday == 6 {
				s += fmt.Sprintf(" (%s)", n.Weekday)
			}
		}
		if n.Counted {
			s += " counted"
		}
		out = append(out, s)
	}
	return out
}

func TestExplanationListsExactlyTheSkippedDays(t *testing.T) {
	cal := shipped()
	tests := []struct {
		name  string
		run   func() calendar.Explanation
		want  []string
		moved string // "from to reason", or "" for none
	}{
		{
			name: "working days across Tết 2026",
			run:  func() calendar.Explanation { _, ex := cal.AddWorkingDays(day(2026, 2, 12), 5); return ex },
			want: []string{
				"2026-02-14 saturday", "2026-02-15 sunday",
				"2026-02-16 holiday Tết Nguyên đán", "2026-02-17 holiday Tết Nguyên đán",
				"2026-02-18 holiday Tết Nguyên đán", "2026-02-19 holiday Tết Nguyên đán",
				"2026-02-20 holiday Tết Nguyên đán",
				"2026-02-21 saturday", "2026-02-22 sunday",
			},
		},
		{
			name: "a make-up Saturday is listed as counted",
			run:  func() calendar.Explanation { _, ex := cal.AddWorkingDays(day(2025, 4, 24), 3); return ex },
			want: []string{
				"2025-04-26 make_up_workday Làm bù cho ngày nghỉ 02/5/2025 (Saturday) counted",
				"2025-04-27 sunday",
			},
		},
		{
			name: "a holiday on a Sunday is named as the holiday",
			run:  func() calendar.Explanation { _, ex := cal.AddWorkingDays(day(2026, 4, 24), 3); return ex },
			want: []string{
				"2026-04-25 saturday",
				"2026-04-26 holiday Giỗ Tổ Hùng Vương (Sunday)",
				"2026-04-27 holiday Nghỉ bù Giỗ Tổ Hùng Vương",
				"2026-04-30 holiday Ngày Chiến thắng",
				"2026-05-01 holiday Ngày Quốc tế lao động",
				"2026-05-02 saturday", "2026-05-03 sunday",
			},
		},
		{
			name: "no day off, nothing listed",
			run:  func() calendar.Explanation { _, ex := cal.AddWorkingDays(day(2026, 3, 9), 4); return ex },
			want: []string{},
		},
		{
			name: "counting back lists days in date order",
			run:  func() calendar.Explanation { _, ex := cal.AddWorkingDays(day(2026, 3, 9), -1); return ex },
			want: []string{"2026-03-07 saturday", "2026-03-08 sunday"},
		},
		{
			name:  "days: only the days passed over after the last day",
			run:   func() calendar.Explanation { _, ex := cal.AddDays(day(2026, 3, 31), 30); return ex },
			want:  []string{"2026-04-30 holiday Ngày Chiến thắng", "2026-05-01 holiday Ngày Quốc tế lao động", "2026-05-02 saturday", "2026-05-03 sunday"},
			moved: "2026-04-30 2026-05-04 holiday Ngày Chiến thắng",
		},
		{
			name:  "days: a Sunday end moves to Monday",
			run:   func() calendar.Explanation { _, ex := cal.AddDays(day(2026, 3, 6), 30); return ex },
			want:  []string{"2026-04-05 sunday"},
			moved: "2026-04-05 2026-04-06 sunday",
		},
		{
			name: "days: holidays inside the period are not listed",
			run:  func() calendar.Explanation { _, ex := cal.AddDays(day(2026, 2, 10), 20); return ex },
			want: []string{}, // Tue 10/2 + 20 = Mon 2/3; 14–22/2 counted as days
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := tt.run()
			if got := notes(ex); !slices.Equal(got, tt.want) {
				t.Errorf("days =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			moved := ""
			if m := ex.Moved; m != nil {
				moved = fmt.Sprintf("%s %s %s", m.From, m.To, m.Reason)
				if m.Entry != nil {
					moved += " " + m.Entry.NameVI
				}
			}
			if moved != tt.moved {
				t.Errorf("moved = %q, want %q", moved, tt.moved)
			}
		})
	}
}

func TestExplanationJSONIsDataForTheUI(t *testing.T) {
	_, ex := shipped().For(3).AddDays(day(2026, 3, 31), 30)
	b, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["start"] != "2026-03-31" || got["result"] != "2026-05-04" || got["count_unit"] != "days" ||
		got["n"] != float64(30) || got["unit_id"] != float64(3) {
		t.Errorf("header = %s", b)
	}
	first := got["days"].([]any)[0].(map[string]any)
	entry := first["entry"].(map[string]any)
	if first["date"] != "2026-04-30" || first["reason"] != "holiday" || first["weekday"] != float64(4) ||
		entry["name_vi"] != "Ngày Chiến thắng" || entry["name_en"] != "Reunification Day" ||
		entry["kind"] != "holiday" || !strings.Contains(entry["source"].(string), "Điều 112") {
		t.Errorf("first day = %v", first)
	}
	moved := got["moved"].(map[string]any)
	if moved["from"] != "2026-04-30" || moved["to"] != "2026-05-04" || moved["reason"] != "holiday" {
		t.Errorf("moved = %v", moved)
	}

	var back calendar.Explanation
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	if back.Result != ex.Result || len(back.Days) != len(ex.Days) || *back.Days[0].Entry != *ex.Days[0].Entry {
		t.Errorf("round trip = %+v, want %+v", back, ex)
	}
}
