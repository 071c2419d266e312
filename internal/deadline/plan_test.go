package deadline_test

import (
	"testing"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
)

func day(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

func planner(extra ...calendar.Entry) *deadline.Planner {
	sets := deadline.DefaultSets()
	for i := range sets {
		sets[i].ID = int64(i + 1)
	}
	return &deadline.Planner{Sets: sets, Calendar: calendar.New(append(calendar.DefaultEntries(2025, 2027), extra...))}
}

func only(t *testing.T, ds []deadline.Deadline, step deadline.Step) deadline.Deadline {
	t.Helper()
	for _, d := range ds {
		if d.Step == step {
			return d
		}
	}
	t.Fatalf("no %s deadline in %+v", step, ds)
	return deadline.Deadline{}
}

// A complaint follows the rule set in force on the day it was received:
// 10 working days to accept until 30/6/2026, 7 from 1/7/2026.
func TestRuleSetSwitchOn1July2026(t *testing.T) {
	pl := planner()
	for _, tc := range []struct {
		received, due calendar.Date
		limit         int
	}{
		// Tue 30/6: Jul 1,2,3,6,7,8,9,10,13,14 → Tue 14/7.
		{day(2026, 6, 30), day(2026, 7, 14), 10},
		// Wed 1/7: Jul 2,3,6,7,8,9,10 → Fri 10/7.
		{day(2026, 7, 1), day(2026, 7, 10), 7},
	} {
		ds, err := pl.OnReceive(deadline.Facts{UnitID: 1, Type: "complaint", Round: 1, ReceivedOn: tc.received})
		if err != nil {
			t.Fatal(err)
		}
		d := only(t, ds, deadline.StepAccept)
		if d.Due != tc.due || d.Limit != tc.limit || d.Unit != calendar.WorkingDays {
			t.Errorf("received %s: due %s (%d %s), want %s (%d)", tc.received, d.Due, d.Limit, d.Unit, tc.due, tc.limit)
		}
		if d.Explanation.Source == "" || d.Explanation.Count.Start != tc.received {
			t.Errorf("no explanation: %+v", d.Explanation)
		}
	}
}

func TestResolutionLimitByRoundComplexityAndRemoteArea(t *testing.T) {
	pl := planner()
	accepted := day(2026, 7, 1) // Wednesday
	for _, tc := range []struct {
		typ, complexity string
		round           int
		remote          bool
		due             calendar.Date
	}{
		{"complaint", "normal", 1, false, day(2026, 7, 31)},           // 30 days → Fri 31/7
		{"complaint", "complex", 1, false, day(2026, 8, 17)},          // 45 days → Sat 15/8 → Mon 17/8
		{"complaint", "normal", 1, true, day(2026, 8, 17)},            // 45 days (remote)
		{"complaint", "complex", 1, true, day(2026, 8, 31)},           // 60 days → Sun 30/8 → Mon 31/8
		{"complaint", "normal", 2, false, day(2026, 8, 17)},           // 45 days
		{"complaint", "especially_complex", 2, true, day(2026, 9, 9)}, // 70 days → Wed 9/9
		{"denunciation", "complex", 1, false, day(2026, 7, 31)},       // 30 days
	} {
		f := deadline.Facts{UnitID: 1, Type: tc.typ, Round: tc.round, ReceivedOn: day(2026, 6, 25), Complexity: tc.complexity, RemoteArea: tc.remote}
		ds, err := pl.OnEvent(f, deadline.Event{Name: "accept", On: accepted, LeftReceived: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := only(t, ds, deadline.StepResolve); d.Due != tc.due {
			t.Errorf("%+v: due %s, want %s (%s)", tc, d.Due, tc.due, d.RuleKey)
		}
	}
}

func TestOutcomeClosesTheReceiptDeadlines(t *testing.T) {
	pl := planner()
	f := deadline.Facts{UnitID: 1, Type: "denunciation", Channel: "press", FromVisit: true, ReceivedOn: day(2026, 7, 1)}
	live, err := pl.OnReceive(f)
	if err != nil || len(live) != 3 {
		t.Fatalf("a denunciation forwarded by the press from a visit opens 3 deadlines, got %d (%v)", len(live), err)
	}
	// process: 7 WD → Fri 10/7; done Mon 13/7 → missed. The forwarder
	// notice (20 days → Tue 21/7) is met.
	out, err := pl.OnEvent(f, deadline.Event{Name: "file", On: day(2026, 7, 13), LeftReceived: true}, live)
	if err != nil {
		t.Fatal(err)
	}
	if d := only(t, out, deadline.StepProcess); d.Status != deadline.StatusMissed || d.Due != day(2026, 7, 10) {
		t.Errorf("process: %s due %s", d.Status, d.Due)
	}
	if d := only(t, out, deadline.StepNotifyForwarder); d.Status != deadline.StatusMet {
		t.Errorf("notify forwarder: %s due %s", d.Status, d.Due)
	}
}

func TestDenunciationExtensions(t *testing.T) {
	pl := planner()
	accepted := day(2026, 7, 1)
	for _, tc := range []struct {
		complexity string
		allowed    int
	}{{"normal", 0}, {"complex", 1}, {"especially_complex", 2}} {
		f := deadline.Facts{UnitID: 1, Type: "denunciation", ReceivedOn: accepted, Complexity: tc.complexity}
		ds, _ := pl.OnEvent(f, deadline.Event{Name: "accept", On: accepted, LeftReceived: true}, nil)
		live := []deadline.Deadline{only(t, ds, deadline.StepResolve)}
		for i := 0; i <= tc.allowed; i++ {
			out, err := pl.OnEvent(f, deadline.Event{Name: "extend", On: day(2026, 7, 20)}, live)
			if i == tc.allowed {
				if !fault.Is(err, fault.Invalid) {
					t.Errorf("%s: extension %d accepted beyond the limit", tc.complexity, i+1)
				}
				break
			}
			if err != nil {
				t.Fatalf("%s: lawful extension %d refused: %v", tc.complexity, i+1, err)
			}
			live = out
		}
		if tc.allowed > 0 {
			// 30 days from 1/7 → Fri 31/7; each extension adds 30 days to the
			// deadline it extends: 30/8 (Sun) → Mon 31/8; then Wed 30/9.
			want := map[int]calendar.Date{1: day(2026, 8, 31), 2: day(2026, 9, 30)}[tc.allowed]
			if live[0].Due != want || live[0].Extensions != tc.allowed {
				t.Errorf("%s: due %s after %d extensions, want %s", tc.complexity, live[0].Due, live[0].Extensions, want)
			}
		}
	}
	// An extension date beyond the lawful one is refused with the reason.
	f := deadline.Facts{UnitID: 1, Type: "denunciation", ReceivedOn: accepted, Complexity: "complex"}
	ds, _ := pl.OnEvent(f, deadline.Event{Name: "accept", On: accepted, LeftReceived: true}, nil)
	late := day(2026, 9, 15)
	if _, err := pl.OnEvent(f, deadline.Event{Name: "extend", On: day(2026, 7, 20), NewDeadline: &late}, ds); !fault.Is(err, fault.Invalid) {
		t.Errorf("an extension to 15/09/2026 (lawful: 31/08/2026) was accepted: %v", err)
	}
	// A complaint has no extension.
	cf := deadline.Facts{UnitID: 1, Type: "complaint", Round: 1, ReceivedOn: accepted, Complexity: "complex"}
	cds, _ := pl.OnEvent(cf, deadline.Event{Name: "accept", On: accepted, LeftReceived: true}, nil)
	if _, err := pl.OnEvent(cf, deadline.Event{Name: "extend", On: day(2026, 7, 20)}, cds); !fault.Is(err, fault.Invalid) {
		t.Errorf("a complaint was extended")
	}
}

// Suspension stops the clock; resumption continues it with the days left.
func TestSuspensionAndResumption(t *testing.T) {
	pl := planner()
	f := deadline.Facts{UnitID: 1, Type: "complaint", Round: 1, ReceivedOn: day(2026, 6, 25), Complexity: "normal"}
	ds, _ := pl.OnEvent(f, deadline.Event{Name: "accept", On: day(2026, 7, 1), LeftReceived: true}, nil)
	// Suspended on 11/7: 2/7–10/7 used 9 of 30 days.
	ds, err := pl.OnEvent(f, deadline.Event{Name: "suspend", On: day(2026, 7, 11)}, ds)
	if err != nil || ds[0].Status != deadline.StatusSuspended {
		t.Fatalf("suspend: %v %+v", err, ds)
	}
	// Resumed on 21/7: 21 days left → Tue 11/8.
	ds, err = pl.OnEvent(f, deadline.Event{Name: "resume", On: day(2026, 7, 21)}, ds)
	if err != nil || ds[0].Status != deadline.StatusOpen || ds[0].Due != day(2026, 8, 11) {
		t.Fatalf("resume: %v due %s status %s, want 11/08/2026 open", err, ds[0].Due, ds[0].Status)
	}
	out, _ := pl.OnEvent(f, deadline.Event{Name: "resolve", On: day(2026, 8, 11)}, ds)
	if out[0].Status != deadline.StatusMet {
		t.Errorf("resolved on the due day: %s", out[0].Status)
	}
}

func TestRecomputeAfterAHolidayIsAdded(t *testing.T) {
	pl := planner()
	ds, _ := pl.OnReceive(deadline.Facts{UnitID: 1, Type: "feedback", ReceivedOn: day(2026, 7, 1)})
	d := only(t, ds, deadline.StepProcess)
	if d.Due != day(2026, 7, 15) { // Jul 2,3,6,7,8,9,10,13,14,15
		t.Fatalf("due %s, want 15/07/2026", d.Due)
	}
	pl2 := planner(calendar.Entry{Date: day(2026, 7, 8), Kind: calendar.Holiday, NameVI: "Nghỉ bù", NameEN: "Day off", Source: "test"})
	got, changed := pl2.Recompute(d)
	if !changed || got.Due != day(2026, 7, 16) {
		t.Fatalf("after a holiday on 8/7: due %s changed=%v, want 16/07/2026", got.Due, changed)
	}
	if _, changed := planner().Recompute(d); changed {
		t.Errorf("recompute with the same calendar moved the deadline")
	}
	skipped := false
	for _, n := range got.Explanation.Count.Days {
		if n.Date == day(2026, 7, 8) && n.Reason == calendar.ReasonHoliday {
			skipped = true
		}
	}
	if !skipped {
		t.Errorf("the explanation does not name the new holiday: %+v", got.Explanation.Count.Days)
	}
}

// The reviewer's cases: an extension decided for an earlier day is the base
// of the next one, and a suspension after an extension still stops the clock.
func TestExtensionThenSuspension(t *testing.T) {
	pl := planner()
	f := deadline.Facts{UnitID: 1, Type: "denunciation", ReceivedOn: day(2026, 7, 1), Complexity: "especially_complex"}
	ds, _ := pl.OnEvent(f, deadline.Event{Name: "accept", On: day(2026, 7, 1), LeftReceived: true}, nil)
	// Due Fri 31/7; extended by decision to Mon 3/8 (lawful: 31/8).
	early := day(2026, 8, 3)
	ds, err := pl.OnEvent(f, deadline.Event{Name: "extend", On: day(2026, 7, 20), NewDeadline: &early}, ds)
	if err != nil || ds[0].Due != early {
		t.Fatalf("extension to 3/8: %v, due %s", err, ds[0].Due)
	}
	// A second extension may add at most 30 days to 3/8: 2/9, a holiday,
	// so Thu 3/9; 29/9 is beyond and refused.
	late := day(2026, 9, 29)
	if _, err := pl.OnEvent(f, deadline.Event{Name: "extend", On: day(2026, 7, 25), NewDeadline: &late}, ds); !fault.Is(err, fault.Invalid) {
		t.Errorf("a second extension to 29/9 from 3/8 was accepted")
	}
	// Suspended Wed 22/7 (used 2/7–21/7 = 20 of 30 + 3 days), resumed Fri
	// 21/8: 13 days left → Thu 3/9, a working day (the 2026 holidays are
	// 1/9 and 2/9).
	ds, _ = pl.OnEvent(f, deadline.Event{Name: "suspend", On: day(2026, 7, 22)}, ds)
	if ds[0].Due != early {
		t.Errorf("while suspended the deadline shows %s, want %s (as if resumed at once)", ds[0].Due, early)
	}
	ds, _ = pl.OnEvent(f, deadline.Event{Name: "resume", On: day(2026, 8, 21)}, ds)
	if ds[0].Status != deadline.StatusOpen || !ds[0].Due.After(day(2026, 8, 21)) || ds[0].Due != day(2026, 9, 3) {
		t.Errorf("after resuming on 21/8 the deadline is %s %s, want open 03/09/2026", ds[0].Status, ds[0].Due)
	}
}

// A suspension after the deadline had passed leaves it missed.
func TestSuspensionAfterTheDeadlineKeepsItLate(t *testing.T) {
	pl := planner()
	f := deadline.Facts{UnitID: 1, Type: "complaint", Round: 1, ReceivedOn: day(2026, 6, 25), Complexity: "normal"}
	ds, _ := pl.OnEvent(f, deadline.Event{Name: "accept", On: day(2026, 7, 1), LeftReceived: true}, nil)
	ds, _ = pl.OnEvent(f, deadline.Event{Name: "suspend", On: day(2026, 8, 10)}, ds)
	ds, _ = pl.OnEvent(f, deadline.Event{Name: "resume", On: day(2026, 8, 20)}, ds)
	out, _ := pl.OnEvent(f, deadline.Event{Name: "resolve", On: day(2026, 8, 20)}, ds)
	if out[0].Due != day(2026, 7, 31) || out[0].Status != deadline.StatusMissed {
		t.Errorf("due %s, %s; want 31/07/2026, missed", out[0].Due, out[0].Status)
	}
}

// A corrected limit is kept even when the due day does not move, so later
// counts use it.
func TestRuleCorrectionIsKeptWhenTheDayStays(t *testing.T) {
	pl := planner()
	f := deadline.Facts{UnitID: 1, Type: "complaint", Round: 1, ReceivedOn: day(2026, 6, 25), Complexity: "normal"}
	// Accepted Thu 2/7: 30 days → Sat 1/8 → Mon 3/8.
	ds, _ := pl.OnEvent(f, deadline.Event{Name: "accept", On: day(2026, 7, 2), LeftReceived: true}, nil)
	d := ds[0]
	for i := range pl.Sets {
		v := pl.Sets[i].Values[d.RuleKey]
		v.Limit = 31 // Sun 2/8 → Mon 3/8: the same day
		pl.Sets[i].Values[d.RuleKey] = v
	}
	got, changed := pl.Recompute(d)
	if !changed || got.Limit != 31 || got.Due != day(2026, 8, 3) {
		t.Errorf("recompute: changed=%v limit %d due %s, want true, 31, 03/08/2026", changed, got.Limit, got.Due)
	}
}
