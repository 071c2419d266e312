// Package visit holds the reception logbook (sổ tiếp công dân, form
// 03/TCD): one row per person or group who came, with what they said, what
// they were told and the petitions recorded from it.
package visit

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"tiepdan/internal/citizen"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
)

// Kind is how the reception was organised.
type Kind string

const (
	KindRegular  Kind = "regular"  // thường xuyên: officers, every working day
	KindPeriodic Kind = "periodic" // định kỳ: the head, on scheduled days
	KindAdHoc    Kind = "ad_hoc"   // đột xuất: urgent cases
	KindOnline   Kind = "online"   // trực tuyến, since 2026
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindRegular, KindPeriodic, KindAdHoc, KindOnline}

// RefusalReason is a lawful reason to refuse reception: Law on Citizen
// Reception art. 9(1)–(3) and Decree 154/2026 art. 4(1)(a)–(k).
type RefusalReason string

// RefusalReasons lists every lawful reason; "other" needs a note naming
// the legal ground (art. 9(4)).
var RefusalReasons = []RefusalReason{
	"intoxicated",                // 9(1) say, mất khả năng nhận thức
	"threatening",                // 9(2) đe dọa, xúc phạm, vi phạm nội quy
	"persistent_resolved",        // 9(3) vụ việc đã giải quyết đúng, cố tình kéo dài
	"weapons",                    // 4(1)(a) mang vũ khí, vật liệu nguy hiểm
	"security_check",             // 4(1)(b) không chấp hành kiểm tra an ninh
	"recording",                  // 4(1)(c) tự ý ghi âm, ghi hình, phát trực tiếp
	"disorder",                   // 4(1)(d) kích động, gây rối
	"no_legal_capacity",          // 4(1)(đ) không có năng lực hành vi đầy đủ
	"no_proof_of_representation", // 4(1)(e) không chứng minh tư cách đại diện
	"out_of_scope",               // 4(1)(g) không thuộc phạm vi KN, TC, KN, PA
	"no_new_content",             // 4(1)(h) đã được trả lời, không có tình tiết mới
	"court_judgment",             // 4(1)(i) đã có bản án có hiệu lực
	"handled_elsewhere",          // 4(1)(k) đang được cơ quan khác thụ lý
	"other",                      // 9(4) trường hợp khác theo quy định của pháp luật
}

// Visit is one row of the logbook.
type Visit struct {
	ID              int64               `json:"id"`
	UnitID          int64               `json:"unit_id"`
	Number          int                 `json:"number"` // STT: the row number in the unit's logbook for the year
	VisitedAt       time.Time           `json:"visited_at"`
	Kind            Kind                `json:"kind"`
	Citizen         citizen.Citizen     `json:"citizen"` // columns 3–4: the visitor, or the group's first representative
	HeadCount       int                 `json:"head_count"`
	Representatives []citizen.Citizen   `json:"representatives"`
	Summary         string              `json:"summary"`
	PetitionType    petition.Type       `json:"petition_type,omitempty"`
	PriorResolver   string              `json:"prior_resolver,omitempty"` // body that already resolved it (col. 8)
	InCompetence    bool                `json:"in_competence"`            // col. 9
	GuidedTo        string              `json:"guided_to,omitempty"`      // col. 10: body
	GuidanceDocNo   string              `json:"guidance_doc_no,omitempty"`
	AcceptingBody   string              `json:"accepting_body,omitempty"` // col. 11
	TransferDocNo   string              `json:"transfer_doc_no,omitempty"`
	ResultNote      string              `json:"result_note,omitempty"` // col. 12
	Notes           string              `json:"notes,omitempty"`       // col. 13
	Refused         bool                `json:"refused"`
	RefusalReason   RefusalReason       `json:"refusal_reason,omitempty"`
	RefusalNote     string              `json:"refusal_note,omitempty"`
	Petitions       []petition.Petition `json:"petitions"`
	SessionID       *int64              `json:"session_id,omitempty"` // the reception day it was logged against
	RecordedBy      int64               `json:"recorded_by"`
	Created         time.Time           `json:"created_at"`
}

// IsGroup reports whether the visit is a group with the same content (đoàn
// đông người): five people or more.
func (v *Visit) IsGroup() bool { return v.HeadCount >= 5 }

// Draft is a visit as submitted, with the petitions recorded from it.
type Draft struct {
	UnitID          int64             `json:"unit_id"`
	VisitedAt       *time.Time        `json:"visited_at"`
	Kind            Kind              `json:"kind"`
	Citizen         citizen.Citizen   `json:"citizen"`
	HeadCount       int               `json:"head_count"`
	Representatives []citizen.Citizen `json:"representatives"`
	Summary         string            `json:"summary"`
	PetitionType    petition.Type     `json:"petition_type"`
	PriorResolver   string            `json:"prior_resolver"`
	InCompetence    bool              `json:"in_competence"`
	GuidedTo        string            `json:"guided_to"`
	GuidanceDocNo   string            `json:"guidance_doc_no"`
	AcceptingBody   string            `json:"accepting_body"`
	TransferDocNo   string            `json:"transfer_doc_no"`
	ResultNote      string            `json:"result_note"`
	Notes           string            `json:"notes"`
	Refused         bool              `json:"refused"`
	RefusalReason   RefusalReason     `json:"refusal_reason"`
	RefusalNote     string            `json:"refusal_note"`
	// SessionID logs the visit against a leader's reception day.
	SessionID *int64           `json:"session_id"`
	Petitions []petition.Draft `json:"petitions"`
}

// RepresentativeLimits returns how many representatives a group of n must
// choose: 1–2 for 5–10 people, 1–5 for more than 10, none below 5
// (Law on Citizen Reception art. 29).
func RepresentativeLimits(n int) (min, max int) {
	switch {
	case n >= 11:
		return 1, 5
	case n >= 5:
		return 1, 2
	default:
		return 0, 0
	}
}

// Validate checks the visit and its petitions and fills defaults: now as
// the visit time, regular reception, one person, and the visit's unit,
// channel and time on each petition.
func (d *Draft) Validate(now time.Time) error {
	var p fault.Problems
	if d.UnitID <= 0 {
		p.Add("unit_id", "invalid.required", nil)
	}
	if d.VisitedAt == nil {
		t := now
		d.VisitedAt = &t
	} else if d.VisitedAt.After(now.Add(5 * time.Minute)) {
		p.Add("visited_at", "invalid.future", nil)
	}
	if d.Kind == "" && d.SessionID != nil {
		d.Kind = KindPeriodic // logged on a leader's reception day
	}
	if d.Kind == "" {
		d.Kind = KindRegular
	}
	if !oneOf(d.Kind, Kinds) {
		p.Add("kind", "invalid.choice", map[string]any{"Value": string(d.Kind)})
	}
	if err := d.Citizen.Validate(now); err != nil {
		p.Merge("citizen", err)
	}
	if d.HeadCount == 0 {
		d.HeadCount = 1
	}
	lo, hi := RepresentativeLimits(d.HeadCount)
	switch n := len(d.Representatives); {
	case d.HeadCount < 1 || d.HeadCount > 10000:
		p.Add("head_count", "visit.head_count", nil)
	case d.HeadCount < 5 && n > 0:
		p.Add("representatives", "visit.representatives_individual", nil)
	case d.HeadCount >= 5 && (n < lo || n > hi):
		p.Add("representatives", "visit.representatives_count", map[string]any{"People": d.HeadCount, "Min": lo, "Max": hi, "Given": n})
	}
	for i := range d.Representatives {
		if err := d.Representatives[i].Validate(now); err != nil {
			p.Merge("representatives["+itoa(i)+"]", err)
		}
	}
	d.Summary = strings.TrimSpace(d.Summary)
	switch n := len([]rune(d.Summary)); {
	case n == 0 && !d.Refused:
		p.Add("summary", "invalid.required", nil)
	case n > 2000:
		p.Add("summary", "invalid.too_long", map[string]any{"Max": 2000})
	}
	if d.PetitionType != "" && !oneOf(d.PetitionType, petition.Types) {
		p.Add("petition_type", "invalid.choice", map[string]any{"Value": string(d.PetitionType)})
	}
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{
		{"prior_resolver", &d.PriorResolver, 300}, {"guided_to", &d.GuidedTo, 300},
		{"guidance_doc_no", &d.GuidanceDocNo, 100}, {"accepting_body", &d.AcceptingBody, 300},
		{"transfer_doc_no", &d.TransferDocNo, 100}, {"result_note", &d.ResultNote, 2000},
		{"notes", &d.Notes, 2000}, {"refusal_note", &d.RefusalNote, 2000},
	} {
		*f.v = strings.TrimSpace(*f.v)
		if len([]rune(*f.v)) > f.max {
			p.Add(f.name, "invalid.too_long", map[string]any{"Max": f.max})
		}
	}
	if d.Refused {
		switch {
		case d.RefusalReason == "":
			p.Add("refusal_reason", "invalid.required", nil)
		case !oneOf(d.RefusalReason, RefusalReasons):
			p.Add("refusal_reason", "invalid.choice", map[string]any{"Value": string(d.RefusalReason)})
		case d.RefusalReason == "other" && d.RefusalNote == "":
			p.Add("refusal_note", "visit.refusal_note_required", nil)
		}
		if len(d.Petitions) > 0 {
			p.Add("petitions", "visit.refused_no_petitions", nil)
		}
	} else if d.RefusalReason != "" {
		p.Add("refusal_reason", "visit.refusal_reason_unexpected", nil)
	}
	if len(d.Petitions) > 20 {
		p.Add("petitions", "invalid.too_many", map[string]any{"Max": 20})
	}
	for i := range d.Petitions {
		pd := &d.Petitions[i]
		if pd.UnitID == 0 {
			pd.UnitID = d.UnitID
		}
		if pd.ReceivedAt == nil {
			pd.ReceivedAt = d.VisitedAt
		}
		if pd.Channel == "" {
			pd.Channel = petition.ChannelInPerson
		}
		pd.FromVisit = true
		if pd.Type == petition.TypeComplaint && len(pd.Complainants) == 0 {
			pd.Complainants = []citizen.Citizen{d.Citizen}
		}
		if err := pd.Validate(now); err != nil {
			p.Merge("petitions["+itoa(i)+"]", err)
		}
	}
	return p.Err()
}

// Filter selects logbook rows.
type Filter struct {
	UnitID  int64      // the unit and everything under it; 0 for all
	FromDay *time.Time // inclusive, a Vietnam calendar day
	ToDay   *time.Time // inclusive
	Limit   int
	Offset  int
}

// Page is one page of the logbook.
type Page struct {
	Items []Visit `json:"items"`
	Total int     `json:"total"`
}

// Store keeps the logbook.
type Store interface {
	// CreateVisit stores the visit and its petitions in one transaction,
	// giving each petition its tracking code from codes.
	CreateVisit(ctx context.Context, d *Draft, codes []string, actor org.User, at time.Time, idem petition.Idempotency) (v *Visit, replayed bool, err error)
	Visit(ctx context.Context, id int64) (*Visit, error)
	Visits(ctx context.Context, f Filter) (Page, error)
}

// Planners give the deadline planner the petitions recorded from a visit
// are planned with.
type Planners interface {
	Planner(ctx context.Context) (*deadline.Planner, error)
	Refresh()
}

// Service applies the logbook's rules over a store.
type Service struct {
	store    Store
	planners Planners
	now      func() time.Time
}

// NewService returns a service over store; now is the clock.
func NewService(store Store, planners Planners, now func() time.Time) *Service {
	return &Service{store: store, planners: planners, now: now}
}

// Create validates and stores a visit with its petitions.
func (s *Service) Create(ctx context.Context, actor org.User, d Draft, idem petition.Idempotency) (*Visit, bool, error) {
	now := s.now()
	if err := d.Validate(now); err != nil {
		return nil, false, err
	}
	codes := make([]string, len(d.Petitions))
	for i := range codes {
		codes[i] = petition.NewCode()
	}
	for try := 0; ; try++ {
		if len(d.Petitions) > 0 {
			pl, err := s.planners.Planner(ctx)
			if err != nil {
				return nil, false, err
			}
			for i := range d.Petitions {
				if err := petition.PlanReceipt(pl, &d.Petitions[i]); err != nil {
					return nil, false, err
				}
			}
		}
		v, replayed, err := s.store.CreateVisit(ctx, &d, codes, actor, now, idem)
		if errors.Is(err, petition.ErrStalePlan) && try == 0 {
			s.planners.Refresh()
			continue
		}
		if errors.Is(err, petition.ErrStalePlan) {
			err = fault.Wrap(fault.Conflict, "petition.rules_changed", err)
		}
		return v, replayed, err
	}
}

// Get returns a logbook row with its petitions.
func (s *Service) Get(ctx context.Context, id int64) (*Visit, error) { return s.store.Visit(ctx, id) }

// List returns a page of the logbook, oldest first as the book is kept.
func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	return s.store.Visits(ctx, f)
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }

// Protected is the first confidential petition the visit brought, or nil:
// then the visitor is a denouncer (or as protected), and the visit's people
// and files are for those cleared for that petition.
func (v *Visit) Protected() *petition.Petition {
	for i := range v.Petitions {
		if v.Petitions[i].Confidential {
			return &v.Petitions[i]
		}
	}
	return nil
}
