package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/vntime"
)

// step is one planned event of a petition. Times are planned when the
// petition arrives; document numbers and dates are filled when the event
// fires, so they follow the order things really happened in.
type step struct {
	at     time.Time
	event  petition.Event
	data   petition.EventData
	target *unit // a forward inside the deployment
}

// stay is the "outcome" of a petition nobody handles: every office has a
// few overdue ones.
const stay = ""

// Outcome weights by kind of petition, following the rules of the
// circulars (see DOMAIN.md): complaints that are not ours are guided,
// denunciations and recommendations forwarded.
var (
	complaintOutcomes = []weighted{
		{string(petition.EventAccept), 40}, {string(petition.EventGuide), 28}, {string(petition.EventFile), 12},
		{string(petition.EventAnswer), 12}, {string(petition.EventWithdraw), 4}, {stay, 2},
	}
	denunciationOutcomes = []weighted{
		{string(petition.EventAccept), 30}, {string(petition.EventForward), 38}, {string(petition.EventFile), 20},
		{string(petition.EventAnswer), 5}, {string(petition.EventWithdraw), 5}, {stay, 2},
	}
	requestOutcomes = []weighted{ // recommendations and feedback
		{string(petition.EventAccept), 38}, {string(petition.EventForward), 30}, {string(petition.EventAnswer), 12},
		{string(petition.EventFile), 10}, {string(petition.EventGuide), 8}, {stay, 2},
	}
	copyOutcomes = []weighted{ // a unit of the deployment sent it as competent
		{string(petition.EventAccept), 65}, {string(petition.EventAnswer), 15}, {string(petition.EventFile), 10},
		{string(petition.EventGuide), 8}, {stay, 2},
	}
	secondRoundOutcomes = []weighted{
		{string(petition.EventAccept), 75}, {string(petition.EventAnswer), 10}, {string(petition.EventFile), 10},
		{string(petition.EventWithdraw), 3}, {stay, 2},
	}
	complexities = []weighted{
		{string(petition.ComplexityNormal), 75}, {string(petition.ComplexityComplex), 20}, {string(petition.ComplexityEspecially), 5},
	}
	conclusions = []weighted{
		{string(petition.ConclusionWrong), 55}, {string(petition.ConclusionPartly), 27}, {string(petition.ConclusionRight), 18},
	}
)

var (
	withdrawReasons = []string{
		"Công dân có đơn xin rút đơn.",
		"Công dân đã tự hòa giải được với bên liên quan và xin rút đơn.",
		"Người gửi đơn xin rút đơn để khởi kiện vụ án hành chính tại Tòa án.",
	}
	withdrawAcceptedReasons = []string{
		"Người khiếu nại có đơn xin rút toàn bộ nội dung khiếu nại.",
		"Người tố cáo rút đơn tố cáo; không phát hiện dấu hiệu vi phạm pháp luật cần tiếp tục giải quyết.",
		"Các bên đã thống nhất phương án giải quyết, người có đơn xin rút đơn.",
	}
	suspendReasons = []string{
		"Chờ kết quả giải quyết của Tòa án đối với vụ án dân sự có liên quan.",
		"Chờ kết quả giám định của cơ quan chuyên môn.",
		"Người khiếu nại ốm đau, điều trị dài ngày, chưa thể làm việc.",
	}
	extendReasons = []string{
		"Vụ việc phức tạp, cần xác minh, thu thập thêm tài liệu, chứng cứ.",
		"Nội dung tố cáo liên quan đến nhiều cơ quan, cần lấy ý kiến của cơ quan chuyên môn.",
		"Cần trưng cầu giám định để có căn cứ kết luận.",
	}
)

// plan decides what will become of t and when. In person, a complaint
// that is not ours is often guided on the spot.
func (s *sim) plan(t *tracked, inPerson bool) {
	g := s.g
	at := t.received
	add := func(e petition.Event, wait int, d petition.EventData, target *unit) {
		at = g.later(at, wait)
		t.steps = append(t.steps, step{at: at, event: e, data: d, target: target})
	}
	switch s.outcome(t) {
	case petition.EventGuide:
		wait := g.between(1, 5)
		if inPerson && g.chance(0.7) {
			wait = 0
		}
		add(petition.EventGuide, wait, petition.EventData{TargetBody: s.guideBody(t)}, nil)
	case petition.EventAnswer:
		body := t.text.body
		if body == "" || strings.HasPrefix(body, t.unit.Name) {
			body = g.outsideBody(t.topic.field)
		}
		add(petition.EventAnswer, g.between(5, 12), petition.EventData{Text: g.answerText(t.topic.typ, t.returned, t.unit.Name, body)}, nil)
	case petition.EventFile:
		add(petition.EventFile, g.between(2, 9), petition.EventData{Reason: string(s.fileReason(t)), DuplicateOf: t.duplicateOf}, nil)
	case petition.EventForward:
		target, body := s.forwardTarget(t)
		add(petition.EventForward, g.between(1, 5), petition.EventData{TargetBody: body}, target)
		// A body outside the deployment mostly answers, and the handler
		// records its reply; a unit inside answers by acting on its copy.
		if target == nil && g.chance(0.85) {
			add(petition.EventReply, g.between(4, 12), petition.EventData{
				DocNo: fmt.Sprintf("%d/%s-TD", 10+g.r.IntN(900), "UBND"),
				Text:  body + " đã tiếp nhận đơn và sẽ trả lời công dân theo thẩm quyền.",
			}, nil)
		}
	case petition.EventWithdraw:
		add(petition.EventWithdraw, g.between(2, 8), petition.EventData{Reason: pick(g, withdrawReasons)}, nil)
	case petition.EventAccept:
		cx := petition.Complexity(g.weightedName(complexities))
		remote := t.unit.RemoteArea
		add(petition.EventAccept, g.between(3, 9), petition.EventData{Complexity: cx, RemoteArea: &remote}, nil)
		s.planAccepted(t, cx, add)
	}
}

// planAccepted plans an accepted case to its end: most are resolved
// within the legal time, complex denunciations after an extension; some are
// suspended, some withdrawn.
func (s *sim) planAccepted(t *tracked, cx petition.Complexity, add func(petition.Event, int, petition.EventData, *unit)) {
	g := s.g
	resolve := func(wait int) {
		add(petition.EventResolve, wait, petition.EventData{Conclusion: petition.Conclusion(g.weightedName(conclusions))}, nil)
	}
	long := cx != petition.ComplexityNormal
	switch x := g.r.Float64(); {
	case x < 0.07:
		add(petition.EventSuspend, g.between(5, 15), petition.EventData{Reason: pick(g, suspendReasons)}, nil)
		if g.chance(0.5) {
			add(petition.EventResume, g.between(10, 30), petition.EventData{Note: "Lý do tạm đình chỉ không còn."}, nil)
			resolve(g.between(8, 20))
		}
	case x < 0.12:
		add(petition.EventWithdraw, g.between(5, 20), petition.EventData{Reason: pick(g, withdrawAcceptedReasons)}, nil)
	case x < 0.35 && long && t.topic.typ == petition.TypeDenunciation:
		// Only a complex denunciation may be extended (Luật Tố cáo, Điều 30).
		add(petition.EventExtend, g.between(12, 18), petition.EventData{Reason: pick(g, extendReasons)}, nil)
		resolve(g.between(8, 20))
	case long:
		resolve(g.between(22, 45))
	default:
		resolve(g.between(12, 30))
	}
}

// outcome draws the first event of t, "" for none.
func (s *sim) outcome(t *tracked) petition.Event {
	g := s.g
	var list []weighted
	switch typ := t.topic.typ; {
	case t.duplicateOf != nil:
		return petition.EventFile
	case t.copy:
		list = copyOutcomes
	case t.round == 2:
		list = secondRoundOutcomes
	case typ == petition.TypeDenunciation && t.anonymous():
		// Anonymous denunciations are filed unless the facts can be
		// verified.
		if g.chance(0.9) {
			return petition.EventFile
		}
		return petition.EventAccept
	case misdirected(t.unit, t.topic) && typ == petition.TypeComplaint:
		return petition.EventGuide
	case misdirected(t.unit, t.topic):
		if g.chance(0.8) {
			return petition.EventForward
		}
		return petition.EventGuide
	case returnable(t.channel) && g.chance(0.4):
		t.returned = true
		return petition.EventAnswer
	case typ == petition.TypeComplaint:
		list = complaintOutcomes
	case typ == petition.TypeDenunciation:
		list = denunciationOutcomes
	default:
		list = requestOutcomes
	}
	return petition.Event(g.weightedName(list))
}

// returnable channels bring petitions from bodies that get them back,
// with reasons, when they are not ours.
func returnable(ch petition.Channel) bool {
	switch ch {
	case petition.ChannelDeputy, petition.ChannelPress, petition.ChannelFront, petition.ChannelForwarded:
		return true
	}
	return false
}

func (s *sim) fileReason(t *tracked) petition.FileReason {
	g := s.g
	switch {
	case t.duplicateOf != nil:
		return petition.FileDuplicate
	case t.anonymous():
		return petition.FileAnonymous
	case t.topic.typ == petition.TypeComplaint:
		return petition.FileReason(g.weightedName([]weighted{
			{string(petition.FileOutOfTime), 35}, {string(petition.FileAlreadyResolved), 30},
			{string(petition.FileSentToMany), 20}, {string(petition.FileIllegible), 15},
		}))
	}
	return petition.FileReason(g.weightedName([]weighted{
		{string(petition.FileSentToMany), 55}, {string(petition.FileAlreadyResolved), 35}, {string(petition.FileIllegible), 10},
	}))
}

// guideBody is where a citizen is sent: the body the topic names, unless
// that is the unit itself.
func (s *sim) guideBody(t *tracked) string {
	body := t.text.body
	if body == "" || strings.HasPrefix(body, t.unit.Name) ||
		t.unit.Level == org.LevelCommune && strings.Contains(t.topic.body, "{xa}") {
		return s.g.outsideBody(t.topic.field)
	}
	return body
}

// forwardTarget picks who gets a forwarded petition: a department
// competent for the field or the commune the matter is in, when the
// deployment has one (the receiving unit then gets its own copy), else a
// body outside.
func (s *sim) forwardTarget(t *tracked) (*unit, string) {
	var cands []*unit
	for _, d := range s.departments {
		if d != t.unit && slices.Contains(d.spec.fields, t.topic.field) {
			cands = append(cands, d)
		}
	}
	if t.unit.Level != org.LevelCommune {
		for _, c := range s.communes {
			if c.spec.code == t.place.code {
				cands = append(cands, c)
			}
		}
	}
	if len(cands) > 0 && s.g.chance(0.55) {
		return pick(s.g, cands), ""
	}
	return nil, s.g.outsideBody(t.topic.field)
}

// scheduleNext puts t's next planned event on the agenda.
func (s *sim) scheduleNext(t *tracked) {
	if t.next < len(t.steps) {
		s.at(t.steps[t.next].at, func() error { return s.fire(t) })
	}
}

// fire applies t's next event through the service, as the official who
// would: the handler proposes, the leader signs decisions.
func (s *sim) fire(t *tracked) error {
	g, u := s.g, t.unit
	st := t.steps[t.next]
	t.next++
	data := st.data
	actor := u.handler
	decides := func() { actor = u.leader }
	switch st.event {
	case petition.EventGuide:
		if data.DocNo == "" {
			data.DocNo = s.docs.next(u, docGuide, st.at)
		}
	case petition.EventAnswer:
		data.DocNo = s.docs.next(u, docNotice, st.at)
	case petition.EventForward:
		data.DocNo = s.docs.next(u, docTransfer, st.at)
		if st.target != nil {
			id := st.target.ID
			data.TargetUnitID = &id
		}
	case petition.EventAccept:
		decides()
		kind := docNotice // thông báo thụ lý khiếu nại
		if t.topic.typ == petition.TypeDenunciation {
			kind = docDecision // quyết định thụ lý tố cáo
		}
		data.DecisionNo = s.docs.next(u, kind, st.at)
	case petition.EventResolve:
		decides()
		kind := docNotice
		switch t.topic.typ {
		case petition.TypeComplaint:
			kind = docDecision
		case petition.TypeDenunciation:
			kind = docFinding
		}
		data.DecisionNo = s.docs.next(u, kind, st.at)
		// Decisions are often signed a day or two before they are
		// recorded, never before the case was accepted.
		day := calendar.Of(st.at).AddDays(-g.r.IntN(3))
		if acc := calendar.Of(t.accepted); day.Before(acc) {
			day = acc
		}
		data.DecisionDate = day.String()
	case petition.EventExtend:
		decides()
		// Within the lawful 30 more days: 55 days from acceptance, before
		// the 30 + 30 the law allows.
		data.NewDeadline = calendar.Of(t.accepted).AddDays(55).String()
	case petition.EventSuspend, petition.EventResume:
		decides()
		data.DecisionNo = s.docs.next(u, docDecision, st.at)
	case petition.EventWithdraw:
		if !t.accepted.IsZero() {
			decides()
			data.DecisionNo = s.docs.next(u, docDecision, st.at) // quyết định đình chỉ
		}
	}
	p, err := s.petitions.Fire(s.ctx, actor, t.id, petition.EventRequest{Event: st.event, Version: t.version, Data: data})
	if err != nil {
		return fmt.Errorf("petition %d at %s: %s on %s: %w", t.id, u.Code, st.event, vntime.DateTime(st.at), err)
	}
	t.version = p.Version
	if t.next == 1 {
		s.handled[u.ID] = append(s.handled[u.ID], t)
	}
	switch st.event {
	case petition.EventAccept:
		t.accepted = st.at
	case petition.EventForward:
		if st.target != nil {
			if p.Outcome.ForwardedPetition == nil {
				return fmt.Errorf("petition %d: forwarded to unit %d without a copy", t.id, st.target.ID)
			}
			s.newCopy(t, *p.Outcome.ForwardedPetition, st.target, st.at)
		}
	case petition.EventResolve:
		t.decisionNo = data.DecisionNo
		// A first-round decision that did not satisfy the complainant is
		// often complained of again, to the provincial chairman.
		if t.topic.typ == petition.TypeComplaint && t.round == 1 && u.Level != org.LevelProvince &&
			data.Conclusion != petition.ConclusionRight && !t.anonymous() && g.chance(0.35) {
			at := g.later(st.at, g.between(8, 30))
			s.at(at, func() error { return s.newSecondRound(at, t) })
		}
	}
	s.scheduleNext(t)
	return nil
}
