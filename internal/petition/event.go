package petition

import (
	"strings"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
)

// EventData is what an official submits with an event. Each event requires
// some of these fields (see requirements); the others are ignored and not
// recorded.
type EventData struct {
	TargetBody   string     `json:"target_body,omitempty"`
	TargetUnitID *int64     `json:"target_unit_id,omitempty"`
	DocNo        string     `json:"doc_no,omitempty"`
	Text         string     `json:"text,omitempty"`
	Reason       string     `json:"reason,omitempty"`
	DuplicateOf  *int64     `json:"duplicate_of_id,omitempty"`
	DecisionNo   string     `json:"decision_no,omitempty"`
	DecisionDate string     `json:"decision_date,omitempty"`
	Complexity   Complexity `json:"complexity,omitempty"`
	RemoteArea   *bool      `json:"remote_area,omitempty"`
	Conclusion   Conclusion `json:"conclusion,omitempty"`
	NewDeadline  string     `json:"new_deadline,omitempty"`
	Note         string     `json:"note,omitempty"`
	// The file an "attach" history row records; never taken from a request.
	AttachmentID *int64 `json:"attachment_id,omitempty"`
	FileName     string `json:"file_name,omitempty"`
}

// clean checks the data for event e against the petition p on day now, and
// returns the data trimmed to the fields the event records.
func (d EventData) clean(e Event, p *Petition, now time.Time) (EventData, error) {
	var out EventData
	var pr fault.Problems
	text := func(field, v string, max int, required bool) string {
		v = strings.TrimSpace(v)
		switch n := len([]rune(v)); {
		case n == 0 && required:
			pr.Add(field, "invalid.required", nil)
		case n > max:
			pr.Add(field, "invalid.too_long", map[string]any{"Max": max})
		}
		return v
	}
	date := func(field, v string) (calendar.Date, bool) {
		if strings.TrimSpace(v) == "" {
			pr.Add(field, "invalid.required", nil)
			return calendar.Date{}, false
		}
		d, err := calendar.ParseDate(strings.TrimSpace(v))
		if err != nil {
			pr.Add(field, "invalid.date", nil)
			return calendar.Date{}, false
		}
		return d, true
	}
	today := calendar.Of(now)
	out.Note = text("note", d.Note, 2000, false)

	switch e {
	case EventGuide:
		out.TargetBody = text("target_body", d.TargetBody, 300, true)
		out.DocNo = text("doc_no", d.DocNo, 100, true)
	case EventAnswer:
		out.DocNo = text("doc_no", d.DocNo, 100, true)
		out.Text = text("text", d.Text, 20000, true)
	case EventFile:
		out.Reason = strings.TrimSpace(d.Reason)
		switch {
		case out.Reason == "":
			pr.Add("reason", "invalid.required", nil)
		case !oneOf(FileReason(out.Reason), FileReasons):
			pr.Add("reason", "invalid.choice", map[string]any{"Value": out.Reason})
		case FileReason(out.Reason) == FileDuplicate && d.DuplicateOf == nil:
			pr.Add("duplicate_of_id", "petition.duplicate_of_required", nil)
		case FileReason(out.Reason) == FileDuplicate && *d.DuplicateOf == p.ID:
			pr.Add("duplicate_of_id", "petition.duplicate_of_self", nil)
		}
		if FileReason(out.Reason) == FileDuplicate {
			out.DuplicateOf = d.DuplicateOf
		}
	case EventForward:
		out.DocNo = text("doc_no", d.DocNo, 100, true)
		out.TargetBody = text("target_body", d.TargetBody, 300, false)
		out.TargetUnitID = d.TargetUnitID
		switch {
		case out.TargetUnitID == nil && out.TargetBody == "":
			pr.Add("target_body", "petition.forward_target_required", nil)
		case out.TargetUnitID != nil && *out.TargetUnitID == p.UnitID:
			pr.Add("target_unit_id", "petition.forward_to_self", nil)
		}
	case EventAccept:
		out.DecisionNo = text("decision_no", d.DecisionNo, 100, true)
		out.Complexity = d.Complexity
		if out.Complexity == "" {
			pr.Add("complexity", "invalid.required", nil)
		} else if !oneOf(out.Complexity, Complexities) {
			pr.Add("complexity", "invalid.choice", map[string]any{"Value": string(out.Complexity)})
		}
		remote := false
		if d.RemoteArea != nil {
			remote = *d.RemoteArea
		}
		out.RemoteArea = &remote
	case EventResolve:
		out.DecisionNo = text("decision_no", d.DecisionNo, 100, true)
		if t, ok := date("decision_date", d.DecisionDate); ok {
			switch {
			case t.After(today):
				pr.Add("decision_date", "invalid.future", nil)
			case p.Outcome.AcceptedAt != nil && t.Before(calendar.Of(*p.Outcome.AcceptedAt)):
				pr.Add("decision_date", "petition.decision_before_accept", nil)
			}
			out.DecisionDate = t.String()
		}
		out.Conclusion = d.Conclusion
		if out.Conclusion == "" {
			pr.Add("conclusion", "invalid.required", nil)
		} else if !oneOf(out.Conclusion, Conclusions) {
			pr.Add("conclusion", "invalid.choice", map[string]any{"Value": string(out.Conclusion)})
		}
	case EventExtend:
		out.Reason = text("reason", d.Reason, 2000, true)
		if t, ok := date("new_deadline", d.NewDeadline); ok {
			if !t.After(today) {
				pr.Add("new_deadline", "petition.deadline_past", nil)
			}
			out.NewDeadline = t.String()
		}
	case EventSuspend:
		out.Reason = text("reason", d.Reason, 2000, true)
		out.DecisionNo = text("decision_no", d.DecisionNo, 100, true)
	case EventResume:
		out.DecisionNo = text("decision_no", d.DecisionNo, 100, true)
	case EventReply:
		// The answer of the body the petition was forwarded to: its
		// document number and what it says.
		out.DocNo = text("doc_no", d.DocNo, 100, true)
		out.Text = text("text", d.Text, 20000, true)
	case EventWithdraw:
		out.Reason = text("reason", d.Reason, 2000, true)
		// Withdrawing an accepted case ends it by a decision to stop
		// resolving it (quyết định đình chỉ), whose number is recorded.
		out.DecisionNo = text("decision_no", d.DecisionNo, 100, p.State != StateReceived)
	}
	return out, pr.Err()
}

// apply records the event's data on the petition.
func (d EventData) apply(e Event, p *Petition, now time.Time) {
	o := &p.Outcome
	if p.State == StateReceived && e != EventReceive {
		t := now
		o.At = &t
	}
	// The outcome classifies the petition where the official did not: a
	// petition guided or forwarded elsewhere is not ours, an accepted one is
	// ours and eligible, a filed one is not eligible.
	switch e {
	case EventGuide, EventForward:
		p.Competence = CompetenceNotOurs
	case EventAccept:
		p.Competence, p.Eligibility = CompetenceOurs, EligibilityYes
	case EventFile:
		p.Eligibility = EligibilityNo
	}
	switch e {
	case EventGuide:
		o.Body, o.DocNo = d.TargetBody, d.DocNo
	case EventAnswer:
		o.DocNo, o.Text = d.DocNo, d.Text
	case EventFile:
		o.FileReason, o.DuplicateOf = FileReason(d.Reason), d.DuplicateOf
	case EventForward:
		o.Body, o.DocNo, o.ForwardedToUnit = d.TargetBody, d.DocNo, d.TargetUnitID
	case EventAccept:
		t := now
		o.AcceptDecisionNo, o.AcceptedAt, o.Complexity, o.RemoteArea = d.DecisionNo, &t, d.Complexity, *d.RemoteArea
	case EventResolve:
		o.DecisionNo, o.DecisionDate, o.Conclusion = d.DecisionNo, d.DecisionDate, d.Conclusion
	case EventExtend:
		o.ExtendedUntil = d.NewDeadline
	case EventWithdraw:
		o.WithdrawReason = d.Reason
	}
}
