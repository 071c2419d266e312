package petition_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/citizen"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/testdb"
)

// now is a fixed Tuesday morning in Vietnam.
var now = time.Date(2026, 7, 7, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

func clock() time.Time { return now }

func draft(f *testdb.Fixture) petition.Draft {
	return petition.Draft{
		UnitID: f.Province.ID, Type: petition.TypeDenunciation, Field: "land",
		Summary: "Tố cáo sai phạm trong thu hồi đất", Content: "Cán bộ địa chính tính sai mức bồi thường đất đai.",
		Complainants: []citizen.Citizen{{FullName: "Nguyễn Văn An", IDNumber: "001085012345", Address: "Thôn Đông, xã Tân An"}},
	}
}

// validData is complete data for every event.
func validData(f *testdb.Fixture) map[petition.Event]petition.EventData {
	return map[petition.Event]petition.EventData{
		petition.EventGuide:    {TargetBody: "UBND xã Tân An", DocNo: "12/HD-TCD"},
		petition.EventAnswer:   {DocNo: "15/TB-TTr", Text: "Đơn không đủ điều kiện thụ lý vì đã hết thời hiệu."},
		petition.EventFile:     {Reason: string(petition.FileIllegible)},
		petition.EventForward:  {TargetBody: "Sở Xây dựng", DocNo: "88/PC-TTr"},
		petition.EventAccept:   {DecisionNo: "1234/QĐ-UBND", Complexity: petition.ComplexityEspecially},
		petition.EventResolve:  {DecisionNo: "1500/QĐ-UBND", DecisionDate: "2026-07-07", Conclusion: petition.ConclusionPartly},
		petition.EventExtend:   {Reason: "Vụ việc phức tạp, cần xác minh thêm", NewDeadline: "2026-08-30"},
		petition.EventSuspend:  {Reason: "Chờ kết quả giám định", DecisionNo: "20/QĐ-TĐC"},
		petition.EventResume:   {DecisionNo: "21/QĐ-TĐC"},
		petition.EventWithdraw: {Reason: "Người khiếu nại rút đơn", DecisionNo: "22/QĐ-ĐC"},
		petition.EventReply:    {DocNo: "45/UBND-TD", Text: "Sở Xây dựng đã thụ lý và sẽ trả lời công dân."},
	}
}

// pathTo lists the events that bring a new petition to each state.
var pathTo = map[petition.State][]petition.Event{
	petition.StateReceived:  nil,
	petition.StateGuided:    {petition.EventGuide},
	petition.StateAnswered:  {petition.EventAnswer},
	petition.StateFiled:     {petition.EventFile},
	petition.StateForwarded: {petition.EventForward},
	petition.StateAccepted:  {petition.EventAccept},
	petition.StateSuspended: {petition.EventAccept, petition.EventSuspend},
	petition.StateResolved:  {petition.EventAccept, petition.EventResolve},
	petition.StateWithdrawn: {petition.EventWithdraw},
}

func petitionIn(t *testing.T, f *testdb.Fixture, svc *petition.Service, s petition.State) *petition.Record {
	t.Helper()
	ctx := context.Background()
	p, _, err := svc.Create(ctx, f.Reception, draft(f), petition.Idempotency{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	data := validData(f)
	for _, e := range pathTo[s] {
		if p, err = svc.Fire(ctx, decider(f), p.ID, petition.EventRequest{Event: e, Version: p.Version, Data: data[e]}); err != nil {
			t.Fatalf("bring to %s: %s: %v", s, e, err)
		}
	}
	if p.State != s {
		t.Fatalf("petition is %s, want %s", p.State, s)
	}
	return p
}

func TestEveryStateEventPair(t *testing.T) {
	if len(pathTo) != len(petition.States) {
		t.Fatalf("the test reaches %d states, the machine has %d", len(pathTo), len(petition.States))
	}
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	ctx := context.Background()
	data := validData(f)
	for _, s := range petition.States {
		allowed := petition.Allowed(s)
		for _, e := range petition.Events() {
			t.Run(fmt.Sprintf("%s/%s", s, e), func(t *testing.T) {
				p := petitionIn(t, f, svc, s)
				before, _ := svc.History(ctx, p.ID)
				if !slices.Contains(allowed, e) {
					_, err := svc.Fire(ctx, decider(f), p.ID, petition.EventRequest{Event: e, Version: p.Version, Data: data[e]})
					if !fault.Is(err, fault.Conflict) {
						t.Fatalf("disallowed event: got %v, want a conflict", err)
					}
					assertUnchanged(t, svc, p, len(before))
					return
				}
				_, err := svc.Fire(ctx, decider(f), p.ID, petition.EventRequest{Event: e, Version: p.Version})
				if !fault.Is(err, fault.Invalid) {
					t.Fatalf("allowed event without data: got %v, want invalid", err)
				}
				assertUnchanged(t, svc, p, len(before))

				got, err := svc.Fire(ctx, decider(f), p.ID, petition.EventRequest{Event: e, Version: p.Version, Data: data[e]})
				if err != nil {
					t.Fatalf("allowed event with data: %v", err)
				}
				if got.Version != p.Version+1 {
					t.Errorf("version %d, want %d", got.Version, p.Version+1)
				}
				after, _ := svc.History(ctx, p.ID)
				if len(after) != len(before)+1 {
					t.Fatalf("history has %d rows, want %d", len(after), len(before)+1)
				}
				last := after[len(after)-1]
				if last.Event != e || last.From != s || last.To != got.State || last.ActorID != f.Handler.ID || last.Version != got.Version {
					t.Errorf("history row %+v does not record %s from %s by the handler", last, e, s)
				}
			})
		}
	}
}

func assertUnchanged(t *testing.T, svc *petition.Service, p *petition.Record, historyLen int) {
	t.Helper()
	ctx := context.Background()
	now, err := svc.Get(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if now.State != p.State || now.Version != p.Version || !reflect.DeepEqual(now.Outcome, p.Outcome) {
		t.Errorf("a failed event changed the petition: %s v%d → %s v%d", p.State, p.Version, now.State, now.Version)
	}
	h, _ := svc.History(ctx, p.ID)
	if len(h) != historyLen {
		t.Errorf("a failed event wrote history: %d rows, want %d", len(h), historyLen)
	}
}

func TestUnknownEventIsInvalid(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	p := petitionIn(t, f, svc, petition.StateReceived)
	_, err := svc.Fire(context.Background(), decider(f), p.ID, petition.EventRequest{Event: "approve", Version: 1})
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("got %v, want invalid", err)
	}
	assertUnchanged(t, svc, p, 1)
}

func TestStaleVersionIsRefused(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	p := petitionIn(t, f, svc, petition.StateAccepted)
	_, err := svc.Fire(context.Background(), decider(f), p.ID, petition.EventRequest{Event: petition.EventExtend, Version: p.Version - 1, Data: validData(f)[petition.EventExtend]})
	if !fault.Is(err, fault.Stale) {
		t.Fatalf("got %v, want stale", err)
	}
	assertUnchanged(t, svc, p, 2)
}

func TestForwardInsideDeploymentLinksBothWays(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	ctx := context.Background()
	p := petitionIn(t, f, svc, petition.StateReceived)
	target := f.Commune.ID
	got, err := svc.Fire(ctx, decider(f), p.ID, petition.EventRequest{Event: petition.EventForward, Version: 1, Data: petition.EventData{TargetUnitID: &target, DocNo: "88/PC-TTr"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Outcome.ForwardedPetition == nil || got.Outcome.Body != f.Commune.Name {
		t.Fatalf("forwarded petition not linked: %+v", got.Outcome)
	}
	copy, err := svc.Get(ctx, *got.Outcome.ForwardedPetition)
	if err != nil {
		t.Fatal(err)
	}
	if copy.UnitID != f.Commune.ID || copy.State != petition.StateReceived || copy.SourceID == nil || *copy.SourceID != p.ID {
		t.Errorf("the receiving unit's copy is %+v", copy)
	}
	// The denouncer's identity travels with the copy, kept apart there too.
	if copy.Code == p.Code || copy.Channel != petition.ChannelForwarded || !copy.Confidential || len(copy.Complainant) != 0 || copy.Hidden != 1 {
		t.Errorf("the copy should have its own code, the forwarded channel and the identity kept apart: %+v", copy)
	}
	inbox, err := svc.List(ctx, petition.Filter{UnitID: f.Commune.ID, States: []petition.State{petition.StateReceived}})
	if err != nil || inbox.Total != 1 || inbox.Items[0].ID != copy.ID {
		t.Errorf("the copy is not in the commune's inbox: %+v %v", inbox, err)
	}
}

func TestForwardToUnknownUnitWritesNothing(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	p := petitionIn(t, f, svc, petition.StateReceived)
	target := int64(9999)
	_, err := svc.Fire(context.Background(), decider(f), p.ID, petition.EventRequest{Event: petition.EventForward, Version: 1, Data: petition.EventData{TargetUnitID: &target, DocNo: "1/PC"}})
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("got %v, want invalid", err)
	}
	assertUnchanged(t, svc, p, 1)
	all, _ := svc.List(context.Background(), petition.Filter{Limit: 10})
	if all.Total != 1 {
		t.Errorf("%d petitions, want 1", all.Total)
	}
}

// Twenty officials act on one petition at once: for each round exactly one
// wins and the others learn that the petition changed under them.
func TestConcurrentEventsOneWinnerPerVersion(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	ctx := context.Background()
	p := petitionIn(t, f, svc, petition.StateReceived)
	data := validData(f)
	rounds := []petition.Event{petition.EventAccept, petition.EventExtend, petition.EventSuspend, petition.EventResume, petition.EventResolve}
	for _, e := range rounds {
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, losses := 0, 0
		version := p.Version
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.Fire(ctx, decider(f), p.ID, petition.EventRequest{Event: e, Version: version, Data: data[e]})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case fault.Is(err, fault.Stale), fault.Is(err, fault.Conflict):
					losses++
				default:
					t.Errorf("%s: unexpected error %v", e, err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 || losses != 19 {
			t.Fatalf("%s: %d wins and %d losses, want 1 and 19", e, wins, losses)
		}
		var err error
		if p, err = svc.Record(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	h, _ := svc.History(ctx, p.ID)
	if len(h) != len(rounds)+1 || p.Version != len(h) || p.State != petition.StateResolved {
		t.Fatalf("history %d rows, version %d, state %s", len(h), p.Version, p.State)
	}
	for i, row := range h {
		if row.Version != i+1 {
			t.Errorf("history row %d has version %d", i, row.Version)
		}
		if i > 0 && row.From != h[i-1].To {
			t.Errorf("history row %d starts in %s but the previous ended in %s", i, row.From, h[i-1].To)
		}
	}
}

func TestSecondRoundLinksAFirstRoundComplaint(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	ctx := context.Background()
	d := draft(f)
	d.Type = petition.TypeComplaint
	first, _, err := svc.Create(ctx, f.Reception, d, petition.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	d.Round, d.FirstRound = 2, &first.ID
	second, _, err := svc.Create(ctx, f.Reception, d, petition.Idempotency{})
	if err != nil || second.Round != 2 || *second.FirstRound != first.ID {
		t.Fatalf("second round: %+v, %v", second, err)
	}
	d.FirstRound = &second.ID // a second round cannot be the first round of another
	if _, _, err := svc.Create(ctx, f.Reception, d, petition.Idempotency{}); !fault.Is(err, fault.Invalid) {
		t.Errorf("got %v, want invalid", err)
	}
}

func TestSearchIgnoresDiacritics(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	ctx := context.Background()
	p := petitionIn(t, f, svc, petition.StateReceived)
	d := draft(f)
	d.Summary, d.Content = "Phản ánh ô nhiễm tiếng ồn", "Xưởng mộc hoạt động ban đêm."
	d.Type, d.Complainants = petition.TypeFeedback, nil
	if _, _, err := svc.Create(ctx, f.Reception, d, petition.Idempotency{}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"dat dai", "ĐẤT ĐAI", "boi thuong", "thu hoi da", "sai pham", p.Code, petition.FormatCode(p.Code)} {
		res, err := svc.List(ctx, petition.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Items[0].ID != p.ID {
			t.Errorf("q=%q found %d petitions, want only the land denunciation", q, res.Total)
		}
	}
	if res, _ := svc.List(ctx, petition.Filter{Query: "xay dung"}); res.Total != 0 {
		t.Errorf("q=xay dung found %d, want 0", res.Total)
	}
	// A complainant is found by name; a denouncer is not.
	d = draft(f)
	d.Type, d.Complainants[0].FullName = petition.TypeComplaint, "Trần Thị Bích"
	complaint, _, err := svc.Create(ctx, f.Reception, d, petition.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := svc.List(ctx, petition.Filter{Query: "tran thi bich"}); res.Total != 1 || res.Items[0].ID != complaint.ID {
		t.Errorf("a complainant's name found %d petitions, want the complaint", res.Total)
	}
	if res, _ := svc.List(ctx, petition.Filter{Query: "nguyen van an"}); res.Total != 0 {
		t.Errorf("the denouncer's name found %d petitions", res.Total)
	}
}

func deadlineOf(t *testing.T, svc *petition.Service, id int64, step deadline.Step) deadline.Deadline {
	t.Helper()
	ds, err := svc.Deadlines(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Step == step {
			return d
		}
	}
	t.Fatalf("petition %d has no %s deadline: %+v", id, step, ds)
	return deadline.Deadline{}
}

// Events open and close deadlines in the same transaction, and a
// forwarded copy's outcome closes the reply its source awaited.
func TestDeadlinesFollowEvents(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	ctx := context.Background()
	p := petitionIn(t, f, svc, petition.StateReceived)
	// A denunciation received Tue 7/7/2026: 7 working days → Thu 16/7.
	if d := deadlineOf(t, svc, p.ID, deadline.StepProcess); d.Due != calendar.NewDate(2026, 7, 16) || d.Status != deadline.StatusOpen {
		t.Fatalf("process deadline %s %s", d.Due, d.Status)
	}
	p, err := svc.Fire(ctx, decider(f), p.ID, petition.EventRequest{Event: petition.EventAccept, Version: 1, Data: validData(f)[petition.EventAccept]})
	if err != nil {
		t.Fatal(err)
	}
	if d := deadlineOf(t, svc, p.ID, deadline.StepProcess); d.Status != deadline.StatusMet {
		t.Errorf("process deadline is %s after acceptance", d.Status)
	}
	// 30 days from 7/7 → Thu 6/8.
	if d := deadlineOf(t, svc, p.ID, deadline.StepResolve); d.Due != calendar.NewDate(2026, 8, 6) || d.Status != deadline.StatusOpen {
		t.Errorf("resolve deadline %s %s", d.Due, d.Status)
	}

	q := petitionIn(t, f, svc, petition.StateReceived)
	target := f.Commune.ID
	q, err = svc.Fire(ctx, decider(f), q.ID, petition.EventRequest{Event: petition.EventForward, Version: 1, Data: petition.EventData{TargetUnitID: &target, DocNo: "9/PC"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := deadlineOf(t, svc, q.ID, deadline.StepForwardReply); d.Status != deadline.StatusOpen {
		t.Fatalf("forward reply %s", d.Status)
	}
	copyID := *q.Outcome.ForwardedPetition
	if d := deadlineOf(t, svc, copyID, deadline.StepProcess); d.UnitID != f.Commune.ID {
		t.Errorf("the copy's deadline belongs to unit %d", d.UnitID)
	}
	if _, err := svc.Fire(ctx, decider(f), copyID, petition.EventRequest{Event: petition.EventFile, Version: 1, Data: validData(f)[petition.EventFile]}); err != nil {
		t.Fatal(err)
	}
	if d := deadlineOf(t, svc, q.ID, deadline.StepForwardReply); d.Status != deadline.StatusMet {
		t.Errorf("the source's awaited reply is %s after the copy was filed", d.Status)
	}
}

// A petition forwarded to a body outside the deployment awaits its reply;
// recording the reply meets the deadline.
func TestRecordedReplyClosesTheAwaitedReply(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	ctx := context.Background()
	p := petitionIn(t, f, svc, petition.StateForwarded)
	// Forwarded Tue 7/7: 10 working days → Tue 21/7.
	if d := deadlineOf(t, svc, p.ID, deadline.StepForwardReply); d.Status != deadline.StatusOpen || d.Due != calendar.NewDate(2026, 7, 21) {
		t.Fatalf("awaited reply: %s due %s", d.Status, d.Due)
	}
	p, err := svc.Fire(ctx, decider(f), p.ID, petition.EventRequest{Event: petition.EventReply, Version: p.Version, Data: validData(f)[petition.EventReply]})
	if err != nil || p.State != petition.StateForwarded {
		t.Fatalf("record reply: %v", err)
	}
	if d := deadlineOf(t, svc, p.ID, deadline.StepForwardReply); d.Status != deadline.StatusMet {
		t.Errorf("awaited reply is %s after the reply was recorded", d.Status)
	}
}

// decider is the fixture's handler also holding the leader's role, so one
// official may fire every event.
func decider(f *testdb.Fixture) org.User {
	u := f.Handler
	u.Roles = []org.Role{org.RoleHandler, org.RoleLeader}
	return u
}

// Who may fire an event is declared with the state machine: a handler may
// not sign a resolution, a reception officer may only guide, and a refused
// event writes nothing.
func TestEventsNeedTheRightRole(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, clock)
	ctx := context.Background()
	data := validData(f)
	p := petitionIn(t, f, svc, petition.StateAccepted)
	_, err := svc.Fire(ctx, f.Handler, p.ID, petition.EventRequest{Event: petition.EventResolve, Version: p.Version, Data: data[petition.EventResolve]})
	if !fault.Is(err, fault.Forbidden) {
		t.Fatalf("a handler resolving: %v, want forbidden", err)
	}
	if got, _ := svc.Record(ctx, p.ID); got.Version != p.Version || got.State != petition.StateAccepted {
		t.Errorf("a refused event changed the petition: %s v%d", got.State, got.Version)
	}
	if _, err := svc.Fire(ctx, f.Leader, p.ID, petition.EventRequest{Event: petition.EventResolve, Version: p.Version, Data: data[petition.EventResolve]}); err != nil {
		t.Errorf("a leader resolving: %v", err)
	}
	for _, tc := range []struct {
		user org.User
		want []petition.Event
	}{
		{f.Reception, []petition.Event{petition.EventGuide}},
		{f.Handler, []petition.Event{petition.EventWithdraw}},
		{f.Leader, []petition.Event{petition.EventResolve, petition.EventExtend, petition.EventSuspend, petition.EventWithdraw}},
		{f.Admin, []petition.Event{}},
		{f.Auditor, []petition.Event{}},
	} {
		state := petition.StateAccepted
		if tc.user.Has(org.RoleReception) {
			state = petition.StateReceived
		}
		if got := petition.AllowedFor(state, tc.user); !slices.Equal(got, tc.want) {
			t.Errorf("%s in %s may fire %v, want %v", tc.user.Username, state, got, tc.want)
		}
	}
}
