package report_test

import (
	"testing"

	"tiepdan/internal/fault"
	"tiepdan/internal/report"
)

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct{ period, from, to, wantFrom, wantTo, label string }{
		{"2026", "", "", "2026-01-01", "2026-12-31", "Năm 2026"},
		{"2026-Q1", "", "", "2026-01-01", "2026-03-31", "Quý I năm 2026"},
		{"2026-Q4", "", "", "2026-10-01", "2026-12-31", "Quý IV năm 2026"},
		{"2026-H1", "", "", "2026-01-01", "2026-06-30", "6 tháng đầu năm 2026"},
		{"2026-9M", "", "", "2026-01-01", "2026-09-30", "9 tháng đầu năm 2026"},
		{"2024-02", "", "", "2024-02-01", "2024-02-29", "Tháng 2 năm 2024"},
		{"", "2026-03-15", "2026-04-14", "2026-03-15", "2026-04-14", "Từ ngày 15/03/2026 đến ngày 14/04/2026"},
	} {
		p, err := report.ParsePeriod(tc.period, tc.from, tc.to)
		if err != nil || p.From.String() != tc.wantFrom || p.To.String() != tc.wantTo || p.Label != tc.label {
			t.Errorf("%q %q %q: %+v %v", tc.period, tc.from, tc.to, p, err)
		}
	}
	for _, bad := range [][3]string{{"2026-Q5", "", ""}, {"2026-13", "", ""}, {"26", "", ""}, {"", "2026-04-01", "2026-03-01"}, {"", "", ""}} {
		if _, err := report.ParsePeriod(bad[0], bad[1], bad[2]); !fault.Is(err, fault.Invalid) {
			t.Errorf("%v: %v, want invalid", bad, err)
		}
	}
}
