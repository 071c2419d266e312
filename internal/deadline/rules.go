// Package deadline turns the law's time limits into dates on petitions:
// rule sets as data (each value with its legal source and the date it takes
// effect), the steps a petition's events open and close, and why each
// deadline falls where it does.
package deadline

import (
	"strings"

	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
)

// Key names one value of a rule set: a step and its variant.
type Key string

const (
	// Processing a received petition: classify it and decide its outcome.
	KeyProcess Key = "process"
	// Classifying a denunciation, and with several locations to verify.
	KeyProcessDenunciation         Key = "process.denunciation"
	KeyProcessDenunciationSeveral  Key = "process.denunciation.several_locations"
	KeyNotifyVisitor               Key = "notify_visitor"
	KeyAcceptComplaint             Key = "accept.complaint"
	KeyForwardDenunciation         Key = "forward.denunciation"
	KeyForwardFeedback             Key = "forward.feedback"
	KeyResolveComplaint1           Key = "resolve.complaint.round1"
	KeyResolveComplaint1Complex    Key = "resolve.complaint.round1.complex"
	KeyResolveComplaint1Remote     Key = "resolve.complaint.round1.remote"
	KeyResolveComplaint1RemoteCx   Key = "resolve.complaint.round1.remote_complex"
	KeyResolveComplaint2           Key = "resolve.complaint.round2"
	KeyResolveComplaint2Complex    Key = "resolve.complaint.round2.complex"
	KeyResolveComplaint2Remote     Key = "resolve.complaint.round2.remote"
	KeyResolveComplaint2RemoteCx   Key = "resolve.complaint.round2.remote_complex"
	KeyResolveDenunciation         Key = "resolve.denunciation"
	KeyExtendDenunciationDays      Key = "extend.denunciation.days"
	KeyExtendDenunciationComplex   Key = "extend.denunciation.count.complex"
	KeyExtendDenunciationEspecial  Key = "extend.denunciation.count.especially_complex"
	KeyNotifyDenunciationForwarder Key = "notify_forwarder.denunciation"
	KeyForwardReply                Key = "forward_reply"

	// How often a head must receive citizens in person: a commune's
	// chairman and every other head, as a count per week or per month.
	KeyReceptionCommune Key = "reception.min.commune"
	KeyReceptionOther   Key = "reception.min.other"
	// How many working days before a reception day its schedule must be
	// public.
	KeyReceptionNotice Key = "reception.notice"
	// How long a filed petition is kept before it is reviewed for
	// destruction, in months.
	KeyRetentionFiled Key = "retention.filed"
)

// Units of the values that are not time limits: a count of reception
// days per week or per month, a retention period in months.
const (
	PerWeek  calendar.CountUnit = "week"
	PerMonth calendar.CountUnit = "month"
)

// Value is one rule value: a limit, what it is counted in, and where the
// law says so. For extension counts, Unit is empty and Limit is a count.
type Value struct {
	Key    Key                `json:"key"`
	Limit  int                `json:"limit"`
	Unit   calendar.CountUnit `json:"unit"`
	Source string             `json:"source"`
}

// Set is the rules in force from a date until the next set takes effect. A
// petition follows the set in force on the day it was received.
type Set struct {
	ID            int64         `json:"id"`
	Code          string        `json:"code"`
	Name          string        `json:"name"`
	EffectiveFrom calendar.Date `json:"effective_from"`
	Source        string        `json:"source"`
	Values        map[Key]Value `json:"values"`
}

// Value returns the value for key, or false when the set has none.
func (s *Set) Value(k Key) (Value, bool) {
	v, ok := s.Values[k]
	return v, ok
}

// InForce returns the set in force on day d from sets, or nil.
func InForce(sets []Set, d calendar.Date) *Set {
	var best *Set
	for i := range sets {
		s := &sets[i]
		if !s.EffectiveFrom.After(d) && (best == nil || s.EffectiveFrom.After(best.EffectiveFrom)) {
			best = s
		}
	}
	return best
}

// ValidateValue checks an admin's correction of a value.
func ValidateValue(v *Value, reason string) error {
	var p fault.Problems
	switch {
	case strings.HasPrefix(string(v.Key), "reception.min."):
		if v.Unit != PerWeek && v.Unit != PerMonth {
			p.Add("count_unit", "invalid.choice", map[string]any{"Value": string(v.Unit)})
		}
		if v.Limit < 1 || v.Limit > 31 {
			p.Add("limit", "rule.reception_range", nil)
		}
	case v.Key == KeyRetentionFiled:
		v.Unit = PerMonth
		if v.Limit < 1 || v.Limit > 1200 {
			p.Add("limit", "rule.retention_range", nil)
		}
	case strings.HasPrefix(string(v.Key), "extend.denunciation.count."):
		v.Unit = ""
		if v.Limit < 0 || v.Limit > 5 {
			p.Add("limit", "rule.count_range", nil)
		}
	default:
		if v.Unit != calendar.WorkingDays && v.Unit != calendar.CalendarDays {
			p.Add("count_unit", "invalid.choice", map[string]any{"Value": string(v.Unit)})
		}
		if v.Limit < 1 || v.Limit > 365 {
			p.Add("limit", "rule.limit_range", nil)
		}
	}
	v.Source = strings.TrimSpace(v.Source)
	if v.Source == "" {
		p.Add("source", "invalid.required", nil)
	}
	if strings.TrimSpace(reason) == "" {
		p.Add("reason", "invalid.required", nil)
	}
	return p.Err()
}
