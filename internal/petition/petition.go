// Package petition holds petitions (đơn) and their state machine: what a
// petition must carry, which events it allows, and what each event records.
package petition

import (
	"strconv"
	"strings"
	"time"

	"tiepdan/internal/citizen"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
)

// Petition is one written request a unit has received.
type Petition struct {
	ID          int64             `json:"id"`
	Code        string            `json:"code"`   // public tracking code, printed on the receipt
	Number      string            `json:"number"` // the unit's register number, e.g. "15/2026"
	UnitID      int64             `json:"unit_id"`
	VisitID     *int64            `json:"visit_id,omitempty"`
	Channel     Channel           `json:"channel"`
	Type        Type              `json:"type"`
	Field       string            `json:"field"`
	Competence  Competence        `json:"competence"`
	Eligibility Eligibility       `json:"eligibility"`
	Summary     string            `json:"summary"`
	Content     string            `json:"content"`
	Complainant []citizen.Citizen `json:"complainants"`
	Respondent  string            `json:"respondent,omitempty"` // the person or body complained of
	// SeveralLocations: a denunciation to verify in several places gets a
	// longer classification limit (Luật Tố cáo, Điều 24).
	SeveralLocations bool      `json:"several_locations,omitempty"`
	ReceivedAt       time.Time `json:"received_at"`
	Round            int       `json:"round"`
	FirstRound       *int64    `json:"first_round_id,omitempty"`
	HandlerID        *int64    `json:"handler_id,omitempty"`
	State            State     `json:"state"`
	Version          int       `json:"version"`
	Outcome          Outcome   `json:"outcome"`
	SourceID         *int64    `json:"source_petition_id,omitempty"` // the petition another unit forwarded to us
	// Confidential: the identity of the people on the petition is kept
	// apart (always for a denunciation) and Complainant is empty unless
	// revealed to an official cleared for the case; Hidden counts them.
	Confidential bool      `json:"confidential"`
	Hidden       int       `json:"hidden_complainants,omitempty"`
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Outcome is what the events recorded about the petition's handling.
type Outcome struct {
	At                *time.Time `json:"at,omitempty"` // when the petition left "received"
	Body              string     `json:"body,omitempty"`
	DocNo             string     `json:"doc_no,omitempty"`
	Text              string     `json:"text,omitempty"`
	FileReason        FileReason `json:"file_reason,omitempty"`
	DuplicateOf       *int64     `json:"duplicate_of_id,omitempty"`
	ForwardedToUnit   *int64     `json:"forwarded_to_unit_id,omitempty"`
	ForwardedPetition *int64     `json:"forwarded_petition_id,omitempty"`
	AcceptDecisionNo  string     `json:"accept_decision_no,omitempty"`
	AcceptedAt        *time.Time `json:"accepted_at,omitempty"`
	Complexity        Complexity `json:"complexity,omitempty"`
	RemoteArea        bool       `json:"remote_area,omitempty"`
	DecisionNo        string     `json:"decision_no,omitempty"`
	DecisionDate      string     `json:"decision_date,omitempty"` // yyyy-mm-dd
	Conclusion        Conclusion `json:"conclusion,omitempty"`
	ExtendedUntil     string     `json:"extended_until,omitempty"` // yyyy-mm-dd
	WithdrawReason    string     `json:"withdraw_reason,omitempty"`
}

// Draft is a petition as submitted, before it is stored.
type Draft struct {
	UnitID           int64             `json:"unit_id"`
	VisitID          *int64            `json:"-"` // set by the store when recorded from a visit
	FromVisit        bool              `json:"-"` // recorded from a visit: the visitor must be told the outcome
	Channel          Channel           `json:"channel"`
	Type             Type              `json:"type"`
	Field            string            `json:"field"`
	Competence       Competence        `json:"competence"`
	Eligibility      Eligibility       `json:"eligibility"`
	Summary          string            `json:"summary"`
	Content          string            `json:"content"`
	Complainants     []citizen.Citizen `json:"complainants"`
	Respondent       string            `json:"respondent"`
	SeveralLocations bool              `json:"several_locations"`
	// Confidential keeps the complainants' identity apart; a denunciation
	// always is.
	Confidential bool       `json:"confidential"`
	ReceivedAt   *time.Time `json:"received_at"`
	Round        int        `json:"round"`
	FirstRound   *int64     `json:"first_round_id"`
	HandlerID    *int64     `json:"handler_id"`
	SourceID     *int64     `json:"-"` // set when another unit forwards it
	// Deadlines are the ones receipt opens, set by the service from the
	// rules at RulesRevision; the store refuses them if the rules changed.
	Deadlines     []deadline.Deadline `json:"-"`
	RulesRevision int64               `json:"-"`
}

// Validate checks what can be checked without the database and fills the
// defaults: the channel (in person), the classification (unknown), the
// round (first) and the received time (now). References to units, fields,
// handlers and the first round are checked by the store in the write's
// transaction.
func (d *Draft) Validate(now time.Time) error {
	var p fault.Problems
	if d.UnitID <= 0 {
		p.Add("unit_id", "invalid.required", nil)
	}
	if d.Channel == "" {
		d.Channel = ChannelInPerson
	}
	if !oneOf(d.Channel, Channels) {
		p.Add("channel", "invalid.choice", map[string]any{"Value": string(d.Channel)})
	}
	if d.Type == TypeDenunciation {
		d.Confidential = true // Luật Tố cáo 2018, Điều 47: the denouncer's identity is kept secret
	}
	if d.Type == "" {
		p.Add("type", "invalid.required", nil)
	} else if !oneOf(d.Type, Types) {
		p.Add("type", "invalid.choice", map[string]any{"Value": string(d.Type)})
	}
	d.Field = strings.TrimSpace(d.Field)
	if d.Field == "" {
		p.Add("field", "invalid.required", nil)
	}
	if d.Competence == "" {
		d.Competence = CompetenceUnknown
	}
	if !oneOf(d.Competence, Competences) {
		p.Add("competence", "invalid.choice", map[string]any{"Value": string(d.Competence)})
	}
	if d.Eligibility == "" {
		d.Eligibility = EligibilityUnknown
	}
	if !oneOf(d.Eligibility, Eligibility_) {
		p.Add("eligibility", "invalid.choice", map[string]any{"Value": string(d.Eligibility)})
	}
	d.Summary = strings.TrimSpace(d.Summary)
	d.Content = strings.TrimSpace(d.Content)
	d.Respondent = strings.TrimSpace(d.Respondent)
	switch n := len([]rune(d.Summary)); {
	case n == 0:
		p.Add("summary", "invalid.required", nil)
	case n > 1000:
		p.Add("summary", "invalid.too_long", map[string]any{"Max": 1000})
	}
	if len([]rune(d.Content)) > 100_000 {
		p.Add("content", "invalid.too_long", map[string]any{"Max": 100_000})
	}
	if len([]rune(d.Respondent)) > 500 {
		p.Add("respondent", "invalid.too_long", map[string]any{"Max": 500})
	}
	// A complaint is made by someone about their own rights; a denunciation
	// or feedback may come without a name and is then filed or verified.
	if d.Type == TypeComplaint && len(d.Complainants) == 0 {
		p.Add("complainants", "petition.complainant_required", nil)
	}
	if len(d.Complainants) > 50 {
		p.Add("complainants", "invalid.too_many", map[string]any{"Max": 50})
	}
	for i := range d.Complainants {
		if err := d.Complainants[i].Validate(now); err != nil {
			p.Merge(fieldIndex("complainants", i), err)
		}
	}
	if d.ReceivedAt == nil {
		t := now
		d.ReceivedAt = &t
	} else if d.ReceivedAt.After(now.Add(5 * time.Minute)) {
		p.Add("received_at", "invalid.future", nil)
	}
	if d.Round == 0 {
		d.Round = 1
	}
	switch {
	case d.Round != 1 && d.Round != 2:
		p.Add("round", "petition.round", nil)
	case d.Round == 2 && d.Type != TypeComplaint:
		p.Add("round", "petition.round_complaint_only", nil)
	case d.Round == 2 && d.FirstRound == nil:
		p.Add("first_round_id", "petition.first_round_required", nil)
	case d.Round == 1 && d.FirstRound != nil:
		p.Add("first_round_id", "petition.first_round_unexpected", nil)
	}
	return p.Err()
}

func fieldIndex(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}

// SearchText is what the text search indexes for a petition: summary,
// content, names and the tracking code, folded by the caller's driver.
func (p *Petition) SearchText() string {
	var b strings.Builder
	b.WriteString(p.Code)
	b.WriteByte(' ')
	b.WriteString(FormatCode(p.Code))
	b.WriteByte(' ')
	b.WriteString(p.Number)
	b.WriteByte(' ')
	b.WriteString(p.Summary)
	b.WriteByte(' ')
	b.WriteString(p.Content)
	b.WriteByte(' ')
	b.WriteString(p.Respondent)
	for _, c := range p.Complainant {
		b.WriteByte(' ')
		b.WriteString(c.FullName)
	}
	return b.String()
}
