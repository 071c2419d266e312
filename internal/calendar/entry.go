package calendar

import (
	"cmp"
	"fmt"
	"slices"

	"tiepdan/internal/fault"
)

// DayKind says what an entry does to its day.
type DayKind uint8

const (
	// Holiday closes the office on a day it would be open: a public holiday,
	// a day of the Tết break, a compensatory day off (nghỉ bù) or a weekday
	// swapped away (hoán đổi) to bridge a holiday.
	Holiday DayKind = iota + 1
	// MakeUpWorkday opens the office on a day it would be closed: the
	// Saturday worked to pay for a swapped weekday (ngày làm bù). A unit can
	// also use it to work on a deployment holiday.
	MakeUpWorkday
)

var kindNames = [...]string{Holiday: "holiday", MakeUpWorkday: "make_up_workday"}

func (k DayKind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("DayKind(%d)", uint8(k))
}

// MarshalText writes the code the API and the database use.
func (k DayKind) MarshalText() ([]byte, error) {
	if k != Holiday && k != MakeUpWorkday {
		return nil, fmt.Errorf("calendar: unknown day kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText reads "holiday" or "make_up_workday".
func (k *DayKind) UnmarshalText(b []byte) error {
	for i, name := range kindNames {
		if name != "" && name == string(b) {
			*k = DayKind(i)
			return nil
		}
	}
	return fmt.Errorf("calendar: unknown day kind %q", b)
}

// Entry is one day that breaks the Monday–Friday pattern, with where that
// comes from, so a leader reading a deadline can check it against the text.
type Entry struct {
	ID     int64   `json:"id,omitempty"` // the stored row, when it comes from the database
	Date   Date    `json:"date"`
	Kind   DayKind `json:"kind"`
	NameVI string  `json:"name_vi"` // e.g. "Tết Nguyên đán"
	NameEN string  `json:"name_en"` // e.g. "Lunar New Year"
	// Source is the legal basis: the Labour Code article, the yearly notice,
	// or a warning that the day is a default awaiting that notice.
	Source string `json:"source"`
	// UnitID scopes the entry to one unit; 0 means the whole deployment.
	UnitID int64 `json:"unit_id"`
	// Tentative marks a day derived by rule or recalled without the notice
	// at hand; an admin should confirm it against the official text.
	Tentative bool `json:"tentative"`
}

// Validate checks entries before they are saved or built into a Calendar:
// every field filled, and at most one entry per day and scope (New would
// silently keep the last one). The error is a fault.Invalid listing every
// problem, with fields like "entries[3].date".
func Validate(entries []Entry) error {
	var p fault.Problems
	type key struct {
		unit int64
		date Date
	}
	seen := make(map[key]int, len(entries))
	for i, e := range entries {
		at := func(field string) string { return fmt.Sprintf("entries[%d].%s", i, field) }
		if e.Date.IsZero() {
			p.Add(at("date"), "invalid.required", nil)
		}
		if e.Kind != Holiday && e.Kind != MakeUpWorkday {
			p.Add(at("kind"), "invalid.choice", map[string]any{"Value": e.Kind.String()})
		}
		if e.NameVI == "" {
			p.Add(at("name_vi"), "invalid.required", nil)
		}
		if e.NameEN == "" {
			p.Add(at("name_en"), "invalid.required", nil)
		}
		if e.Source == "" {
			p.Add(at("source"), "invalid.required", nil)
		}
		if e.UnitID < 0 {
			p.Add(at("unit_id"), "invalid.value", nil)
		}
		k := key{e.UnitID, e.Date}
		if j, dup := seen[k]; dup && !e.Date.IsZero() {
			p.Add(at("date"), "conflict.duplicate", map[string]any{"Other": fmt.Sprintf("entries[%d]", j)})
		} else {
			seen[k] = i
		}
	}
	return p.Err()
}

// sortEntries orders entries by date, then deployment before unit, so lists
// read like a calendar.
func sortEntries(es []Entry) {
	slices.SortStableFunc(es, func(a, b Entry) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.UnitID, b.UnitID)
	})
}
