package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
)

// Config is what an agency can tune.
type Config struct {
	// Weeks is how far ahead rules are turned into sessions (8).
	Weeks int
}

// Poster posts notifications once under their keys (notify.Service).
type Poster interface {
	Post(ctx context.Context, out []notify.Outgoing) (int, error)
}

// Texts renders a message of the catalog in the users' language.
type Texts func(key string, params map[string]any) string

// Service keeps schedules and runs the "reception" job.
type Service struct {
	store Store
	post  Poster
	text  Texts
	cfg   Config
	now   func() time.Time
	log   *slog.Logger
}

// NewService returns the service.
func NewService(store Store, post Poster, text Texts, cfg Config, now func() time.Time, log *slog.Logger) *Service {
	if cfg.Weeks <= 0 {
		cfg.Weeks = 8
	}
	return &Service{store: store, post: post, text: text, cfg: cfg, now: now, log: log}
}

func (s *Service) calendar(ctx context.Context) (*calendar.Calendar, error) {
	entries, err := s.store.CalendarEntries(ctx)
	if err != nil {
		return nil, err
	}
	return calendar.New(entries), nil
}

// leaderOf checks that id is an active leader of the unit itself.
func (s *Service) leaderOf(ctx context.Context, unitID, id int64) (*org.User, error) {
	us, err := s.store.Users(ctx, unitID)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		if u.ID == id && u.UnitID == unitID && u.Active && u.Has(org.RoleLeader) {
			return &u, nil
		}
	}
	var p fault.Problems
	p.Add("leader_id", "schedule.leader", nil)
	return nil, p.Err()
}

// CreateRule validates and stores a rule, then turns it into sessions.
func (s *Service) CreateRule(ctx context.Context, r Rule) (*Rule, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.leaderOf(ctx, r.UnitID, r.LeaderID); err != nil {
		return nil, err
	}
	r.Active, r.Created = true, s.now()
	if err := s.store.CreateReceptionRule(ctx, &r); err != nil {
		return nil, err
	}
	if _, err := s.Generate(ctx); err != nil {
		return nil, err
	}
	return &r, nil
}

// Rule returns one rule.
func (s *Service) Rule(ctx context.Context, id int64) (*Rule, error) {
	return s.store.ReceptionRule(ctx, id)
}

// EndRule ends a rule: no more sessions, and those scheduled from today on
// are cancelled with the notice citizens read.
func (s *Service) EndRule(ctx context.Context, id int64, notice string) (int, error) {
	notice = strings.TrimSpace(notice)
	if notice == "" {
		var p fault.Problems
		p.Add("notice", "invalid.required", nil)
		return 0, p.Err()
	}
	return s.store.EndReceptionRule(ctx, id, notice, calendar.Of(s.now()), s.now())
}

// Rules returns a unit's rules.
func (s *Service) Rules(ctx context.Context, unitID int64) ([]Rule, error) {
	return s.store.ReceptionRules(ctx, unitID)
}

// Sessions returns sessions, with whether each was published late.
func (s *Service) Sessions(ctx context.Context, f Filter) ([]Session, error) {
	ss, err := s.store.Sessions(ctx, f)
	if err != nil {
		return nil, err
	}
	mark, err := s.noticeMarker(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ss {
		mark(&ss[i])
	}
	return ss, nil
}

// noticeMarker returns a function that flags a session published fewer
// working days ahead than the rule in force on its day requires.
func (s *Service) noticeMarker(ctx context.Context) (func(*Session), error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	sets, err := s.store.RuleSets(ctx)
	if err != nil {
		return nil, err
	}
	return func(ss *Session) {
		set := deadline.InForce(sets, ss.Day)
		if ss.PublishedAt == nil || set == nil {
			return
		}
		if v, ok := set.Value(deadline.KeyReceptionNotice); ok {
			ss.LateNotice = cal.For(ss.UnitID).WorkingDaysBetween(calendar.Of(*ss.PublishedAt), ss.Day) < v.Limit
		}
	}, nil
}

// AddSession adds a session by hand (đột xuất): public at once.
func (s *Service) AddSession(ctx context.Context, d Draft) (*Session, error) {
	ss, err := s.draftSession(ctx, d.UnitID, d.LeaderID, d)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateSession(ctx, ss); err != nil {
		return nil, err
	}
	mark, err := s.noticeMarker(ctx)
	if err != nil {
		return nil, err
	}
	mark(ss)
	return ss, nil
}

func (s *Service) draftSession(ctx context.Context, unitID, leaderID int64, d Draft) (*Session, error) {
	d.tidy()
	var p fault.Problems
	validTimes(&p, d.Start, d.End)
	if d.Place == "" {
		p.Add("place", "invalid.required", nil)
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if d.Day.IsZero() || d.Day.Before(calendar.Of(now)) || !cal.For(unitID).IsWorkingDay(d.Day) {
		p.Add("day", "schedule.session_day", nil)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if _, err := s.leaderOf(ctx, unitID, leaderID); err != nil {
		return nil, err
	}
	return &Session{UnitID: unitID, LeaderID: leaderID, NominalDay: d.Day, Day: d.Day, Start: d.Start, End: d.End,
		Place: d.Place, Topic: d.Topic, Status: Scheduled, PublishedAt: &now, Created: now}, nil
}

// Postpone puts a session off with a notice and, when a day is given,
// schedules its replacement; the leader is told.
func (s *Service) Postpone(ctx context.Context, id int64, p Postponement) (*Session, error) {
	old, err := s.store.Session(ctx, id)
	if err != nil {
		return nil, err
	}
	if old.Status != Scheduled {
		return nil, fault.New(fault.Conflict, "schedule.postponed", nil)
	}
	p.Notice = strings.TrimSpace(p.Notice)
	if p.Notice == "" {
		var pr fault.Problems
		pr.Add("notice", "invalid.required", nil)
		return nil, pr.Err()
	}
	var repl *Session
	if p.To != nil {
		d := Draft{Day: *p.To, Start: p.Start, End: p.End, Place: old.Place, Topic: old.Topic}
		if d.Start == "" && d.End == "" {
			d.Start, d.End = old.Start, old.End
		}
		if repl, err = s.draftSession(ctx, old.UnitID, old.LeaderID, d); err != nil {
			return nil, err
		}
	}
	done, err := s.store.PostponeSession(ctx, id, p.Notice, repl, s.now())
	if err != nil {
		return nil, err
	}
	params := map[string]any{"Day": old.Day.Format(), "Place": old.Place, "Notice": p.Notice, "To": ""}
	if repl != nil {
		params["To"] = repl.Day.Format()
	}
	if _, err := s.post.Post(ctx, []notify.Outgoing{{Key: notify.Key{Topic: TopicSession, ObjectID: id, Step: "postponed", UserID: old.LeaderID},
		Kind: "reception", Subject: s.text("schedule.postponed.subject", params), Body: s.text("schedule.postponed.body", params)}}); err != nil {
		return nil, err
	}
	return done, nil
}

// Topics of the keys of the reception reminders.
const (
	TopicSession = "session"
	TopicMinimum = "reception_minimum"
)

// Run is the "reception" job: it turns the rules into sessions for the
// coming weeks and publishes them, reminds each leader of their session
// the working day before, and warns the leaders of a unit whose schedule
// is below the legal minimum.
func (s *Service) Run(ctx context.Context) error {
	if _, err := s.Generate(ctx); err != nil {
		return err
	}
	if err := s.remindEve(ctx); err != nil {
		return err
	}
	return s.warnMinimums(ctx)
}

// Generate stores the sessions of every active rule from today to the
// horizon, moved off days off, published as they are stored; a session
// stored before a holiday was added moves off it.
func (s *Service) Generate(ctx context.Context) (int, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return 0, err
	}
	rules, err := s.store.ReceptionRules(ctx, 0)
	if err != nil {
		return 0, err
	}
	now := s.now()
	today := calendar.Of(now)
	to := today.AddDays(7 * s.cfg.Weeks)
	var ss []Session
	for _, r := range rules {
		if !r.Active {
			continue
		}
		ucal := cal.For(r.UnitID)
		for _, n := range r.Days(today, to) {
			day, why := Place(ucal, n)
			id := r.ID
			ss = append(ss, Session{UnitID: r.UnitID, LeaderID: r.LeaderID, RuleID: &id, NominalDay: n, Day: day, MovedReason: why,
				Start: r.Start, End: r.End, Place: r.Place, Topic: r.Topic, Status: Scheduled, PublishedAt: &now, Created: now})
		}
	}
	n, err := s.store.EnsureSessions(ctx, ss, now)
	if err == nil && n > 0 {
		s.log.Info("reception sessions scheduled or moved", "sessions", n)
	}
	return n, err
}

// remindEve tells each leader of their session on the next working day
// (and, after downtime, of one today not yet reminded).
func (s *Service) remindEve(ctx context.Context) error {
	cal, err := s.calendar(ctx)
	if err != nil {
		return err
	}
	today := calendar.Of(s.now())
	ss, err := s.store.Sessions(ctx, Filter{From: today, To: today.AddDays(10)})
	if err != nil {
		return err
	}
	var out []notify.Outgoing
	for _, x := range ss {
		ucal := cal.For(x.UnitID)
		due := x.Day == today || (ucal.IsWorkingDay(today) && x.Day == ucal.NextWorkingDay(today))
		if x.Status != Scheduled || !due {
			continue
		}
		params := map[string]any{"Day": x.Day.Format(), "Start": x.Start, "End": x.End, "Place": x.Place, "Topic": x.Topic}
		out = append(out, notify.Outgoing{Key: notify.Key{Topic: TopicSession, ObjectID: x.ID, Step: "eve", UserID: x.LeaderID},
			Kind: "reception", Subject: s.text("schedule.eve.subject", params), Body: s.text("schedule.eve.body", params)})
	}
	_, err = s.post.Post(ctx, out)
	return err
}

// Compliance checks one unit's schedule against its legal minimum.
func (s *Service) Compliance(ctx context.Context, unitID int64) (Compliance, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return Compliance{}, err
	}
	i := slices.IndexFunc(units, func(u org.Unit) bool { return u.ID == unitID })
	if i < 0 {
		return Compliance{}, fault.New(fault.NotFound, "not_found", nil)
	}
	cs, err := s.check(ctx, units[i:i+1])
	if err != nil || len(cs) == 0 {
		return Compliance{UnitID: unitID, Periods: []Period{}, Short: []Period{}, Meets: true}, err
	}
	return cs[0], nil
}

func (s *Service) check(ctx context.Context, units []org.Unit) ([]Compliance, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	sets, err := s.store.RuleSets(ctx)
	if err != nil {
		return nil, err
	}
	today := calendar.Of(s.now())
	set := deadline.InForce(sets, today)
	if set == nil {
		return nil, fmt.Errorf("schedule: no rule set in force on %s", today)
	}
	rules, err := s.store.ReceptionRules(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []Compliance
	for _, u := range units {
		min, ok := MinimumFor(set, u.Level)
		if !ok {
			continue
		}
		var mine []Rule
		for _, r := range rules {
			if r.UnitID == u.ID {
				mine = append(mine, r)
			}
		}
		out = append(out, Check(cal.For(u.ID), mine, min, u.ID, today))
	}
	return out, nil
}

// warnMinimums tells the leaders of each unit with a schedule that falls
// short, once per first short period.
func (s *Service) warnMinimums(ctx context.Context) error {
	units, err := s.store.Units(ctx)
	if err != nil {
		return err
	}
	cs, err := s.check(ctx, units)
	if err != nil {
		return err
	}
	byID := map[int64]org.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	var out []notify.Outgoing
	for _, c := range cs {
		if c.Meets {
			continue
		}
		us, err := s.store.Users(ctx, c.UnitID)
		if err != nil {
			return err
		}
		period := "schedule.period.month"
		if c.Minimum.Per == deadline.PerWeek {
			period = "schedule.period.week"
		}
		params := map[string]any{"Unit": byID[c.UnitID].Name, "Source": c.Minimum.Source, "Min": c.Minimum.Days,
			"Period": s.text(period, nil), "Short": len(c.Short), "From": c.Short[0].From.Format()}
		for _, u := range us {
			if u.UnitID != c.UnitID || !u.Active || !u.Has(org.RoleLeader) {
				continue
			}
			out = append(out, notify.Outgoing{Key: notify.Key{Topic: TopicMinimum, ObjectID: c.UnitID, Step: c.Short[0].From.String(), UserID: u.ID},
				Kind: "reception_minimum", Subject: s.text("schedule.minimum.subject", params), Body: s.text("schedule.minimum.body", params)})
		}
	}
	_, err = s.post.Post(ctx, out)
	return err
}

// Public returns a unit's published sessions from a month back to the
// horizon, with the leaders' names, for anyone to read.
func (s *Service) Public(ctx context.Context, code string) (*org.Unit, []Session, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(units, func(u org.Unit) bool { return strings.EqualFold(u.Code, code) })
	if i < 0 {
		return nil, nil, fault.New(fault.NotFound, "unit.unknown_code", nil)
	}
	today := calendar.Of(s.now())
	ss, err := s.Sessions(ctx, Filter{UnitID: units[i].ID, From: today.AddDays(-31), To: today.AddDays(7 * s.cfg.Weeks), PublishedOnly: true})
	if err != nil {
		return nil, nil, err
	}
	return &units[i], ss, nil
}

// Session returns one session.
func (s *Service) Session(ctx context.Context, id int64) (*Session, error) {
	return s.store.Session(ctx, id)
}
