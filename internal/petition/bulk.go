package petition

import (
	"slices"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/citizen"
	"tiepdan/internal/deadline"
)

// BulkRow is one petition written by a bulk loader (benchmark data), which
// bypasses the service and its one-transaction-per-petition writes. The
// loader is trusted: it must give a consistent row, as Fire would have
// left it.
type BulkRow struct {
	UnitID      int64
	Code        string
	Channel     Channel
	Type        Type
	Field       string
	Competence  Competence
	Eligibility Eligibility
	Summary     string
	Content     string
	Respondent  string
	// Complainant is the one person who sent it; an empty FullName means
	// none (an anonymous denunciation).
	Complainant citizen.Citizen
	ReceivedAt  time.Time
	State       State
	HandlerID   *int64
	CreatedBy   int64
	Outcome     Outcome
	// Events are the history after the "receive" row, oldest first, with
	// From, To, Data, ActorID and At set: a resolved petition needs two
	// (accept, resolve), so the state alone cannot say what happened.
	// The petition's version is len(Events)+1; the last event's To must be
	// State.
	Events []HistoryEntry
	// Deadlines are the row's deadlines as the planner left them after
	// its events (see PlanBulkRow).
	Deadlines []deadline.Deadline
}

// PlanBulkRow sets a bulk row's deadlines by running its receipt and
// events through the planner, as Create and Fire would have.
func PlanBulkRow(pl *deadline.Planner, r *BulkRow) error {
	f := deadline.Facts{UnitID: r.UnitID, Type: string(r.Type), Round: 1, Channel: string(r.Channel),
		NotOurs: r.Competence == CompetenceNotOurs && len(r.Events) == 0, ReceivedOn: calendar.Of(r.ReceivedAt),
		Complexity: string(r.Outcome.Complexity), RemoteArea: r.Outcome.RemoteArea}
	ds, err := pl.OnReceive(f)
	if err != nil {
		return err
	}
	for _, h := range r.Events {
		var live []deadline.Deadline
		for _, d := range ds {
			if d.Live() {
				live = append(live, d)
			}
		}
		ev := deadline.Event{Name: string(h.Event), On: calendar.Of(h.At), LeftReceived: h.From == StateReceived}
		if h.Event == EventResolve {
			if d, err := calendar.ParseDate(h.Data.DecisionDate); err == nil {
				ev.On = d
			}
		}
		changed, err := pl.OnEvent(f, ev, live)
		if err != nil {
			return err
		}
		for _, c := range changed {
			i := slices.IndexFunc(ds, func(d deadline.Deadline) bool { return d.Step == c.Step })
			if i < 0 {
				ds = append(ds, c)
			} else {
				ds[i] = c
			}
		}
	}
	r.Deadlines = ds
	return nil
}
