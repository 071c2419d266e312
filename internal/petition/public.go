package petition

import (
	"context"
	"strings"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
)

// Public is what anyone holding a petition's tracking code may see: its
// status, key dates and public outcome. Nothing names or describes a
// person: no complainant, no summary or content, no outcome text.
type Public struct {
	Code       string         `json:"code"`
	Type       Type           `json:"type"`
	State      State          `json:"state"`
	ReceivedOn calendar.Date  `json:"received_on"`
	DueOn      *calendar.Date `json:"due_on,omitempty"` // the nearest open deadline
	Outcome    *PublicOutcome `json:"outcome,omitempty"`
}

// PublicOutcome is the public part of how a petition ended: the body it
// was sent or pointed to, the document that answered it, the conclusion.
type PublicOutcome struct {
	On         *calendar.Date `json:"on,omitempty"`
	Body       string         `json:"body,omitempty"`
	DocNo      string         `json:"doc_no,omitempty"`
	DecisionNo string         `json:"decision_no,omitempty"`
	Conclusion Conclusion     `json:"conclusion,omitempty"`
}

// NormalizeCode reads a tracking code as a citizen may type it: any case,
// with or without the dashes and spaces of the printed form, and the
// letters Crockford's alphabet reads as digits (O as 0, I and L as 1).
func NormalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
		case r == 'O':
			b.WriteByte('0')
		case r == 'I' || r == 'L':
			b.WriteByte('1')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ByCode returns the public view of the petition with a tracking code; a
// malformed or unknown code is not found.
func (s *Service) ByCode(ctx context.Context, code string) (*Public, error) {
	code = NormalizeCode(code)
	if len(code) != codeLen || strings.Trim(code, codeAlphabet) != "" {
		return nil, fault.New(fault.NotFound, "petition.code_unknown", nil)
	}
	id, err := s.store.PetitionIDByCode(ctx, code)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.New(fault.NotFound, "petition.code_unknown", nil)
	}
	if err != nil {
		return nil, err
	}
	r, err := s.store.Record(ctx, id)
	if err != nil {
		return nil, err
	}
	return PublicView(r), nil
}

// PublicView keeps what a citizen may see of a record.
func PublicView(r *Record) *Public {
	v := &Public{Code: FormatCode(r.Code), Type: r.Type, State: r.State, ReceivedOn: calendar.Of(r.ReceivedAt)}
	for _, d := range r.Deadlines {
		if d.Status == deadline.StatusOpen && (v.DueOn == nil || d.Due.Before(*v.DueOn)) {
			due := d.Due
			v.DueOn = &due
		}
	}
	if o := r.Outcome; o.At != nil {
		on := calendar.Of(*o.At)
		v.Outcome = &PublicOutcome{On: &on, Body: o.Body, DocNo: o.DocNo, DecisionNo: o.DecisionNo, Conclusion: o.Conclusion}
	}
	return v
}
