package petition

import (
	"context"
	"strings"
	"time"

	"tiepdan/internal/citizen"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

// Confidentiality is how a store keeps identities apart. A confidential
// petition's complainants are never loaded with it: they are read only
// through RevealIdentity, which records the reading in the audit trail in
// the same transaction.
type Confidentiality interface {
	// HasAccess reports whether the user was granted the case.
	HasAccess(ctx context.Context, petitionID, userID int64) (bool, error)
	// RevealIdentity returns the protected complainants and records who
	// read them.
	RevealIdentity(ctx context.Context, petitionID int64) ([]citizen.Citizen, error)
	// MarkConfidential moves the complainants' identity apart, writes the
	// history row and grants the marking official access.
	MarkConfidential(ctx context.Context, m Mark) (*Record, error)
	GrantAccess(ctx context.Context, g Grant) error
	RevokeAccess(ctx context.Context, petitionID, userID int64) error
	Grants(ctx context.Context, petitionID int64) ([]Grant, error)
}

// Grant clears an official for a confidential case.
type Grant struct {
	PetitionID int64     `json:"petition_id"`
	UserID     int64     `json:"user_id"`
	GrantedBy  *int64    `json:"granted_by,omitempty"`
	At         time.Time `json:"granted_at"`
}

// Mark is a handler's decision to keep a petition's identities apart.
type Mark struct {
	History HistoryEntry
}

// EventMarkConfidential is the history entry written when a petition is
// marked confidential; nobody fires it through the state machine.
const EventMarkConfidential Event = "mark_confidential"

// MaySeeIdentity reports whether the official may read the identity on a
// confidential petition: the head of its unit (a leader of that very unit)
// or an official granted the case.
func (s *Service) MaySeeIdentity(ctx context.Context, u org.User, p *Petition) (bool, error) {
	if !p.Confidential {
		return true, nil
	}
	if u.Has(org.RoleLeader) && u.UnitID == p.UnitID {
		return true, nil
	}
	return s.store.HasAccess(ctx, p.ID, u.ID)
}

// Identity fills a confidential petition's complainants for an official
// cleared for it (recording the reading); for anyone else they stay
// hidden. It reports whether they were revealed.
func (s *Service) Identity(ctx context.Context, u org.User, p *Petition) (bool, error) {
	if !p.Confidential || p.Hidden == 0 {
		return !p.Confidential, nil
	}
	ok, err := s.MaySeeIdentity(ctx, u, p)
	if err != nil || !ok {
		return false, err
	}
	cs, err := s.store.RevealIdentity(ctx, p.ID)
	if err != nil {
		return false, err
	}
	p.Complainant = cs
	return true, nil
}

// MarkConfidential keeps a petition's identities apart from now on. A
// handler or a leader decides it, with a reason; it cannot be undone.
func (s *Service) MarkConfidential(ctx context.Context, u org.User, id int64, version int, reason string) (*Record, error) {
	if !u.HasAny(org.RoleHandler, org.RoleLeader) {
		return nil, fault.New(fault.Forbidden, "auth.role_forbidden", nil)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		var pr fault.Problems
		pr.Add("reason", "invalid.required", nil)
		return nil, pr.Err()
	}
	p, err := s.store.Petition(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Confidential {
		return nil, fault.New(fault.Conflict, "petition.already_confidential", nil)
	}
	if version != p.Version {
		return nil, fault.New(fault.Stale, "petition.stale_version", map[string]any{"Sent": version, "Current": p.Version})
	}
	now := s.now()
	return s.store.MarkConfidential(ctx, Mark{History: HistoryEntry{
		PetitionID: id, Version: p.Version, Event: EventMarkConfidential, From: p.State, To: p.State,
		Data: EventData{Reason: reason}, ActorID: u.ID, At: now,
	}})
}

// GrantAccess clears an official for a confidential case; only the head
// of the petition's unit may.
func (s *Service) GrantAccess(ctx context.Context, head org.User, p *Petition, userID int64) error {
	if err := mayGrant(head, p); err != nil {
		return err
	}
	by := head.ID
	return s.store.GrantAccess(ctx, Grant{PetitionID: p.ID, UserID: userID, GrantedBy: &by, At: s.now()})
}

// RevokeAccess withdraws a grant; only the head of the petition's unit may.
func (s *Service) RevokeAccess(ctx context.Context, head org.User, p *Petition, userID int64) error {
	if err := mayGrant(head, p); err != nil {
		return err
	}
	return s.store.RevokeAccess(ctx, p.ID, userID)
}

// Grants lists who is cleared for a confidential case, for its unit head
// and for auditors.
func (s *Service) Grants(ctx context.Context, u org.User, p *Petition) ([]Grant, error) {
	if err := mayGrant(u, p); err != nil && !(u.Has(org.RoleAuditor) && p.Confidential) {
		return nil, err
	}
	return s.store.Grants(ctx, p.ID)
}

func mayGrant(head org.User, p *Petition) error {
	if !p.Confidential {
		return fault.New(fault.Conflict, "petition.not_confidential", nil)
	}
	if !head.Has(org.RoleLeader) || head.UnitID != p.UnitID {
		return fault.New(fault.Forbidden, "petition.grant_head_only", nil)
	}
	return nil
}
