package calendar_test

import (
	"encoding/json"
	"errors"
	"testing"

	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
)

func TestValidateListsEveryProblem(t *testing.T) {
	ok := calendar.Entry{Date: day(2026, 6, 10), Kind: calendar.Holiday, NameVI: "a", NameEN: "a", Source: "s"}
	sameDayOtherUnit := ok
	sameDayOtherUnit.UnitID = 7
	dup := ok
	noName := ok
	noName.Date, noName.NameVI = day(2026, 6, 11), ""
	badKind := ok
	badKind.Date, badKind.Kind = day(2026, 6, 12), 0

	if err := calendar.Validate([]calendar.Entry{ok, sameDayOtherUnit}); err != nil {
		t.Fatalf("a day may be listed once per scope: %v", err)
	}
	err := calendar.Validate([]calendar.Entry{ok, sameDayOtherUnit, dup, noName, badKind})
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code != fault.Invalid {
		t.Fatalf("err = %v, want fault.Invalid", err)
	}
	got := map[string]string{}
	for _, p := range fe.Problems {
		got[p.Field] = p.Key
	}
	want := map[string]string{
		"entries[2].date":    "conflict.duplicate",
		"entries[3].name_vi": "invalid.required",
		"entries[4].kind":    "invalid.choice",
	}
	if len(got) != len(want) {
		t.Errorf("problems = %v, want %v", got, want)
	}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("%s = %q, want %q", f, got[f], k)
		}
	}
}

func TestLaterEntryWinsWithinAScope(t *testing.T) {
	// Documented fallback for New when Validate was skipped.
	cal := calendar.New([]calendar.Entry{
		{Date: day(2026, 6, 13), Kind: calendar.Holiday, NameVI: "a", NameEN: "a", Source: "s"},
		{Date: day(2026, 6, 13), Kind: calendar.MakeUpWorkday, NameVI: "b", NameEN: "b", Source: "s"},
	})
	if !cal.IsWorkingDay(day(2026, 6, 13)) {
		t.Error("the later make-up entry should win")
	}
}

func TestEntryJSON(t *testing.T) {
	e := calendar.Entry{Date: day(2025, 4, 26), Kind: calendar.MakeUpWorkday, NameVI: "Làm bù", NameEN: "Make-up", Source: "s", UnitID: 3}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"date":"2025-04-26","kind":"make_up_workday","name_vi":"Làm bù","name_en":"Make-up","source":"s","unit_id":3,"tentative":false}`
	if string(b) != want {
		t.Errorf("marshal = %s\nwant      %s", b, want)
	}
	var back calendar.Entry
	if err := json.Unmarshal(b, &back); err != nil || back != e {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"kind":"weekend"}`), &back); err == nil {
		t.Error("unknown kind accepted")
	}
}
