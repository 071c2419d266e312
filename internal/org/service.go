package org

import (
	"context"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"tiepdan/internal/fault"
)

// Service applies the rules of units and users over a store.
type Service struct {
	store Store
	now   func() time.Time

	mu    sync.Mutex
	paths map[int64]string // unit id → path; a unit never moves, so entries never go stale
}

// NewService returns a service over store; now is the clock.
func NewService(store Store, now func() time.Time) *Service {
	return &Service{store: store, now: now, paths: map[int64]string{}}
}

// Within reports whether unit is the unit ancestor or lies under it: the
// scope of an official working in ancestor. An unknown unit is in nobody's
// scope.
func (s *Service) Within(ctx context.Context, ancestor, unit int64) (bool, error) {
	a, err := s.path(ctx, ancestor)
	if err != nil || a == "" {
		return false, err
	}
	u, err := s.path(ctx, unit)
	if err != nil || u == "" {
		return false, err
	}
	return strings.HasPrefix(u, a), nil
}

// Everything reports whether a unit's scope is the whole deployment: it is
// the only unit without a parent.
func (s *Service) Everything(ctx context.Context, id int64) (bool, error) {
	p, err := s.path(ctx, id)
	if err != nil || strings.Count(p, "/") != 2 {
		return false, err
	}
	roots, err := s.store.Roots(ctx)
	return roots == 1, err
}

// Known reports whether a unit exists.
func (s *Service) Known(ctx context.Context, id int64) (bool, error) {
	p, err := s.path(ctx, id)
	return p != "", err
}

func (s *Service) path(ctx context.Context, id int64) (string, error) {
	s.mu.Lock()
	p, ok := s.paths[id]
	s.mu.Unlock()
	if ok {
		return p, nil
	}
	u, err := s.store.Unit(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.paths) > 100_000 {
		clear(s.paths)
	}
	s.paths[id] = u.Path
	return u.Path, nil
}

// CreateUnit validates and stores a unit under its parent.
func (s *Service) CreateUnit(ctx context.Context, u Unit) (*Unit, error) {
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if u.ParentID != nil {
		if _, err := s.store.Unit(ctx, *u.ParentID); fault.Is(err, fault.NotFound) {
			return nil, invalidField("parent_id", "unit.unknown")
		} else if err != nil {
			return nil, err
		}
	}
	u.Created = s.now()
	if err := s.store.CreateUnit(ctx, &u); err != nil {
		if fault.Is(err, fault.Conflict) {
			return nil, invalidField("code", "unit.code_taken")
		}
		return nil, err
	}
	return &u, nil
}

// CreateUser validates and stores a user.
func (s *Service) CreateUser(ctx context.Context, u User) (*User, error) {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.FullName = strings.Join(strings.Fields(u.FullName), " ")
	var p fault.Problems
	if !validUsername(u.Username) {
		p.Add("username", "user.username", nil)
	}
	if u.FullName == "" {
		p.Add("full_name", "invalid.required", nil)
	}
	u.Email = strings.TrimSpace(u.Email)
	if u.Email != "" {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			p.Add("email", "invalid.value", nil)
		}
	}
	if len(u.Roles) == 0 {
		p.Add("roles", "invalid.required", nil)
	}
	for i, r := range u.Roles {
		if !validRole(r) {
			p.Add("roles["+strconv.Itoa(i)+"]", "invalid.choice", map[string]any{"Value": string(r)})
		}
	}
	if _, err := s.store.Unit(ctx, u.UnitID); fault.Is(err, fault.NotFound) {
		p.Add("unit_id", "unit.unknown", nil)
	} else if err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	u.Active = true
	u.Created = s.now()
	if err := s.store.CreateUser(ctx, &u); err != nil {
		if fault.Is(err, fault.Conflict) {
			return nil, invalidField("username", "user.username_taken")
		}
		return nil, err
	}
	return &u, nil
}

func invalidField(field, key string) error {
	var p fault.Problems
	p.Add(field, key, nil)
	return p.Err()
}

func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z') && !(r >= '0' && r <= '9') && r != '.' && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

func validRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}
