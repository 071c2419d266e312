package deadline

import (
	"time"

	"tiepdan/internal/calendar"
)

// Step is a duty with a time limit in a petition's life.
type Step string

const (
	StepProcess         Step = "process"          // classify and decide the outcome
	StepAccept          Step = "accept"           // decide whether to accept a complaint
	StepForward         Step = "forward"          // forward what is not ours
	StepNotifyVisitor   Step = "notify_visitor"   // tell the visitor what became of it
	StepNotifyForwarder Step = "notify_forwarder" // tell the press or agency that forwarded a denunciation
	StepResolve         Step = "resolve"          // decide an accepted case
	StepForwardReply    Step = "forward_reply"    // the reply expected from the unit we forwarded to
)

// Steps lists the steps in display order.
var Steps = []Step{StepProcess, StepAccept, StepForward, StepNotifyVisitor, StepNotifyForwarder, StepResolve, StepForwardReply}

// Status is where a deadline stands. Open and suspended deadlines are
// recomputed when the calendar or a rule changes; the others are history.
type Status string

const (
	StatusOpen      Status = "open"
	StatusSuspended Status = "suspended" // the clock is stopped (tạm đình chỉ)
	StatusMet       Status = "met"       // the step was done on or before the deadline
	StatusMissed    Status = "missed"    // the step was done after it
	StatusCancelled Status = "cancelled" // the case ended another way (withdrawn)
)

// Pause is one suspension of the clock; To is nil while it lasts.
type Pause struct {
	From calendar.Date  `json:"from"`
	To   *calendar.Date `json:"to,omitempty"`
}

// Deadline is one step's time limit on one petition, with everything needed
// to compute it again when the calendar or the rule changes.
type Deadline struct {
	ID          int64              `json:"id"`
	PetitionID  int64              `json:"petition_id"`
	UnitID      int64              `json:"unit_id"`
	Step        Step               `json:"step"`
	RuleSetID   int64              `json:"rule_set_id"`
	RuleKey     Key                `json:"rule_key"`
	Start       calendar.Date      `json:"start"` // the event day, not counted
	Limit       int                `json:"limit"`
	Unit        calendar.CountUnit `json:"count_unit"`
	ExtendedBy  int                `json:"extended_by,omitempty"` // days (or working days) added by extensions
	Extensions  int                `json:"extensions,omitempty"`
	Pauses      []Pause            `json:"pauses,omitempty"`
	Due         calendar.Date      `json:"due"`
	Status      Status             `json:"status"`
	DoneOn      *calendar.Date     `json:"done_on,omitempty"`
	Explanation Explanation        `json:"explanation,omitzero"` // left out of lists
	UpdatedAt   time.Time          `json:"updated_at"`
}

// Explanation is why a deadline falls where it does: the rule and its
// source, the count (the days skipped and why), extensions and pauses.
type Explanation struct {
	RuleSet    string               `json:"rule_set"`
	RuleKey    Key                  `json:"rule_key"`
	Limit      int                  `json:"limit"`
	Unit       calendar.CountUnit   `json:"count_unit"`
	Source     string               `json:"source"`
	ExtendedBy int                  `json:"extended_by,omitempty"`
	Pauses     []Pause              `json:"pauses,omitempty"`
	Count      calendar.Explanation `json:"count"` // the last count, from Start or from the last resumption
}

// Live reports whether the deadline still runs (open or paused).
func (d *Deadline) Live() bool { return d.Status == StatusOpen || d.Status == StatusSuspended }

// compute sets Due and Explanation from the deadline's parameters. With
// pauses, the days used before each pause are kept and the rest is counted
// from the resumption day (Nghị định 155/2026, Điều 28b khoản 2: the time
// limit continues from the decision to resume).
func (d *Deadline) compute(cal *calendar.Calendar, set *Set) {
	v := set.Values[d.RuleKey]
	add := func(from calendar.Date, n int) (calendar.Date, calendar.Explanation) {
		if d.Unit == calendar.WorkingDays {
			return cal.AddWorkingDays(from, n)
		}
		return cal.AddDays(from, n)
	}
	left := d.Limit + d.ExtendedBy
	start := d.Start
	due, ex := add(start, left)
	for _, p := range d.Pauses {
		// A suspension after the deadline had passed cannot make the case
		// timely again: the missed day stands.
		if p.From.After(due) {
			break
		}
		left -= used(cal, d.Unit, start, p.From)
		if p.To == nil {
			// While suspended, show the day it would fall on if resumed at
			// once: the remaining time counted from the day before the pause.
			due, ex = add(p.From.AddDays(-1), left)
			break
		}
		start = *p.To
		due, ex = add(start, left)
	}
	d.Due = due
	d.Explanation = Explanation{
		RuleSet: set.Name, RuleKey: d.RuleKey, Limit: d.Limit, Unit: d.Unit, Source: v.Source,
		ExtendedBy: d.ExtendedBy, Pauses: d.Pauses, Count: ex,
	}
}

// used is how much of a limit ran between start (not counted) and the day a
// pause began (not counted either: the clock stops that day).
func used(cal *calendar.Calendar, unit calendar.CountUnit, start, pausedOn calendar.Date) int {
	if !pausedOn.After(start) {
		return 0
	}
	last := pausedOn.AddDays(-1)
	if unit == calendar.WorkingDays {
		return cal.WorkingDaysBetween(start, last)
	}
	return last.Sub(start)
}

// close ends a live deadline on day on: met when on or before the due day.
func (d *Deadline) close(on calendar.Date) {
	d.DoneOn = &on
	if on.After(d.Due) {
		d.Status = StatusMissed
	} else {
		d.Status = StatusMet
	}
}
