package petition

import (
	"context"
	"time"

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
	ActorID    int64     `json:"actor_id"`
	At         time.Time `json:"at"`
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
}

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
}

// Store keeps petitions. Each method is one transaction.
type Store interface {
	// CreatePetition stores a validated draft with its "receive" history row.
	// With an idempotency key already used by the same actor it returns the
	// petition created then and replayed=true.
	CreatePetition(ctx context.Context, d *Draft, code string, actor org.User, at time.Time, idem Idempotency) (p *Petition, replayed bool, err error)
	Petition(ctx context.Context, id int64) (*Petition, error)
	PetitionByCode(ctx context.Context, code string) (*Petition, error)
	Petitions(ctx context.Context, f Filter) (Page, error)
	History(ctx context.Context, id int64) ([]HistoryEntry, error)
	// ApplyTransition writes t, or returns a Stale error when the petition
	// is no longer at t.FromVersion.
	ApplyTransition(ctx context.Context, t Transition) (*Petition, error)
}

// Idempotency identifies a create request a client may retry.
type Idempotency struct {
	Key         string // the Idempotency-Key header; empty for none
	RequestHash string // a hash of the request body, to refuse a reused key with another body
}

// Service applies the rules of petitions over a store.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a service over store; now is the clock.
func NewService(store Store, now func() time.Time) *Service {
	return &Service{store: store, now: now}
}

// Create validates and stores a petition.
func (s *Service) Create(ctx context.Context, actor org.User, d Draft, idem Idempotency) (*Petition, bool, error) {
	now := s.now()
	if err := d.Validate(now); err != nil {
		return nil, false, err
	}
	return s.store.CreatePetition(ctx, &d, NewCode(), actor, now, idem)
}

// Get returns a petition by id.
func (s *Service) Get(ctx context.Context, id int64) (*Petition, error) {
	return s.store.Petition(ctx, id)
}

// List returns a page of petitions.
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
func (s *Service) Fire(ctx context.Context, actor org.User, id int64, r EventRequest) (*Petition, error) {
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
	if r.Event == EventForward && data.TargetUnitID != nil {
		t.Forward = forwardDraft(p, *data.TargetUnitID, now)
		t.ForwardCode = NewCode()
	}
	return s.store.ApplyTransition(ctx, t)
}

// forwardDraft is the receiving unit's copy of a forwarded petition: a new
// petition, received now, not yet classified, linked back to the source.
func forwardDraft(p *Petition, unitID int64, now time.Time) *Draft {
	id := p.ID
	return &Draft{
		UnitID: unitID, Channel: ChannelForwarded, Type: p.Type, Field: p.Field,
		Competence: CompetenceUnknown, Eligibility: EligibilityUnknown,
		Summary: p.Summary, Content: p.Content, Complainants: p.Complainant,
		Respondent: p.Respondent, ReceivedAt: &now, Round: p.Round,
		FirstRound: p.FirstRound, SourceID: &id,
	}
}
