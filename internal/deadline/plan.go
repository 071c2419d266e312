package deadline

import (
	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
)

// Facts is what the rules need to know about a petition. The petition
// package fills it; this package does not import that one.
type Facts struct {
	PetitionID       int64
	UnitID           int64
	Type             string // complaint, denunciation, recommendation, feedback
	Round            int
	Channel          string
	FromVisit        bool
	NotOurs          bool // classified as not within the unit's competence on receipt
	SeveralLocations bool
	ReceivedOn       calendar.Date
	Complexity       string // normal, complex, especially_complex
	RemoteArea       bool
}

// Planner applies a deployment's rule sets and calendar.
type Planner struct {
	Revision int64 // the revision of the rules it was built from
	Sets     []Set
	Calendar *calendar.Calendar // the deployment's; each unit's view is taken from it
}

func (pl *Planner) set(f Facts) (*Set, error) {
	s := InForce(pl.Sets, f.ReceivedOn)
	if s == nil {
		return nil, fault.New(fault.Invalid, "rule.no_set", map[string]any{"Day": f.ReceivedOn.Format()})
	}
	return s, nil
}

// open makes a new deadline for a step counted from start.
func (pl *Planner) open(f Facts, s *Set, step Step, key Key, start calendar.Date) (Deadline, bool) {
	v, ok := s.Values[key]
	if !ok || v.Limit <= 0 {
		return Deadline{}, false
	}
	d := Deadline{
		PetitionID: f.PetitionID, UnitID: f.UnitID, Step: step, RuleSetID: s.ID, RuleKey: key,
		Start: start, Limit: v.Limit, Unit: v.Unit, Status: StatusOpen,
	}
	d.compute(pl.Calendar.For(f.UnitID), s)
	return d, true
}

// forwardedBy are the channels whose forwarder must be told the result of a
// denunciation (Luật Tố cáo, Điều 26).
var forwardedBy = map[string]bool{"forwarded": true, "deputy": true, "fatherland_front": true, "press": true}

// OnReceive returns the deadlines a newly received petition opens.
func (pl *Planner) OnReceive(f Facts) ([]Deadline, error) {
	s, err := pl.set(f)
	if err != nil {
		return nil, err
	}
	var out []Deadline
	add := func(step Step, key Key) {
		if d, ok := pl.open(f, s, step, key, f.ReceivedOn); ok {
			out = append(out, d)
		}
	}
	switch {
	case f.Type == "complaint":
		add(StepAccept, KeyAcceptComplaint)
	case f.Type == "denunciation" && f.NotOurs:
		add(StepForward, KeyForwardDenunciation)
	case f.Type == "denunciation" && f.SeveralLocations:
		add(StepProcess, KeyProcessDenunciationSeveral)
	case f.Type == "denunciation":
		add(StepProcess, KeyProcessDenunciation)
	case f.NotOurs:
		add(StepForward, KeyForwardFeedback)
	default:
		add(StepProcess, KeyProcess)
	}
	if f.FromVisit {
		add(StepNotifyVisitor, KeyNotifyVisitor)
	}
	if f.Type == "denunciation" && forwardedBy[f.Channel] {
		add(StepNotifyForwarder, KeyNotifyDenunciationForwarder)
	}
	return out, nil
}

// Event is what happened to the petition, as the rules need it.
type Event struct {
	Name         string         // the state machine's event
	On           calendar.Date  // the day it happened
	LeftReceived bool           // the petition left "received": its first outcome
	NewDeadline  *calendar.Date // extend: the day the decision sets
}

// OnEvent returns the deadlines the event changes or opens, given the
// petition's live deadlines. An extension beyond what the law allows is
// refused with the reason.
func (pl *Planner) OnEvent(f Facts, e Event, live []Deadline) ([]Deadline, error) {
	s, err := pl.set(f)
	if err != nil {
		return nil, err
	}
	cal := pl.Calendar.For(f.UnitID)
	var out []Deadline
	if e.LeftReceived {
		for _, d := range live {
			switch d.Step {
			case StepProcess, StepAccept, StepForward, StepNotifyVisitor, StepNotifyForwarder:
				d.close(e.On)
				out = append(out, d)
			}
		}
	}
	resolve := func() (*Deadline, bool) {
		for i := range live {
			if live[i].Step == StepResolve {
				d := live[i]
				return &d, true
			}
		}
		return nil, false
	}
	switch e.Name {
	case "accept":
		if key, ok := resolveKey(f); ok {
			if d, ok := pl.open(f, s, StepResolve, key, e.On); ok {
				out = append(out, d)
			}
		}
	case "forward":
		// The reply is awaited from any body: a unit of this deployment
		// answers by acting on its copy, another body by a reply the
		// handler records (record_reply).
		if d, ok := pl.open(f, s, StepForwardReply, KeyForwardReply, e.On); ok {
			out = append(out, d)
		}
	case "record_reply":
		out = append(out, CloseForwardReply(live, e.On)...)
	case "resolve":
		if d, ok := resolve(); ok {
			d.close(e.On)
			out = append(out, *d)
		}
	case "withdraw":
		if d, ok := resolve(); ok {
			d.Status, d.DoneOn = StatusCancelled, &e.On
			out = append(out, *d)
		}
	case "suspend":
		if d, ok := resolve(); ok {
			d.Pauses = append(d.Pauses, Pause{From: e.On})
			d.Status = StatusSuspended
			d.compute(cal, s)
			out = append(out, *d)
		}
	case "resume":
		if d, ok := resolve(); ok && len(d.Pauses) > 0 {
			on := e.On
			d.Pauses[len(d.Pauses)-1].To = &on
			d.Status = StatusOpen
			d.compute(cal, s)
			out = append(out, *d)
		}
	case "extend":
		d, ok := resolve()
		if !ok {
			return nil, fault.New(fault.Invalid, "rule.extension_nothing", nil)
		}
		if err := pl.extend(f, s, cal, d, e); err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}

// resolveKey picks the resolution limit for an accepted case; false when
// the law sets none (recommendations and feedback).
func resolveKey(f Facts) (Key, bool) {
	complex := f.Complexity == "complex" || f.Complexity == "especially_complex"
	switch f.Type {
	case "denunciation":
		return KeyResolveDenunciation, true
	case "complaint":
		keys := [2][4]Key{
			{KeyResolveComplaint1, KeyResolveComplaint1Complex, KeyResolveComplaint1Remote, KeyResolveComplaint1RemoteCx},
			{KeyResolveComplaint2, KeyResolveComplaint2Complex, KeyResolveComplaint2Remote, KeyResolveComplaint2RemoteCx},
		}
		r, i := 0, 0
		if f.Round == 2 {
			r = 1
		}
		if complex {
			i = 1
		}
		if f.RemoteArea {
			i += 2
		}
		return keys[r][i], true
	}
	return "", false
}

// extend applies a lawful extension to the resolution deadline d: only a
// denunciation, once when complex and twice when especially complex, by at
// most the rule's days each time (Luật Tố cáo, Điều 30). A complaint's
// longer limits for complex cases are set on acceptance; it has no
// extension.
func (pl *Planner) extend(f Facts, s *Set, cal *calendar.Calendar, d *Deadline, e Event) error {
	if f.Type != "denunciation" {
		return fault.New(fault.Invalid, "rule.extension_not_allowed", nil)
	}
	max := 0
	switch f.Complexity {
	case "complex":
		max = s.Values[KeyExtendDenunciationComplex].Limit
	case "especially_complex":
		max = s.Values[KeyExtendDenunciationEspecial].Limit
	}
	if e.On.After(d.Due) {
		return fault.New(fault.Invalid, "rule.extension_after_due", map[string]any{"Due": d.Due.Format()})
	}
	if d.Extensions >= max {
		return fault.New(fault.Invalid, "rule.extension_limit", map[string]any{"Max": max, "Done": d.Extensions})
	}
	// Each extension runs at most the rule's days from the deadline it
	// extends; the decision may set an earlier day.
	days := s.Values[KeyExtendDenunciationDays].Limit
	lawful, _ := cal.AddDays(d.Due, days)
	target := lawful
	if e.NewDeadline != nil {
		if e.NewDeadline.After(lawful) {
			return fault.New(fault.Invalid, "rule.extension_beyond", map[string]any{"Max": lawful.Format(), "Days": days})
		}
		target = *e.NewDeadline
	}
	if d.Unit == calendar.WorkingDays {
		d.ExtendedBy += cal.WorkingDaysBetween(d.Due, target)
	} else {
		d.ExtendedBy += target.Sub(d.Due)
	}
	d.Extensions++
	d.compute(cal, s)
	return nil
}

// Recompute computes a live deadline again with the current calendar and
// rule values; changed reports whether its due day or its rule moved.
func (pl *Planner) Recompute(d Deadline) (Deadline, bool) {
	var s *Set
	for i := range pl.Sets {
		if pl.Sets[i].ID == d.RuleSetID {
			s = &pl.Sets[i]
		}
	}
	if s == nil || !d.Live() {
		return d, false
	}
	before, limit, unit := d.Due, d.Limit, d.Unit
	if v, ok := s.Values[d.RuleKey]; ok {
		d.Limit, d.Unit = v.Limit, v.Unit
	}
	d.compute(pl.Calendar.For(d.UnitID), s)
	return d, d.Due != before || d.Limit != limit || d.Unit != unit
}

// CloseForwardReply closes the awaited-reply deadline among a source
// petition's live deadlines when the unit it was forwarded to acts on it.
func CloseForwardReply(live []Deadline, on calendar.Date) []Deadline {
	var out []Deadline
	for _, d := range live {
		if d.Step == StepForwardReply {
			d.close(on)
			out = append(out, d)
		}
	}
	return out
}
