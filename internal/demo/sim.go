package demo

import (
	"container/heap"
	"context"
	"slices"
	"time"

	"tiepdan/internal/citizen"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/visit"
	"tiepdan/internal/vntime"
)

// sim plays two years of a province's reception work in time order: every
// visit, petition and event is an action on an agenda, run when the
// simulated clock reaches it. Running in time order keeps register
// numbers, document numbers and forwarded copies in the order they would
// have had, and the services see a clock that never goes back.
type sim struct {
	ctx       context.Context
	g         *gen
	now       time.Time // the end of the simulation: nothing happens at or after it
	clock     time.Time // what the services believe the time is
	visits    *visit.Service
	petitions *petition.Service
	docs      docNumbers

	units       []*unit
	province    *unit
	departments []*unit
	communes    []*unit
	fields      []weighted
	topics      map[string][]*topic
	groupTopics []*topic

	agenda agenda
	seq    int
	// handled lists, per unit, the petitions that got an outcome, for
	// citizens who send the same petition again.
	handled map[int64][]*tracked
}

func newSim(ctx context.Context, st Store, g *gen, units []*unit, fields []weighted, now time.Time) *sim {
	s := &sim{
		ctx: ctx, g: g, now: now, units: units, fields: fields,
		docs:    docNumbers{g: g, last: map[docKey]int{}},
		topics:  topicsByField(),
		handled: map[int64][]*tracked{},
	}
	clock := func() time.Time { return s.clock }
	s.petitions = petition.NewService(st, st, clock)
	s.visits = visit.NewService(st, s.petitions, clock)
	for _, u := range units {
		switch u.Level {
		case org.LevelProvince:
			s.province = u
		case org.LevelDepartment:
			s.departments = append(s.departments, u)
		case org.LevelCommune:
			s.communes = append(s.communes, u)
		}
	}
	for _, w := range fields {
		for _, t := range s.topics[w.name] {
			if t.group {
				s.groupTopics = append(s.groupTopics, t)
			}
		}
	}
	return s
}

// tracked is a petition the simulation follows through its life.
type tracked struct {
	id      int64
	version int
	unit    *unit
	place   unitSpec // the commune the matter is in
	topic   *topic
	text    writing
	people  []citizen.Citizen
	heads   int
	channel petition.Channel
	round   int
	// firstRound is the complaint a second-round complaint follows.
	firstRound *int64
	copy       bool // a copy another unit of the deployment forwarded
	// returned marks a petition sent on by deputies, the press or
	// another body that is not ours: it is answered by returning it.
	returned bool
	// duplicateOf is the earlier petition a repeat is filed against.
	duplicateOf *int64
	received    time.Time
	steps       []step
	next        int
	accepted    time.Time
	decisionNo  string
}

func (t *tracked) anonymous() bool { return len(t.people) == 0 }

// at puts an action on the agenda; actions at or after now never run.
func (s *sim) at(t time.Time, do func() error) {
	if !t.Before(s.now) {
		return
	}
	s.seq++
	heap.Push(&s.agenda, action{at: t, seq: s.seq, do: do})
}

// run plays the agenda to the end.
func (s *sim) run() error {
	for s.agenda.Len() > 0 {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		a := heap.Pop(&s.agenda).(action)
		s.clock = a.at
		if err := a.do(); err != nil {
			return err
		}
	}
	return nil
}

// scheduleIntake puts every visit and incoming petition from start to now
// on the agenda: regular reception every working day, the heads' periodic
// reception on their days, and the post, portal and forwarded petitions.
func (s *sim) scheduleIntake(start time.Time) {
	g := s.g
	online := time.Date(2026, 1, 1, 0, 0, 0, 0, vntime.Zone)
	lastProvinceSession, lastDeptSession := -1, -1
	for _, day := range workdays(start, s.now) {
		// Regular reception.
		for range g.r.IntN(3) + b2i(g.chance(0.5)) {
			kind := visit.KindRegular
			switch x := g.r.Float64(); {
			case x < 0.04:
				kind = visit.KindAdHoc
			case x < 0.10 && !day.Before(online):
				kind = visit.KindOnline // since 2026
			}
			u := s.pickUnit(func(u *unit) int { return u.visitWeight() })
			s.atNewVisit(g.officeTime(day), u, kind)
		}
		// Periodic reception by the heads: the provincial chairman on the
		// first working day from the 15th, department heads from the
		// 10th, commune chairmen on Thursdays.
		if m := int(day.Month()); day.Day() >= 15 && lastProvinceSession != m {
			lastProvinceSession = m
			for range g.between(1, 3) {
				s.atNewVisit(g.officeTime(day), s.province, visit.KindPeriodic)
			}
		}
		if m := int(day.Month()); day.Day() >= 10 && lastDeptSession != m {
			lastDeptSession = m
			for _, d := range s.departments {
				if g.chance(0.25) {
					s.atNewVisit(g.officeTime(day), d, visit.KindPeriodic)
				}
			}
		}
		if day.Weekday() == time.Thursday {
			for _, c := range s.communes {
				if g.chance(0.06) {
					for range g.between(1, 2) {
						s.atNewVisit(g.officeTime(day), c, visit.KindPeriodic)
					}
				}
			}
		}
		// Petitions that arrive without a visit.
		for range g.r.IntN(4) + b2i(g.chance(0.2)) {
			u := s.pickUnit(func(u *unit) int { return u.postWeight() })
			ch := petition.Channel(g.weightedName(writtenChannels))
			s.atNewPetition(g.officeTime(day), u, ch)
		}
	}
}

// writtenChannels are how petitions arrive other than in person.
var writtenChannels = []weighted{
	{string(petition.ChannelPost), 35}, {string(petition.ChannelPortal), 15},
	{string(petition.ChannelHotline), 8}, {string(petition.ChannelEmail), 7},
	{string(petition.ChannelForwarded), 10}, {string(petition.ChannelDeputy), 6},
	{string(petition.ChannelFront), 4}, {string(petition.ChannelPress), 4},
	{string(petition.ChannelVoterMeeting), 6},
}

func (s *sim) atNewVisit(at time.Time, u *unit, kind visit.Kind) {
	s.at(at, func() error { return s.newVisit(at, u, kind) })
}

func (s *sim) atNewPetition(at time.Time, u *unit, ch petition.Channel) {
	s.at(at, func() error { return s.newPetition(at, u, ch) })
}

// visitWeight is the unit's share of visits: people go to their commune
// or to the provincial reception office, rarely to a department.
func (u *unit) visitWeight() int {
	switch u.Level {
	case org.LevelProvince:
		return 30
	case org.LevelDepartment:
		return 2
	}
	if u.RemoteArea {
		return 4
	}
	return 8
}

// postWeight is the unit's share of written petitions.
func (u *unit) postWeight() int {
	switch u.Level {
	case org.LevelProvince:
		return 25
	case org.LevelDepartment:
		return 8
	}
	if u.RemoteArea {
		return 2
	}
	return 4
}

func (s *sim) pickUnit(weight func(*unit) int) *unit {
	total := 0
	for _, u := range s.units {
		total += weight(u)
	}
	n := s.g.r.IntN(total)
	for _, u := range s.units {
		if n < weight(u) {
			return u
		}
		n -= weight(u)
	}
	return s.units[0]
}

// placeFor is the commune a matter brought to u is about: u itself, or
// any commune for the province and the departments.
func (s *sim) placeFor(u *unit) unitSpec {
	if u.Level == org.LevelCommune {
		return u.spec
	}
	return pick(s.g, s.communes).spec
}

// topic draws a topic in a field drawn by weight, of another type than
// avoid ("" to take any): a visitor's second petition is split from the
// first because its type differs.
func (s *sim) topic(avoid petition.Type) *topic {
	return s.topicIn(s.fields, avoid)
}

// topicFor draws a topic for a petition brought to u: people mostly write
// to the department that deals with their matter, and sometimes get it
// wrong.
func (s *sim) topicFor(u *unit, avoid petition.Type) *topic {
	if u.Level != org.LevelDepartment || s.g.chance(0.2) {
		return s.topic(avoid)
	}
	var own []weighted
	for _, w := range s.fields {
		if slices.Contains(u.spec.fields, w.name) {
			own = append(own, w)
		}
	}
	if len(own) == 0 {
		return s.topic(avoid)
	}
	return s.topicIn(own, avoid)
}

func (s *sim) topicIn(fields []weighted, avoid petition.Type) *topic {
	for range 50 {
		t := pick(s.g, s.topics[s.g.weightedName(fields)])
		if t.typ != avoid {
			return t
		}
	}
	return pick(s.g, s.topics[s.g.weightedName(fields)]) // a field with one type only
}

// misdirected reports whether tp went to a department that does not deal
// with its field.
func misdirected(u *unit, tp *topic) bool {
	return u.Level == org.LevelDepartment && !slices.Contains(u.spec.fields, tp.field)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// action is one thing that happens at a moment of the simulation.
type action struct {
	at  time.Time
	seq int // ties run in the order they were scheduled, for determinism
	do  func() error
}

type agenda []action

func (a agenda) Len() int { return len(a) }
func (a agenda) Less(i, j int) bool {
	if !a[i].at.Equal(a[j].at) {
		return a[i].at.Before(a[j].at)
	}
	return a[i].seq < a[j].seq
}
func (a agenda) Swap(i, j int) { a[i], a[j] = a[j], a[i] }
func (a *agenda) Push(x any)   { *a = append(*a, x.(action)) }
func (a *agenda) Pop() any {
	old := *a
	x := old[len(old)-1]
	*a = old[:len(old)-1]
	return x
}
