package calendar

import "time"

// CountUnit is what a limit is counted in.
type CountUnit string

const (
	WorkingDays  CountUnit = "working_days" // ngày làm việc
	CalendarDays CountUnit = "days"         // ngày
)

// Reason says why a day was skipped or specially counted. Codes, not prose:
// the caller words them in the user's language.
type Reason string

const (
	ReasonSaturday Reason = "saturday"
	ReasonSunday   Reason = "sunday"
	// ReasonHoliday: the day has a Holiday entry (see DayNote.Entry for its
	// names and source), whatever weekday it is.
	ReasonHoliday Reason = "holiday"
	// ReasonMakeUpWorkday: the day has a MakeUpWorkday entry and was
	// counted although it would otherwise be a day off.
	ReasonMakeUpWorkday Reason = "make_up_workday"
)

// DayNote is one day that did not follow the plain Monday–Friday pattern
// during a count.
type DayNote struct {
	Date Date `json:"date"`
	// Weekday is 0 for Sunday through 6 for Saturday, so a UI can say
	// "Chủ nhật, Giỗ Tổ Hùng Vương" for a holiday on a weekend.
	Weekday time.Weekday `json:"weekday"`
	Reason  Reason       `json:"reason"`
	// Counted is true only for make-up working days, which count although
	// the day would otherwise be off; every other note is a day skipped.
	Counted bool   `json:"counted"`
	Entry   *Entry `json:"entry,omitempty"` // the calendar entry behind a holiday or make-up day
}

// Move is the step of a limit in days whose last day is not a working day:
// it ends on the next working day instead (Bộ luật Dân sự, Điều 148 khoản 5).
type Move struct {
	From   Date   `json:"from"`
	To     Date   `json:"to"`
	Reason Reason `json:"reason"` // why From is not a working day
	Entry  *Entry `json:"entry,omitempty"`
}

// Explanation is why a deadline falls where it does, as data ready for the
// API and the UI.
type Explanation struct {
	UnitID    int64     `json:"unit_id"` // the calendar used; 0 = deployment
	Start     Date      `json:"start"`   // the event day, not counted
	CountUnit CountUnit `json:"count_unit"`
	N         int       `json:"n"`
	Result    Date      `json:"result"`
	// Days lists, in date order, every day skipped while counting working
	// days, the make-up days counted, and for a limit in days the days
	// passed over after the last day (the calendar days inside a limit in
	// days all count, so they are not listed).
	Days  []DayNote `json:"days"`
	Moved *Move     `json:"moved,omitempty"` // limits in days only
}

// classify says whether d is a working day and, when d breaks the plain
// Monday–Friday pattern, the note an explanation shows for it. One map
// look-up per day: the counting loops call this for every day they pass.
func (c *Calendar) classify(d Date) (working bool, n DayNote, notable bool) {
	wd := d.Weekday()
	if e, listed := c.days[d]; listed {
		n = DayNote{Date: d, Weekday: wd, Reason: ReasonHoliday, Entry: &e}
		if e.Kind == MakeUpWorkday {
			n.Reason, n.Counted = ReasonMakeUpWorkday, true
		}
		return n.Counted, n, true
	}
	switch wd {
	case time.Saturday:
		return false, DayNote{Date: d, Weekday: wd, Reason: ReasonSaturday}, true
	case time.Sunday:
		return false, DayNote{Date: d, Weekday: wd, Reason: ReasonSunday}, true
	}
	return true, DayNote{}, false
}
