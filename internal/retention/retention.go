// Package retention lists the filed petitions kept past their retention
// period (một năm for a petition filed as not eligible), for an admin to
// review for destruction. Nothing is deleted here: destruction is the
// head's decision, made outside the system.
package retention

import (
	"context"
	"fmt"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
)

// Item is a filed petition due for review.
type Item struct {
	PetitionID int64     `json:"petition_id"`
	Code       string    `json:"code"`
	Number     string    `json:"number"`
	UnitID     int64     `json:"unit_id"`
	UnitName   string    `json:"unit_name"`
	Summary    string    `json:"summary"`
	FileReason string    `json:"file_reason"`
	FiledAt    time.Time `json:"filed_at"`
}

// Page is one page of the review list and how long petitions are kept.
type Page struct {
	Items  []Item `json:"items"`
	Total  int    `json:"total"`
	Months int    `json:"retention_months"`
	Source string `json:"source"`
	// FiledBefore: petitions filed before this instant are listed.
	FiledBefore time.Time `json:"filed_before"`
}

// Store reads filed petitions.
type Store interface {
	RuleSets(ctx context.Context) ([]deadline.Set, error)
	// FiledBefore pages the petitions in the filed state whose outcome
	// was recorded before the instant, in a unit and under it (0: all),
	// the oldest first.
	FiledBefore(ctx context.Context, before time.Time, unitID int64, limit, offset int) ([]Item, int, error)
}

// Service is the review list.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns the service.
func NewService(store Store, now func() time.Time) *Service { return &Service{store: store, now: now} }

// Due lists the filed petitions past the retention period in force today.
func (s *Service) Due(ctx context.Context, unitID int64, limit, offset int) (Page, error) {
	sets, err := s.store.RuleSets(ctx)
	if err != nil {
		return Page{}, err
	}
	now := s.now()
	set := deadline.InForce(sets, calendar.Of(now))
	if set == nil {
		return Page{}, fmt.Errorf("retention: no rule set in force")
	}
	v, ok := set.Value(deadline.KeyRetentionFiled)
	if !ok {
		return Page{}, fmt.Errorf("retention: the rule set %s has no %s", set.Code, deadline.KeyRetentionFiled)
	}
	// Kept v.Limit months from the day it was filed: one filed on
	// 14/3/2025 is kept through 14/3/2026 and listed from 15/3/2026 (in
	// Vietnam's days).
	before := calendar.Of(now).Start().AddDate(0, -v.Limit, 0)
	p := Page{Months: v.Limit, Source: v.Source, FiledBefore: before}
	p.Items, p.Total, err = s.store.FiledBefore(ctx, before, unitID, limit, offset)
	return p, err
}
