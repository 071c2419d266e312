package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/citizen"
	"tiepdan/internal/petition"
)

// generate sends n rows in batches, received in time order over the
// working days of the last two years. It stops early when ctx ends.
func (b *bulkGen) generate(ctx context.Context, n int, out chan<- []petition.BulkRow) error {
	g := b.g
	days := workdays(g.now.AddDate(-years, 0, 0), g.now)
	batch := make([]petition.BulkRow, 0, min(n, bulkBatch))
	var times []time.Time
	for j, day := range days {
		k := (j+1)*n/len(days) - j*n/len(days)
		times = times[:0]
		for range k {
			t := g.officeTime(day)
			if !t.Before(g.now) {
				t = g.now.Add(-time.Duration(1+g.r.IntN(3600)) * time.Second)
			}
			times = append(times, t)
		}
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		for _, t := range times {
			r, err := b.row(t)
			if err != nil {
				return err
			}
			batch = append(batch, r)
			if len(batch) == bulkBatch {
				select {
				case out <- batch:
				case <-ctx.Done():
					return ctx.Err()
				}
				batch = make([]petition.BulkRow, 0, bulkBatch)
			}
		}
	}
	if len(batch) > 0 {
		select {
		case out <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// bulkChannels is how bulk petitions arrived; in-person ones have no
// logbook row here.
var bulkChannels = append([]weighted{{string(petition.ChannelInPerson), 40}}, writtenChannels...)

// row makes one petition received at at.
func (b *bulkGen) row(at time.Time) (petition.BulkRow, error) {
	g := b.g
	u := b.pickUnit()
	place := u.place
	if place.place == "" {
		place = pick(g, b.communes)
	}
	// People mostly write to the department that deals with their
	// matter; what reaches the wrong one is sent on.
	fields, notOurs := b.fields, false
	if len(u.fields) > 0 {
		if g.chance(0.8) {
			fields = u.fields
		}
		notOurs = true // until the field says otherwise
	}
	tp := pick(g, b.topics[g.weightedName(fields)])
	if notOurs {
		notOurs = !slices.ContainsFunc(u.fields, func(w weighted) bool { return w.name == tp.field })
	}
	ch := petition.Channel(g.weightedName(bulkChannels))
	r := petition.BulkRow{
		UnitID: u.ID, Code: petition.NewCode(), Channel: ch, Type: tp.typ, Field: tp.field,
		ReceivedAt: at, CreatedBy: u.reception,
		Competence: petition.CompetenceUnknown, Eligibility: petition.EligibilityUnknown,
	}
	var writer *citizen.Citizen
	if tp.typ != petition.TypeDenunciation || ch == petition.ChannelInPerson || !g.chance(0.3) {
		// Numbers are not tracked here: a rare clash with someone already
		// stored links the petition to that person, as a repeat would.
		c, err := g.person(place)
		if err != nil {
			return r, err
		}
		if ch == petition.ChannelHotline || ch == petition.ChannelPost && g.chance(0.3) {
			c.IDKind, c.IDNumber = citizen.IDNone, ""
		}
		r.Complainant = c
		writer = &r.Complainant
	}
	w := g.render(tp, place, writer, 1)
	r.Summary, r.Content, r.Respondent = w.summary, w.content, w.respondent
	b.settle(&r, u, w, notOurs)
	if r.State != petition.StateReceived || g.chance(0.6) {
		h := u.handler
		r.HandlerID = &h
	}
	return r, petition.PlanBulkRow(b.planner, &r)
}

func (b *bulkGen) pickUnit() *bulkUnit {
	n := b.g.r.IntN(b.total)
	for i := range b.units {
		if n < b.units[i].weight {
			return &b.units[i]
		}
		n -= b.units[i].weight
	}
	return &b.units[0]
}

// State shares by the petition's age: what arrived in the last two weeks
// is mostly waiting, what is older than two months mostly closed.
var (
	recentStates = []weighted{
		{string(petition.StateReceived), 70}, {string(petition.StateAccepted), 12}, {string(petition.StateGuided), 6},
		{string(petition.StateForwarded), 6}, {string(petition.StateFiled), 4}, {string(petition.StateAnswered), 2},
	}
	monthStates = []weighted{
		{string(petition.StateReceived), 8}, {string(petition.StateAccepted), 35}, {string(petition.StateGuided), 12},
		{string(petition.StateForwarded), 16}, {string(petition.StateFiled), 12}, {string(petition.StateAnswered), 8},
		{string(petition.StateSuspended), 2}, {string(petition.StateWithdrawn), 2}, {string(petition.StateResolved), 5},
	}
	oldStates = []weighted{
		{string(petition.StateReceived), 1}, {string(petition.StateAccepted), 4}, {string(petition.StateSuspended), 2},
		{string(petition.StateResolved), 36}, {string(petition.StateGuided), 15}, {string(petition.StateForwarded), 18},
		{string(petition.StateFiled), 14}, {string(petition.StateAnswered), 7}, {string(petition.StateWithdrawn), 3},
	}
)

// settle draws the petition's state by age and writes the events that led
// there, with the outcome they recorded, as Fire would have.
func (b *bulkGen) settle(r *petition.BulkRow, u *bulkUnit, w writing, notOurs bool) {
	g := b.g
	age := g.now.Sub(r.ReceivedAt)
	list := oldStates
	switch {
	case age < 14*24*time.Hour:
		list = recentStates
	case age < 60*24*time.Hour:
		list = monthStates
	}
	want := petition.State(g.weightedName(list))
	if notOurs && want != petition.StateReceived && want != petition.StateGuided {
		want = petition.StateForwarded
	}
	r.State = petition.StateReceived
	if want == petition.StateReceived {
		return
	}
	left := g.later(r.ReceivedAt, g.between(2, 10))
	if !left.Before(g.now) {
		return // not handled yet after all
	}
	o := &r.Outcome
	o.At = &left
	add := func(e petition.Event, to petition.State, at time.Time, actor int64, d petition.EventData) {
		r.Events = append(r.Events, petition.HistoryEntry{Event: e, From: r.State, To: to, Data: d, ActorID: actor, At: at})
		r.State = to
	}
	doc := func(kind string) string { return fmt.Sprintf("%d/%s-%s", g.between(1, 2400), kind, u.suffix) }
	// Guide to the body the topic names, unless that is the unit itself.
	body := w.body
	if body == "" || strings.HasPrefix(body, u.Name) || u.place.place != "" && strings.Contains(body, u.place.place) {
		body = g.outsideBody(r.Field)
	}
	switch want {
	case petition.StateGuided:
		o.Body, o.DocNo = body, doc(docGuide)
		r.Competence, r.Eligibility = petition.CompetenceNotOurs, petition.EligibilityYes
		add(petition.EventGuide, want, left, u.handler, petition.EventData{TargetBody: o.Body, DocNo: o.DocNo})
	case petition.StateForwarded:
		o.Body, o.DocNo = g.outsideBody(r.Field), doc(docTransfer)
		r.Competence, r.Eligibility = petition.CompetenceNotOurs, petition.EligibilityYes
		add(petition.EventForward, want, left, u.handler, petition.EventData{TargetBody: o.Body, DocNo: o.DocNo})
		// Most bodies answer within weeks; the rest are still awaited.
		if replied := g.later(left, g.between(5, 30)); replied.Before(g.now) && g.chance(0.9) {
			add(petition.EventReply, want, replied, u.handler, petition.EventData{
				DocNo: fmt.Sprintf("%d/CV", g.between(1, 2400)), Text: "Cơ quan nhận đơn đã tiếp nhận và đang xem xét, giải quyết theo thẩm quyền."})
		}
	case petition.StateAnswered:
		o.DocNo, o.Text = doc(docNotice), g.answerText(r.Type, false, u.Name, body)
		r.Competence, r.Eligibility = petition.CompetenceOurs, petition.EligibilityNo
		add(petition.EventAnswer, want, left, u.handler, petition.EventData{DocNo: o.DocNo, Text: o.Text})
	case petition.StateFiled:
		o.FileReason = petition.FileSentToMany
		if r.Complainant.FullName == "" {
			o.FileReason = petition.FileAnonymous
		} else if g.chance(0.4) {
			o.FileReason = petition.FileAlreadyResolved
		}
		r.Eligibility = petition.EligibilityNo
		add(petition.EventFile, want, left, u.handler, petition.EventData{Reason: string(o.FileReason)})
	case petition.StateWithdrawn:
		o.WithdrawReason = pick(g, withdrawReasons)
		add(petition.EventWithdraw, want, left, u.handler, petition.EventData{Reason: o.WithdrawReason})
	default: // accepted, and what follows acceptance
		remote := u.RemoteArea
		o.AcceptDecisionNo, o.AcceptedAt = doc(docDecision), &left
		o.Complexity, o.RemoteArea = petition.Complexity(g.weightedName(complexities)), remote
		r.Competence, r.Eligibility = petition.CompetenceOurs, petition.EligibilityYes
		add(petition.EventAccept, petition.StateAccepted, left, u.leader,
			petition.EventData{DecisionNo: o.AcceptDecisionNo, Complexity: o.Complexity, RemoteArea: &remote})
		b.afterAccept(r, u, want, left, doc)
	}
}

// afterAccept adds the suspension or the resolution of an accepted case,
// unless it would fall after now: then the case is still open.
func (b *bulkGen) afterAccept(r *petition.BulkRow, u *bulkUnit, want petition.State, accepted time.Time, doc func(string) string) {
	g := b.g
	switch want {
	case petition.StateSuspended:
		at := g.later(accepted, g.between(5, 15))
		if !at.Before(g.now) {
			return
		}
		d := petition.EventData{Reason: pick(g, suspendReasons), DecisionNo: doc(docDecision)}
		r.Events = append(r.Events, petition.HistoryEntry{Event: petition.EventSuspend, From: r.State, To: want, Data: d, ActorID: u.leader, At: at})
		r.State = want
	case petition.StateResolved:
		at := g.later(accepted, g.between(12, 40))
		if !at.Before(g.now) {
			return
		}
		o := &r.Outcome
		kind := docNotice
		switch r.Type {
		case petition.TypeComplaint:
			kind = docDecision
		case petition.TypeDenunciation:
			kind = docFinding
		}
		o.DecisionNo, o.DecisionDate = doc(kind), calendar.Of(at).String()
		o.Conclusion = petition.Conclusion(g.weightedName(conclusions))
		d := petition.EventData{DecisionNo: o.DecisionNo, DecisionDate: o.DecisionDate, Conclusion: o.Conclusion}
		r.Events = append(r.Events, petition.HistoryEntry{Event: petition.EventResolve, From: r.State, To: want, Data: d, ActorID: u.leader, At: at})
		r.State = want
	}
}
