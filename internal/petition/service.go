package petition

import (
	"context"
	"errors"
	"sync"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"

	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

// HistoryEntry is one row of a petition's history: an event, who fired it,
// when, the states before and after, and the data recorded.
type HistoryEntry struct {
	ID         int64     `json:"id"`
	PetitionID int64     `json:"petition_id"`
	Version    int       `json:"version"` // the petition's version after the event
	Event      Event     `json:"event"`
	From       State     `json:"from,omitempty"`
	To         State     `json:"to"`
	Data       EventData `json:"data"`
	// Change is the deadline a recompute moved.
	Change  *deadline.Change `json:"deadline_change,omitempty"`
	ActorID int64            `json:"actor_id"`
	At      time.Time        `json:"at"`
}

// Transition is everything one event changes, written by the store in one
// transaction: the petition (only if it is still at FromVersion), its
// history row and, when forwarding inside the deployment, the receiving
// unit's new petition.
type Transition struct {
	Petition    *Petition
	FromVersion int
	History     HistoryEntry
	Forward     *Draft // the copy for the receiving unit, or nil
	ForwardCode string // its tracking code
	// Deadlines the event opens (ID 0) or changes, on this petition or, when
	// a forwarded copy gets its outcome, on its source; planned from the
	// rules at RulesRevision.
	Deadlines     []deadline.Deadline
	RulesRevision int64
}

// ErrStalePlan is the store's answer to deadlines planned from rules an
// admin changed in the meantime, or from deadlines another write changed;
// the service plans again and retries.
var ErrStalePlan = errors.New("petition: deadlines were planned from data that changed during the write")

// Filter selects petitions for a list.
type Filter struct {
	UnitID      int64 // the unit and everything under it; 0 for all
	States      []State
	Types       []Type
	Field       string
	HandlerID   int64
	CitizenID   int64      // petitions this citizen is a complainant of
	ReceivedMin *time.Time // inclusive
	ReceivedMax *time.Time // exclusive
	Query       string     // text search, diacritics ignored
	Sort        string     // "received_at" or "-received_at" (default)
	Limit       int
	Offset      int
}

// Page is one page of a list.
type Page struct {
	Items []Petition `json:"items"`
	Total int        `json:"total"`
	// TotalCapped: a text search stopped counting at Total; there are more.
	TotalCapped bool `json:"total_capped,omitempty"`
}

// Store keeps petitions. Each method is one transaction.
type Store interface {
	// CreatePetition stores a validated draft with its "receive" history row.
	// With an idempotency key already used by the same actor it returns the
	// petition created then and replayed=true.
	CreatePetition(ctx context.Context, d *Draft, code string, actor org.User, at time.Time, idem Idempotency) (r *Record, replayed bool, err error)
	Record(ctx context.Context, id int64) (*Record, error)
	// PetitionIDByCode finds a petition by its (normalized) tracking code.
	PetitionIDByCode(ctx context.Context, code string) (int64, error)
	Petition(ctx context.Context, id int64) (*Petition, error)
	Petitions(ctx context.Context, f Filter) (Page, error)
	// EachPetition calls fn with every petition the filter matches, in the
	// list's order, a batch at a time (for exports).
	EachPetition(ctx context.Context, f Filter, fn func(*Petition) error) error
	History(ctx context.Context, id int64) ([]HistoryEntry, error)
	PetitionDeadlines(ctx context.Context, id int64) ([]deadline.Deadline, error)
	// ApplyTransition writes t, or returns a Stale error when the petition
	// is no longer at t.FromVersion.
	ApplyTransition(ctx context.Context, t Transition) (*Record, error)
	Confidentiality
}

// Idempotency identifies a create request a client may retry.
type Idempotency struct {
	Key         string // the Idempotency-Key header; empty for none
	RequestHash string // a hash of the request body, to refuse a reused key with another body
}

// Rules gives the deployment's rule sets, calendar and a petition's live
// deadlines, from which every event's deadlines are planned.
type Rules interface {
	RulesRevision(ctx context.Context) (int64, error)
	RuleSets(ctx context.Context) ([]deadline.Set, error)
	CalendarEntries(ctx context.Context) ([]calendar.Entry, error)
	LiveDeadlines(ctx context.Context, petitionID int64) ([]deadline.Deadline, error)
}

// Service applies the rules of petitions over a store.
type Service struct {
	store Store
	rules Rules
	now   func() time.Time

	mu     sync.Mutex
	cached *deadline.Planner
}

// NewService returns a service over store and rules; now is the clock.
func NewService(store Store, rules Rules, now func() time.Time) *Service {
	return &Service{store: store, rules: rules, now: now}
}

// Record is a petition with its history and deadlines: what its page shows.
type Record struct {
	*Petition
	History   []HistoryEntry      `json:"history"`
	Deadlines []deadline.Deadline `json:"deadlines"`
}

// Record returns a petition with its history and deadlines.
func (s *Service) Record(ctx context.Context, id int64) (*Record, error) {
	return s.store.Record(ctx, id)
}

// Create validates and stores a petition with the deadlines receipt opens.
func (s *Service) Create(ctx context.Context, actor org.User, d Draft, idem Idempotency) (*Record, bool, error) {
	now := s.now()
	if err := d.Validate(now); err != nil {
		return nil, false, err
	}
	code := NewCode()
	for try := 0; ; try++ {
		pl, err := s.planner(ctx)
		if err != nil {
			return nil, false, err
		}
		if err := PlanReceipt(pl, &d); err != nil {
			return nil, false, err
		}
		r, replayed, err := s.store.CreatePetition(ctx, &d, code, actor, now, idem)
		if errors.Is(err, ErrStalePlan) && try == 0 {
			s.Refresh()
			continue
		}
		return r, replayed, rulesChanged(err)
	}
}

// Refresh drops the cached rules; the next event reads them again.
func (s *Service) Refresh() {
	s.mu.Lock()
	s.cached = nil
	s.mu.Unlock()
}

// Planner returns the deadline planner over the current rules and calendar.
func (s *Service) Planner(ctx context.Context) (*deadline.Planner, error) { return s.planner(ctx) }

// planner builds the calendar and rule sets once and keeps them: every
// event needs them and only an admin changes them. Each write carries the
// revision they were built at, and the store refuses it if the rules have
// changed since (ErrStalePlan), which drops this cache.
func (s *Service) planner(ctx context.Context) (*deadline.Planner, error) {
	s.mu.Lock()
	if s.cached != nil {
		pl := s.cached
		s.mu.Unlock()
		return pl, nil
	}
	s.mu.Unlock()
	rev, err := s.rules.RulesRevision(ctx)
	if err != nil {
		return nil, err
	}
	sets, err := s.rules.RuleSets(ctx)
	if err != nil {
		return nil, err
	}
	entries, err := s.rules.CalendarEntries(ctx)
	if err != nil {
		return nil, err
	}
	pl := &deadline.Planner{Revision: rev, Sets: sets, Calendar: calendar.New(entries)}
	s.mu.Lock()
	s.cached = pl
	s.mu.Unlock()
	return pl, nil
}

// PlanReceipt sets the deadlines a validated draft opens when received.
func PlanReceipt(pl *deadline.Planner, d *Draft) error {
	ds, err := pl.OnReceive(deadline.Facts{
		UnitID: d.UnitID, Type: string(d.Type), Round: d.Round, Channel: string(d.Channel),
		FromVisit: d.FromVisit || d.VisitID != nil, NotOurs: d.Competence == CompetenceNotOurs,
		SeveralLocations: d.SeveralLocations, ReceivedOn: calendar.Of(*d.ReceivedAt),
	})
	d.Deadlines, d.RulesRevision = ds, pl.Revision
	return err
}

// Deadlines returns a petition's deadlines with their explanations.
func (s *Service) Deadlines(ctx context.Context, id int64) ([]deadline.Deadline, error) {
	return s.store.PetitionDeadlines(ctx, id)
}

// facts is what the deadline rules need to know about p.
func facts(p *Petition) deadline.Facts {
	return deadline.Facts{
		PetitionID: p.ID, UnitID: p.UnitID, Type: string(p.Type), Round: p.Round, Channel: string(p.Channel),
		FromVisit: p.VisitID != nil, NotOurs: p.Competence == CompetenceNotOurs, SeveralLocations: p.SeveralLocations,
		ReceivedOn: calendar.Of(p.ReceivedAt), Complexity: string(p.Outcome.Complexity), RemoteArea: p.Outcome.RemoteArea,
	}
}

// Get returns a petition by id.
func (s *Service) Get(ctx context.Context, id int64) (*Petition, error) {
	return s.store.Petition(ctx, id)
}

// List returns a page of petitions.
// Each calls fn with every petition the filter matches, without pages.
// Confidential petitions come without their complainants, as in lists.
func (s *Service) Each(ctx context.Context, f Filter, fn func(*Petition) error) error {
	return s.store.EachPetition(ctx, f, fn)
}

func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	return s.store.Petitions(ctx, f)
}

// History returns a petition's history, oldest first.
func (s *Service) History(ctx context.Context, id int64) ([]HistoryEntry, error) {
	return s.store.History(ctx, id)
}

// EventRequest is one event as an official submits it.
type EventRequest struct {
	Event   Event
	Version int
	Data    EventData
}

// Fire applies an event to a petition: the event must exist and be allowed
// in the petition's state, the version must be current and the data
// complete. Nothing is written unless all of that holds.
func (s *Service) Fire(ctx context.Context, actor org.User, id int64, r EventRequest) (*Record, error) {
	p, err := s.fire(ctx, actor, id, r)
	if errors.Is(err, ErrStalePlan) {
		s.Refresh()
		p, err = s.fire(ctx, actor, id, r)
	}
	return p, rulesChanged(err)
}

// rulesChanged turns a second ErrStalePlan in a row (the rules or the
// deadlines changing twice during one write) into a conflict the user can
// retry.
func rulesChanged(err error) error {
	if errors.Is(err, ErrStalePlan) {
		return fault.Wrap(fault.Conflict, "petition.rules_changed", err)
	}
	return err
}

func (s *Service) fire(ctx context.Context, actor org.User, id int64, r EventRequest) (*Record, error) {
	if !KnownEvent(r.Event) {
		return nil, fault.New(fault.Invalid, "petition.event_unknown", map[string]any{"Event": string(r.Event)})
	}
	p, err := s.store.Petition(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Version != p.Version {
		return nil, fault.New(fault.Stale, "petition.stale_version", map[string]any{"Sent": r.Version, "Current": p.Version})
	}
	to, ok := next(p.State, r.Event)
	if ok && !MayFire(actor, r.Event) {
		return nil, fault.New(fault.Forbidden, "petition.event_forbidden", map[string]any{"Event": string(r.Event)})
	}
	if !ok {
		return nil, fault.New(fault.Conflict, "petition.event_not_allowed", map[string]any{"Event": string(r.Event), "State": string(p.State)})
	}
	now := s.now()
	data, err := r.Data.clean(r.Event, p, now)
	if err != nil {
		return nil, err
	}
	from := p.State
	data.apply(r.Event, p, now)
	p.State = to
	p.Version++
	p.UpdatedAt = now
	t := Transition{
		Petition:    p,
		FromVersion: r.Version,
		History: HistoryEntry{
			PetitionID: p.ID, Version: p.Version, Event: r.Event,
			From: from, To: to, Data: data, ActorID: actor.ID, At: now,
		},
	}
	if t.Deadlines, t.RulesRevision, err = s.planEvent(ctx, p, from, r.Event, data, now); err != nil {
		return nil, err
	}
	if r.Event == EventForward && data.TargetUnitID != nil {
		t.Forward = forwardDraft(p, *data.TargetUnitID, now)
		t.ForwardCode = NewCode()
		pl, err := s.planner(ctx)
		if err != nil {
			return nil, err
		}
		if err := PlanReceipt(pl, t.Forward); err != nil {
			return nil, err
		}
	}
	return s.store.ApplyTransition(ctx, t)
}

// planEvent works out the deadlines an event closes, opens or moves. The
// step counts as done on the day of the event; a resolution, on the day of
// its decision.
func (s *Service) planEvent(ctx context.Context, p *Petition, from State, e Event, data EventData, now time.Time) ([]deadline.Deadline, int64, error) {
	pl, err := s.planner(ctx)
	if err != nil {
		return nil, 0, err
	}
	live, err := s.rules.LiveDeadlines(ctx, p.ID)
	if err != nil {
		return nil, 0, err
	}
	ev := deadline.Event{Name: string(e), On: calendar.Of(now), LeftReceived: from == StateReceived}
	if e == EventResolve {
		if d, err := calendar.ParseDate(data.DecisionDate); err == nil {
			ev.On = d
		}
	}
	if e == EventExtend {
		if d, err := calendar.ParseDate(data.NewDeadline); err == nil {
			ev.NewDeadline = &d
		}
	}
	out, err := pl.OnEvent(facts(p), ev, live)
	if err != nil {
		return nil, 0, err
	}
	// A forwarded copy's first outcome is the reply its source awaited.
	if p.SourceID != nil && from == StateReceived {
		src, err := s.rules.LiveDeadlines(ctx, *p.SourceID)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, deadline.CloseForwardReply(src, ev.On)...)
	}
	return out, pl.Revision, nil
}

// forwardDraft is the receiving unit's copy of a forwarded petition: a new
// petition, received now, not yet classified, linked back to the source.
func forwardDraft(p *Petition, unitID int64, now time.Time) *Draft {
	id := p.ID
	return &Draft{
		UnitID: unitID, Channel: ChannelForwarded, Type: p.Type, Field: p.Field,
		Competence: CompetenceUnknown, Eligibility: EligibilityUnknown,
		Summary: p.Summary, Content: p.Content, Complainants: p.Complainant, Confidential: p.Confidential,
		Respondent: p.Respondent, ReceivedAt: &now, Round: p.Round,
		FirstRound: p.FirstRound, SourceID: &id,
	}
}
