package demo

import (
	"fmt"
	"slices"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/citizen"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/visit"
	"tiepdan/internal/vntime"
)

// newVisit logs one visit at u with the petitions recorded from it.
func (s *sim) newVisit(at time.Time, u *unit, kind visit.Kind) error {
	g := s.g
	place := s.placeFor(u)
	refused := g.chance(0.02)
	group := !refused && kind != visit.KindOnline && g.chance(0.05)

	visitor, err := g.person(place)
	if err != nil {
		return err
	}
	d := visit.Draft{UnitID: u.ID, VisitedAt: &at, Kind: kind, Citizen: visitor, HeadCount: 1, Notes: visitNote(u, kind)}
	people := []citizen.Citizen{visitor}
	if group {
		// Law on Citizen Reception art. 29: 5–10 people choose 1–2
		// representatives, more than 10 at most 5.
		d.HeadCount = g.between(5, 30)
		lo, hi := visit.RepresentativeLimits(d.HeadCount)
		for range g.between(max(lo, 2), hi) - 1 {
			c, err := g.person(place)
			if err != nil {
				return err
			}
			people = append(people, c)
		}
		d.Representatives = slices.Clone(people)
	}

	tp := s.topicFor(u, "")
	if group && len(s.groupTopics) > 0 && g.chance(0.8) {
		tp = pick(g, s.groupTopics)
	}
	text := g.render(tp, place, &visitor, d.HeadCount)
	d.Summary, d.PetitionType = text.summary, tp.typ

	if refused {
		// "other" would need the legal ground typed in; the listed ones do not.
		reasons := slices.DeleteFunc(slices.Clone(visit.RefusalReasons), func(r visit.RefusalReason) bool { return r == "other" })
		d.Refused, d.RefusalReason = true, pick(g, reasons)
		d.Notes = "Đã lập biên bản, giải thích lý do từ chối tiếp cho công dân."
		return s.createVisit(u, d, nil)
	}

	n := 1
	switch x := g.r.Float64(); {
	case x < 0.06:
		n = 0 // asked a question and was told where to go; nothing in writing
	case x < 0.11:
		n = 2 // two contents of different types: the petition is split
	}
	if n == 0 {
		d.GuidedTo = s.guideBody(&tracked{unit: u, topic: tp, text: text})
		d.ResultNote = "Đã giải thích, hướng dẫn công dân đến cơ quan có thẩm quyền."
		return s.createVisit(u, d, nil)
	}

	var ts []*tracked
	for i := range n {
		if i > 0 {
			tp = s.topicFor(u, tp.typ)
			text = g.render(tp, place, &visitor, d.HeadCount)
		}
		t := &tracked{unit: u, place: place, topic: tp, text: text, people: people, heads: d.HeadCount,
			channel: petition.ChannelInPerson, round: 1, received: at}
		s.plan(t, true)
		ts = append(ts, t)
		d.Petitions = append(d.Petitions, s.draft(t))
	}

	// The logbook row says what the visitor was told on the spot.
	first := ts[0]
	comp, _ := s.classification(first)
	d.InCompetence = comp == petition.CompetenceOurs
	switch st := first.steps; {
	case len(st) > 0 && st[0].event == petition.EventGuide && calendar.Of(st[0].at) == calendar.Of(at):
		st[0].data.DocNo = s.docs.next(u, docGuide, at)
		d.GuidedTo, d.GuidanceDocNo = st[0].data.TargetBody, st[0].data.DocNo
		d.ResultNote = "Đã hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền."
	case len(st) > 0 && st[0].event == petition.EventFile && st[0].data.Reason == string(petition.FileAlreadyResolved):
		d.PriorResolver = resolverTitle(u)
		d.ResultNote = "Vụ việc đã được giải quyết; đã giải thích cho công dân."
	default:
		d.ResultNote = "Đã tiếp nhận đơn, hẹn trả lời kết quả trong thời hạn 10 ngày làm việc."
	}
	return s.createVisit(u, d, ts)
}

// createVisit writes the visit and starts the life of its petitions.
func (s *sim) createVisit(u *unit, d visit.Draft, ts []*tracked) error {
	v, _, err := s.visits.Create(s.ctx, u.reception, d, petition.Idempotency{})
	if err != nil {
		return fmt.Errorf("visit at %s on %s: %w", u.Code, vntime.DateTime(*d.VisitedAt), err)
	}
	if len(v.Petitions) != len(ts) {
		return fmt.Errorf("visit %d: %d petitions stored, %d sent", v.ID, len(v.Petitions), len(ts))
	}
	for i, t := range ts {
		t.id, t.version = v.Petitions[i].ID, v.Petitions[i].Version
		s.scheduleNext(t)
	}
	return nil
}

func visitNote(u *unit, kind visit.Kind) string {
	switch kind {
	case visit.KindPeriodic:
		return resolverTitle(u) + " tiếp công dân định kỳ theo lịch."
	case visit.KindAdHoc:
		return "Tiếp đột xuất theo yêu cầu của lãnh đạo do vụ việc bức xúc, phức tạp."
	case visit.KindOnline:
		return "Tiếp công dân trực tuyến qua hệ thống hội nghị truyền hình."
	}
	return ""
}

// resolverTitle is the head who decides for u.
func resolverTitle(u *unit) string {
	switch {
	case u.Level == org.LevelCommune:
		return "Chủ tịch UBND " + u.spec.place
	case u.Level == org.LevelProvince:
		return "Chủ tịch UBND tỉnh Sơn Hà"
	case u.spec.code == "TTT":
		return "Chánh Thanh tra tỉnh"
	}
	return "Giám đốc " + u.Name
}

// newPetition records a petition that arrived without a visit.
func (s *sim) newPetition(at time.Time, u *unit, ch petition.Channel) error {
	g := s.g
	written := ch == petition.ChannelPost || ch == petition.ChannelPortal || ch == petition.ChannelEmail
	if written && g.chance(0.06) {
		if orig := s.pickHandled(u); orig != nil {
			return s.newRepeat(at, orig, ch)
		}
	}
	place := s.placeFor(u)
	tp := s.topicFor(u, "")
	t := &tracked{unit: u, place: place, topic: tp, channel: ch, round: 1, received: at, heads: 1}
	anonymous := tp.typ == petition.TypeDenunciation && (written || ch == petition.ChannelHotline) && g.chance(0.35)
	var writer *citizen.Citizen
	if !anonymous {
		c, err := g.person(place)
		if err != nil {
			return err
		}
		// A call or a letter often gives no identity number.
		if ch == petition.ChannelHotline || ch == petition.ChannelPost && g.chance(0.3) {
			c.IDKind, c.IDNumber = citizen.IDNone, ""
		}
		t.people = []citizen.Citizen{c}
		writer = &t.people[0]
	}
	t.text = g.render(tp, place, writer, 1)
	s.plan(t, false)
	return s.create(t)
}

// newRepeat is the same petition sent again by the same person; it is
// filed as a duplicate of the one already handled.
func (s *sim) newRepeat(at time.Time, orig *tracked, ch petition.Channel) error {
	id := orig.id
	t := &tracked{unit: orig.unit, place: orig.place, topic: orig.topic, text: orig.text, people: orig.people,
		heads: 1, channel: ch, round: 1, received: at, duplicateOf: &id}
	s.plan(t, false)
	return s.create(t)
}

// newSecondRound is a complaint against a first-round decision, to the
// provincial chairman: a new case linked to the first.
func (s *sim) newSecondRound(at time.Time, first *tracked) error {
	c := first.people[0]
	resolver := resolverTitle(first.unit)
	id := first.id
	t := &tracked{unit: s.province, place: first.place, topic: first.topic, people: first.people, heads: 1,
		channel: petition.ChannelPost, round: 2, firstRound: &id, received: at}
	t.text = writing{
		summary: fmt.Sprintf("Khiếu nại lần hai đối với Quyết định giải quyết khiếu nại số %s của %s", first.decisionNo, resolver),
		content: fmt.Sprintf("Tôi là %s, trú tại %s. Tôi không đồng ý với Quyết định giải quyết khiếu nại lần đầu số %s của %s "+
			"vì quyết định chưa xem xét đầy đủ các tài liệu, chứng cứ do tôi cung cấp. Nội dung khiếu nại lần đầu: %s. %s",
			c.FullName, c.Address, first.decisionNo, resolver, first.text.summary, pick(s.g, closings)),
		respondent: resolver,
		body:       first.text.body,
	}
	s.plan(t, false)
	return s.create(t)
}

// newCopy follows the copy a forward inside the deployment created at
// target: the receiving unit now has its own petition to handle.
func (s *sim) newCopy(src *tracked, id int64, target *unit, at time.Time) {
	t := &tracked{id: id, version: 1, unit: target, place: src.place, topic: src.topic, text: src.text,
		people: src.people, heads: src.heads, channel: petition.ChannelForwarded, round: src.round, copy: true, received: at}
	s.plan(t, false)
	s.scheduleNext(t)
}

// create writes a petition through the service and starts its life.
func (s *sim) create(t *tracked) error {
	d := s.draft(t)
	p, _, err := s.petitions.Create(s.ctx, t.unit.reception, d, petition.Idempotency{})
	if err != nil {
		return fmt.Errorf("petition at %s on %s: %w", t.unit.Code, vntime.DateTime(t.received), err)
	}
	t.id, t.version = p.ID, p.Version
	s.scheduleNext(t)
	return nil
}

// draft is what the reception officer types for t.
func (s *sim) draft(t *tracked) petition.Draft {
	comp, elig := s.classification(t)
	received := t.received
	d := petition.Draft{
		UnitID: t.unit.ID, Channel: t.channel, Type: t.topic.typ, Field: t.topic.field,
		Competence: comp, Eligibility: elig, Summary: t.text.summary, Content: t.text.content,
		Complainants: slices.Clone(t.people), Respondent: t.text.respondent, ReceivedAt: &received, Round: t.round, FirstRound: t.firstRound,
	}
	// Recent petitions may not have been assigned yet.
	if comp != petition.CompetenceUnknown || s.g.chance(0.6) {
		h := t.unit.handler.ID
		d.HandlerID = &h
	}
	return d
}

// classification is what the petition's first event will show. No event
// records the classification later, so the demo writes it at intake, as
// an officer who classifies on receipt would; a petition still waiting at
// the end stays unclassified.
func (s *sim) classification(t *tracked) (petition.Competence, petition.Eligibility) {
	if len(t.steps) == 0 || !t.steps[0].at.Before(s.now) {
		return petition.CompetenceUnknown, petition.EligibilityUnknown
	}
	switch t.steps[0].event {
	case petition.EventAccept:
		return petition.CompetenceOurs, petition.EligibilityYes
	case petition.EventGuide, petition.EventForward:
		return petition.CompetenceNotOurs, petition.EligibilityYes
	case petition.EventFile:
		return petition.CompetenceUnknown, petition.EligibilityNo
	case petition.EventAnswer:
		if t.returned {
			return petition.CompetenceNotOurs, petition.EligibilityYes
		}
		return petition.CompetenceOurs, petition.EligibilityNo
	}
	return petition.CompetenceUnknown, petition.EligibilityUnknown
}

// pickHandled returns a petition of u that already had an outcome, sent
// by someone with a name, or nil.
func (s *sim) pickHandled(u *unit) *tracked {
	list := s.handled[u.ID]
	for range 5 {
		if len(list) == 0 {
			return nil
		}
		if t := pick(s.g, list); !t.anonymous() {
			return t
		}
	}
	return nil
}
