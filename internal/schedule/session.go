package schedule

import (
	"context"
	"strings"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/org"
)

// Status is where a session stands.
type Status string

const (
	Scheduled Status = "scheduled"
	Postponed Status = "postponed" // with a notice, and perhaps a replacement
	Cancelled Status = "cancelled" // its rule was ended, with a notice
)

// Session is one reception day of a leader.
type Session struct {
	ID       int64  `json:"id"`
	UnitID   int64  `json:"unit_id"`
	LeaderID int64  `json:"leader_id"`
	RuleID   *int64 `json:"rule_id,omitempty"` // nil: added by hand
	// NominalDay is the day the rule gives; Day, the day it is held.
	NominalDay  calendar.Date `json:"nominal_day"`
	Day         calendar.Date `json:"day"`
	MovedReason string        `json:"moved_reason,omitempty"`
	Start       string        `json:"start"`
	End         string        `json:"end"`
	Place       string        `json:"place"`
	Topic       string        `json:"topic,omitempty"`
	Status      Status        `json:"status"`
	Notice      string        `json:"notice,omitempty"`
	PostponedTo *int64        `json:"postponed_to,omitempty"`
	PublishedAt *time.Time    `json:"published_at,omitempty"`
	// LateNotice: published fewer than the required working days before
	// it is held (an ad hoc session, or a rule added at short notice).
	LateNotice bool      `json:"late_notice"`
	Created    time.Time `json:"created_at"`
	LeaderName string    `json:"leader_name,omitempty"`
}

// Times returns when the session starts and ends, in Asia/Ho_Chi_Minh.
func (s *Session) Times() (start, end time.Time) {
	a, _ := clock(s.Start)
	b, _ := clock(s.End)
	day := s.Day.Start()
	return day.Add(time.Duration(a) * time.Minute), day.Add(time.Duration(b) * time.Minute)
}

// Draft is a session added by hand (đột xuất), or the replacement of a
// postponed one.
type Draft struct {
	UnitID   int64         `json:"unit_id"`
	LeaderID int64         `json:"leader_id"`
	Day      calendar.Date `json:"day"`
	Start    string        `json:"start"`
	End      string        `json:"end"`
	Place    string        `json:"place"`
	Topic    string        `json:"topic"`
}

// Postponement is a session put off, with the notice citizens read and,
// optionally, the day it is held instead.
type Postponement struct {
	Notice string         `json:"notice"`
	To     *calendar.Date `json:"to_day"`
	Start  string         `json:"start"`
	End    string         `json:"end"`
}

// Filter selects sessions.
type Filter struct {
	UnitID        int64 // exactly this unit; 0 for all
	From, To      calendar.Date
	PublishedOnly bool
}

// Store keeps rules and sessions. The methods are few and their SQL
// portable, for every driver to implement alike.
type Store interface {
	CreateReceptionRule(ctx context.Context, r *Rule) error
	ReceptionRule(ctx context.Context, id int64) (*Rule, error)
	ReceptionRules(ctx context.Context, unitID int64) ([]Rule, error)
	// EndReceptionRule deactivates a rule and cancels its scheduled
	// sessions from a day on, with a notice, in one transaction; it
	// returns how many sessions it cancelled.
	EndReceptionRule(ctx context.Context, id int64, notice string, from calendar.Date, at time.Time) (int, error)
	// EnsureSessions stores the rule sessions not stored yet (one per rule
	// and nominal day), moves a scheduled one whose day changed (the
	// calendar changed), and returns how many it stored or moved.
	EnsureSessions(ctx context.Context, ss []Session, at time.Time) (int, error)
	// CreateSession stores a session added by hand.
	CreateSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, id int64) (*Session, error)
	Sessions(ctx context.Context, f Filter) ([]Session, error)
	// PostponeSession marks a scheduled session postponed with its notice
	// and stores its replacement, if any, in one transaction.
	PostponeSession(ctx context.Context, id int64, notice string, replacement *Session, at time.Time) (*Session, error)

	CalendarEntries(ctx context.Context) ([]calendar.Entry, error)
	RuleSets(ctx context.Context) ([]deadline.Set, error)
	Units(ctx context.Context) ([]org.Unit, error)
	Users(ctx context.Context, unitID int64) ([]org.User, error)
}

// tidy trims a draft's text.
func (d *Draft) tidy() {
	d.Place = strings.TrimSpace(d.Place)
	d.Topic = strings.TrimSpace(d.Topic)
}
