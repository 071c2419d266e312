package citizen_test

import (
	"testing"
	"time"

	"tiepdan/internal/citizen"
)

var today = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

func TestParseCCCD(t *testing.T) {
	for _, tc := range []struct {
		number, problem string
		female          bool
		year            int
	}{
		{"001085012345", "", false, 1985},
		{"079301004567", "", true, 2001},
		{"096225000001", "", false, 2025},
		{"00108501234", "cccd.length", false, 0},
		{"0010850123456", "cccd.length", false, 0},
		{"00108501234a", "cccd.digits", false, 0},
		{"003085012345", "cccd.province", false, 0}, // 003 is no province
		{"099085012345", "cccd.province", false, 0},
		{"001299012345", "cccd.birth_year", false, 0}, // born 2099
		{"001485012345", "cccd.birth_year", false, 0}, // born 2185
		{"001885012345", "cccd.birth_year", false, 0}, // 8: born 2385
	} {
		info, problem := citizen.ParseCCCD(tc.number, today)
		if problem != tc.problem {
			t.Errorf("%s: problem %q, want %q", tc.number, problem, tc.problem)
			continue
		}
		if problem == "" && (info.Female != tc.female || info.BirthYear != tc.year) {
			t.Errorf("%s: got %+v, want female=%v year=%d", tc.number, info, tc.female, tc.year)
		}
	}
}

func TestCitizenValidate(t *testing.T) {
	ok := citizen.Citizen{FullName: "  Trần   Thị Bình ", IDNumber: "001 185 012 345", Phone: "0912 345 678"}
	if err := ok.Validate(today); err != nil {
		t.Fatalf("valid citizen refused: %v", err)
	}
	if ok.FullName != "Trần Thị Bình" || ok.IDNumber != "001185012345" || ok.IDKind != citizen.IDCCCD {
		t.Errorf("not normalized: %+v", ok)
	}
	for name, c := range map[string]citizen.Citizen{
		"no name":      {IDNumber: "001085012345"},
		"bad cccd":     {FullName: "A", IDNumber: "123"},
		"bad passport": {FullName: "A", IDKind: citizen.IDPassport, IDNumber: "B1-2"},
		"bad phone":    {FullName: "A", Phone: "call me"},
		"unknown kind": {FullName: "A", IDKind: "card", IDNumber: "1"},
	} {
		if err := c.Validate(today); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	passport := citizen.Citizen{FullName: "John Smith", IDKind: citizen.IDPassport, IDNumber: "c1234567"}
	if err := passport.Validate(today); err != nil {
		t.Errorf("passport refused: %v", err)
	}
}
