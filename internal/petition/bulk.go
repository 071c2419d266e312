package petition

import (
	"time"

	"tiepdan/internal/citizen"
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
}
