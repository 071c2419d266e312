package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
	"tiepdan/internal/textfold"
	"tiepdan/internal/vntime"
)

// CreatePetition stores a draft with its history row and deadlines, and
// returns them as written; a replay reads back what the first request made.
func (db *DB) CreatePetition(ctx context.Context, d *petition.Draft, code string, actor org.User, at time.Time, idem petition.Idempotency) (*petition.Record, bool, error) {
	var rec *petition.Record
	var again int64
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		if again, err = sqlstore.Replayed(ctx, tx, actor.ID, "petition", idem); err != nil || again != 0 {
			return err
		}
		if rec, err = insertPetition(ctx, tx, d, code, actor.ID, at); err != nil {
			return err
		}
		if err := sqlstore.Remember(ctx, tx, actor.ID, "petition", idem, rec.ID, at); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.CreatePetition, ObjectType: "petition", ObjectID: sqlstore.IDText(rec.ID)},
			nil, newPetitionTrail(rec.Petition))

	})
	if err != nil {
		return nil, false, err
	}
	if again != 0 {
		rec, err = db.Record(ctx, again)
		return rec, true, err
	}
	return rec, false, nil
}

// PetitionIDByCode finds a petition by its tracking code.
func (db *DB) PetitionIDByCode(ctx context.Context, code string) (int64, error) {
	var id int64
	err := db.r.QueryRowContext(ctx, `SELECT id FROM petitions WHERE code = ?`, code).Scan(&id)
	return id, translate(err)
}

// Record returns a petition with its history and deadlines.
func (db *DB) Record(ctx context.Context, id int64) (*petition.Record, error) {
	p, err := db.Petition(ctx, id)
	if err != nil {
		return nil, err
	}
	h, err := db.History(ctx, id)
	if err != nil {
		return nil, err
	}
	ds, err := db.PetitionDeadlines(ctx, id)
	if err != nil {
		return nil, err
	}
	return &petition.Record{Petition: p, History: h, Deadlines: ds}, nil
}

// checkDraft verifies what the draft refers to, inside the transaction.
func checkDraft(ctx context.Context, tx *writeTx, d *petition.Draft) error {
	var p fault.Problems
	var unit, field, handler bool
	var handlerID any
	if d.HandlerID != nil {
		handlerID = *d.HandlerID
	}
	if err := tx.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM units WHERE id = ?),
		EXISTS (SELECT 1 FROM fields WHERE code = ? AND active),
		?3 IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = ?3 AND active)`, d.UnitID, d.Field, handlerID).Scan(&unit, &field, &handler); err != nil {
		return err
	}
	if !unit {
		p.Add("unit_id", "unit.unknown", nil)
	}
	if !field {
		p.Add("field", "field.unknown", map[string]any{"Value": d.Field})
	}
	if !handler {
		p.Add("handler_id", "user.unknown", nil)
	}
	if d.FirstRound != nil {
		var typ string
		var round int
		var confidential bool
		err := tx.QueryRowContext(ctx, `SELECT type, round, confidential FROM petitions WHERE id = ?`, *d.FirstRound).Scan(&typ, &round, &confidential)
		// A second round of a confidential complaint keeps its people apart too.
		d.Confidential = d.Confidential || confidential
		switch {
		case errors.Is(err, sql.ErrNoRows):
			p.Add("first_round_id", "petition.unknown", nil)
		case err != nil:
			return err
		case typ != string(petition.TypeComplaint) || round != 1:
			p.Add("first_round_id", "petition.first_round_not_complaint", nil)
		}
	}
	return p.Err()
}

// insertPetition writes a new petition, its complainants, its "receive"
// history row and its search entry, and returns its id.
func insertPetition(ctx context.Context, tx *writeTx, d *petition.Draft, code string, actorID int64, at time.Time) (*petition.Record, error) {
	if err := checkDraft(ctx, tx, d); err != nil {
		return nil, err
	}
	if err := sqlstore.CheckRulesRevision(ctx, tx, d.RulesRevision); err != nil {
		return nil, err
	}
	year := d.ReceivedAt.In(vntime.Zone).Year()
	number, err := sqlstore.NextNumber(ctx, tx, "petitions", d.UnitID, year)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO petitions (code, year, number, unit_id, visit_id, channel, type, field, competence, eligibility,
			summary, content, respondent, several_locations, received_at, round, first_round_id, handler_id, state, version,
			source_petition_id, created_by, created_at, updated_at, confidential)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
		code, year, number, d.UnitID, d.VisitID, d.Channel, d.Type, d.Field, d.Competence, d.Eligibility,
		d.Summary, d.Content, d.Respondent, d.SeveralLocations, sqlstore.TS(*d.ReceivedAt), d.Round, d.FirstRound, d.HandlerID, petition.StateReceived,
		d.SourceID, actorID, sqlstore.TS(at), sqlstore.TS(at), d.Confidential)
	if err != nil {
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	complainants := nonNil(d.Complainants)
	if d.Confidential {
		if err := sqlstore.Protect(ctx, tx, id, d.Complainants); err != nil {
			return nil, err
		}
		// Whoever recorded it knows who they are; they keep access.
		if err := sqlstore.Grant(ctx, tx, petition.Grant{PetitionID: id, UserID: actorID, At: at}); err != nil {
			return nil, err
		}
		complainants = []citizen.Citizen{}
	}
	for i := range d.Complainants {
		if d.Confidential {
			break
		}
		c := &d.Complainants[i]
		// A known person (the visitor, or the source's complainant in a
		// forwarded copy) is linked as is; anyone else is saved from what
		// was typed, found by ID number or added.
		if c.ID == 0 {
			if err := sqlstore.SaveCitizen(ctx, tx, c, at); err != nil {
				return nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO petition_complainants (petition_id, position, citizen_id) VALUES (?, ?, ?)`, id, i, c.ID); err != nil {
			return nil, err
		}
	}
	if err := sqlstore.SaveDeadlines(ctx, tx, d.Deadlines, id, at); err != nil {
		return nil, err
	}
	h := petition.HistoryEntry{PetitionID: id, Version: 1, Event: petition.EventReceive, To: petition.StateReceived, ActorID: actorID, At: sqlstore.Stored(at)}
	if h.ID, err = insertHistory(ctx, tx, h); err != nil {
		return nil, err
	}
	p := &petition.Petition{
		ID: id, Code: code, Number: sqlstore.FormatNumber(number, year), UnitID: d.UnitID, VisitID: d.VisitID,
		Channel: d.Channel, Type: d.Type, Field: d.Field, Competence: d.Competence, Eligibility: d.Eligibility,
		Summary: d.Summary, Content: d.Content, Complainant: complainants, Respondent: d.Respondent,
		Confidential: d.Confidential, Hidden: len(d.Complainants) - len(complainants),
		SeveralLocations: d.SeveralLocations, ReceivedAt: sqlstore.Stored(*d.ReceivedAt), Round: d.Round, FirstRound: d.FirstRound,
		HandlerID: d.HandlerID, State: petition.StateReceived, Version: 1, SourceID: d.SourceID,
		CreatedBy: actorID, CreatedAt: sqlstore.Stored(at), UpdatedAt: sqlstore.Stored(at),
	}
	return &petition.Record{Petition: p, History: []petition.HistoryEntry{h}, Deadlines: d.Deadlines}, nil
}

// petitionTrail is what the audit trail says of a new petition: what
// identifies it and where it stands, its complainants by id (never their
// identity numbers).
type petitionTrail struct {
	Code         string           `json:"code"`
	Number       string           `json:"number"`
	UnitID       int64            `json:"unit_id"`
	Type         petition.Type    `json:"type"`
	Channel      petition.Channel `json:"channel"`
	Field        string           `json:"field"`
	State        petition.State   `json:"state"`
	Version      int              `json:"version"`
	VisitID      *int64           `json:"visit_id,omitempty"`
	HandlerID    *int64           `json:"handler_id,omitempty"`
	SourceID     *int64           `json:"source_petition_id,omitempty"`
	Complainants []int64          `json:"complainant_ids"`
}

func newPetitionTrail(p *petition.Petition) petitionTrail {
	t := petitionTrail{Code: p.Code, Number: p.Number, UnitID: p.UnitID, Type: p.Type, Channel: p.Channel, Field: p.Field,
		State: p.State, Version: p.Version, VisitID: p.VisitID, HandlerID: p.HandlerID, SourceID: p.SourceID,
		Complainants: make([]int64, len(p.Complainant))}
	for i, c := range p.Complainant {
		t.Complainants[i] = c.ID
	}
	return t
}

func insertHistory(ctx context.Context, tx *writeTx, h petition.HistoryEntry) (int64, error) {
	data, err := json.Marshal(h.Data)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO petition_history (petition_id, version, event, from_state, to_state, data, actor_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, h.PetitionID, h.Version, h.Event, h.From, h.To, string(data), h.ActorID, sqlstore.TS(h.At))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// ApplyTransition writes an event: the petition if still at the version the
// official saw, the history row and, for a forward inside the deployment,
// the receiving unit's petition, all in one transaction.
func (db *DB) ApplyTransition(ctx context.Context, t petition.Transition) (*petition.Record, error) {
	p := t.Petition
	o := &p.Outcome
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := sqlstore.CheckRulesRevision(ctx, tx, t.RulesRevision); err != nil {
			return err
		}
		if o.DuplicateOf != nil {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM petitions WHERE id = ?`, *o.DuplicateOf).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return invalid("duplicate_of_id", "petition.unknown")
			}
		}
		if t.Forward != nil {
			var name string
			err := tx.QueryRowContext(ctx, `SELECT name FROM units WHERE id = ?`, t.Forward.UnitID).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				return invalid("target_unit_id", "unit.unknown")
			} else if err != nil {
				return err
			}
			if o.Body == "" {
				o.Body = name
				t.History.Data.TargetBody = name
			}
			rec, err := insertPetition(ctx, tx, t.Forward, t.ForwardCode, t.History.ActorID, t.History.At)
			if err != nil {
				return err
			}
			o.ForwardedPetition = &rec.ID
			if t.Forward.Confidential {
				// The competent unit gets the identity, kept apart as it
				// was here: its head reads it; the forwarding official,
				// who works elsewhere, is not cleared for the copy.
				if _, err := tx.ExecContext(ctx, `INSERT INTO protected_parties (petition_id, position, full_name, id_kind, id_number, phone, address)
					SELECT ?, position, full_name, id_kind, id_number, phone, address FROM protected_parties WHERE petition_id = ?`, rec.ID, p.ID); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM petition_access WHERE petition_id = ?`, rec.ID); err != nil {
					return err
				}
			}
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE petitions SET state = ?, version = ?, competence = ?, eligibility = ?, outcome_at = ?, outcome_body = ?, outcome_doc_no = ?,
				outcome_text = ?, file_reason = ?, duplicate_of_id = ?, forwarded_to_unit_id = ?, forwarded_petition_id = ?,
				accept_decision_no = ?, accepted_at = ?, complexity = ?, remote_area = ?, decision_no = ?, decision_date = ?,
				conclusion = ?, extended_until = ?, withdraw_reason = ?, updated_at = ?
			WHERE id = ? AND version = ?`,
			p.State, p.Version, p.Competence, p.Eligibility, sqlstore.TSPtr(o.At), o.Body, o.DocNo, o.Text, o.FileReason, o.DuplicateOf, o.ForwardedToUnit,
			o.ForwardedPetition, o.AcceptDecisionNo, sqlstore.TSPtr(o.AcceptedAt), o.Complexity, o.RemoteArea, o.DecisionNo,
			o.DecisionDate, o.Conclusion, o.ExtendedUntil, o.WithdrawReason, sqlstore.TS(p.UpdatedAt), p.ID, t.FromVersion)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var current int
			if err := tx.QueryRowContext(ctx, `SELECT version FROM petitions WHERE id = ?`, p.ID).Scan(&current); err != nil {
				return err
			}
			return fault.New(fault.Stale, "petition.stale_version", map[string]any{"Sent": t.FromVersion, "Current": current})
		}
		if err := sqlstore.SaveDeadlines(ctx, tx, t.Deadlines, p.ID, t.History.At); err != nil {
			return err
		}
		if _, err = insertHistory(ctx, tx, t.History); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.PetitionEvent, ObjectType: "petition", ObjectID: sqlstore.IDText(p.ID)},
			stateTrail{State: t.History.From, Version: t.FromVersion},
			eventTrail{State: p.State, Version: p.Version, Event: t.History.Event, Data: t.History.Data, Forwarded: o.ForwardedPetition})

	})
	if err != nil {
		return nil, err
	}
	// The event is committed: read it back even if the caller has gone.
	return db.Record(context.WithoutCancel(ctx), p.ID)
}

// stateTrail and eventTrail are what the audit trail says of an event:
// the petition's state before, and after with the event and its data.
type stateTrail struct {
	State   petition.State `json:"state"`
	Version int            `json:"version"`
}

type eventTrail struct {
	State     petition.State     `json:"state"`
	Version   int                `json:"version"`
	Event     petition.Event     `json:"event"`
	Data      petition.EventData `json:"data"`
	Forwarded *int64             `json:"forwarded_petition_id,omitempty"` // the copy made in the receiving unit
}

func invalid(field, key string) error {
	var p fault.Problems
	p.Add(field, key, nil)
	return p.Err()
}

const petitionColumns = `p.id, p.code, p.year, p.number, p.unit_id, p.visit_id, p.channel, p.type, p.field, p.competence,
	p.eligibility, p.summary, p.content, p.respondent, p.several_locations, p.received_at, p.round, p.first_round_id, p.handler_id, p.state,
	p.version, p.outcome_at, p.outcome_body, p.outcome_doc_no, p.outcome_text, p.file_reason, p.duplicate_of_id,
	p.forwarded_to_unit_id, p.forwarded_petition_id, p.source_petition_id, p.accept_decision_no, p.accepted_at,
	p.complexity, p.remote_area, p.decision_no, p.decision_date, p.conclusion, p.extended_until, p.withdraw_reason,
	p.created_by, p.created_at, p.updated_at, p.confidential,
	CASE WHEN p.confidential THEN (SELECT count(*) FROM protected_parties WHERE petition_id = p.id) ELSE 0 END`

func scanPetition(s interface{ Scan(...any) error }) (*petition.Petition, error) {
	var p petition.Petition
	var year, number int
	o := &p.Outcome
	err := s.Scan(&p.ID, &p.Code, &year, &number, &p.UnitID, &p.VisitID, &p.Channel, &p.Type, &p.Field, &p.Competence,
		&p.Eligibility, &p.Summary, &p.Content, &p.Respondent, &p.SeveralLocations, sqlstore.Instant(&p.ReceivedAt), &p.Round, &p.FirstRound, &p.HandlerID, &p.State,
		&p.Version, sqlstore.OptInstant(&o.At), &o.Body, &o.DocNo, &o.Text, &o.FileReason, &o.DuplicateOf,
		&o.ForwardedToUnit, &o.ForwardedPetition, &p.SourceID, &o.AcceptDecisionNo, sqlstore.OptInstant(&o.AcceptedAt),
		&o.Complexity, &o.RemoteArea, &o.DecisionNo, &o.DecisionDate, &o.Conclusion, &o.ExtendedUntil, &o.WithdrawReason,
		&p.CreatedBy, sqlstore.Instant(&p.CreatedAt), sqlstore.Instant(&p.UpdatedAt), &p.Confidential, &p.Hidden)
	if err != nil {
		return nil, translate(err)
	}
	p.Number = sqlstore.FormatNumber(number, year)
	p.Complainant = []citizen.Citizen{}
	return &p, nil
}

// Petition returns one petition with its complainants.
func (db *DB) Petition(ctx context.Context, id int64) (*petition.Petition, error) {
	return db.onePetition(ctx, `p.id = ?`, id)
}

func (db *DB) onePetition(ctx context.Context, where string, arg any) (*petition.Petition, error) {
	p, err := scanPetition(db.r.QueryRowContext(ctx, `SELECT `+petitionColumns+` FROM petitions p WHERE `+where, arg))
	if err != nil {
		return nil, err
	}
	cs, err := sqlstore.CitizensOf(ctx, db.r, "petition_complainants", "petition_id", []int64{p.ID})
	if err != nil {
		return nil, translate(err)
	}
	p.Complainant = nonNil(cs[p.ID])
	return p, nil
}

// Petitions returns one page of petitions matching the filter.
func (db *DB) Petitions(ctx context.Context, f petition.Filter) (petition.Page, error) {
	where, args := petitionWhere(f)
	if strings.TrimSpace(f.Query) != "" {
		return db.searchPetitions(ctx, f, where, args)
	}
	cond := sqlstore.WhereClause(where)
	page := petition.Page{Items: []petition.Petition{}}
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM petitions p`+cond, args...).Scan(&page.Total); err != nil {
		return page, translate(err)
	}
	items, err := db.loadPetitions(ctx, `SELECT `+petitionColumns+` FROM petitions p`+cond+petitionOrder(f)+` LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	page.Items = items
	return page, err
}

func petitionOrder(f petition.Filter) string {
	if f.Sort == "received_at" {
		return ` ORDER BY p.received_at, p.id`
	}
	return ` ORDER BY p.received_at DESC, p.id DESC`
}

// exportBatch is how many petitions an export reads at a time.
const exportBatch = 500

// EachPetition calls fn with every petition the filter matches, in the
// list's order, without pages: for exports, which hold one batch at a
// time. A text query exports its matches up to maxExported.
func (db *DB) EachPetition(ctx context.Context, f petition.Filter, fn func(*petition.Petition) error) error {
	where, args := petitionWhere(f)
	var ids []int64
	if strings.TrimSpace(f.Query) != "" {
		m := matchQuery(f.Query)
		if m == "" {
			return nil
		}
		if err := db.catchUpSearch(ctx); err != nil {
			return translate(err)
		}
		var err error
		if ids, err = db.searchIDs(ctx, m, where, args, f.Sort == "received_at", maxExported); err != nil {
			return translate(err)
		}
	} else {
		cond := sqlstore.WhereClause(where)
		var err error
		if ids, err = int64s(ctx, db.r, `SELECT p.id FROM petitions p`+cond+petitionOrder(f), args...); err != nil {
			return translate(err)
		}
	}
	for len(ids) > 0 {
		batch := ids[:min(exportBatch, len(ids))]
		ids = ids[len(batch):]
		items, err := db.petitionsByID(ctx, batch)
		if err != nil {
			return err
		}
		for i := range items {
			if err := fn(&items[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// petitionsByID loads petitions, with their complainants, in the order of
// ids.
func (db *DB) petitionsByID(ctx context.Context, ids []int64) ([]petition.Petition, error) {
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	items, err := db.loadPetitions(ctx, `SELECT `+petitionColumns+` FROM petitions p WHERE p.id IN (`+sqlstore.Placeholders(len(ids))+`)`, sqlstore.IDArgs(ids)...)
	if err != nil {
		return nil, err
	}
	out := make([]petition.Petition, len(items))
	for _, p := range items {
		out[at[p.ID]] = p
	}
	return out, nil
}

// maxExported bounds an export of a text search.
const maxExported = 200_000

// petitionWhere is a list filter's conditions, on petitions p.
func petitionWhere(f petition.Filter) ([]string, []any) {
	var where []string
	var args []any
	if f.UnitID != 0 {
		where, args = append(where, sqlstore.Subtree("p.unit_id")), append(args, f.UnitID)
	}
	if len(f.States) > 0 {
		where = append(where, `p.state IN (`+sqlstore.Placeholders(len(f.States))+`)`)
		for _, s := range f.States {
			args = append(args, s)
		}
	}
	if len(f.Types) > 0 {
		where = append(where, `p.type IN (`+sqlstore.Placeholders(len(f.Types))+`)`)
		for _, t := range f.Types {
			args = append(args, t)
		}
	}
	if f.Field != "" {
		where, args = append(where, `p.field = ?`), append(args, f.Field)
	}
	if f.HandlerID != 0 {
		where, args = append(where, `p.handler_id = ?`), append(args, f.HandlerID)
	}
	if f.CitizenID != 0 {
		where, args = append(where, `p.id IN (SELECT petition_id FROM petition_complainants WHERE citizen_id = ?)`), append(args, f.CitizenID)
	}
	if f.ReceivedMin != nil {
		where, args = append(where, `p.received_at >= ?`), append(args, sqlstore.TS(*f.ReceivedMin))
	}
	if f.ReceivedMax != nil {
		where, args = append(where, `p.received_at < ?`), append(args, sqlstore.TS(*f.ReceivedMax))
	}
	return where, args
}

// searchCap is where a search stops counting: past it the total says "more
// than searchCap" (TotalCapped) instead of visiting every match.
const searchCap = 1000

// searchPetitions serves a list with a text query: the full-text index
// yields matches newest first and the page is cut from them.
func (db *DB) searchPetitions(ctx context.Context, f petition.Filter, where []string, args []any) (petition.Page, error) {
	page := petition.Page{Items: []petition.Petition{}}
	m := matchQuery(f.Query)
	if m == "" {
		return page, nil // nothing searchable in the query
	}
	if err := db.catchUpSearch(ctx); err != nil {
		return page, translate(err)
	}
	fetch := searchCap + 1
	if n := f.Offset + f.Limit + 1; n > fetch {
		fetch = n
	}
	ids, err := db.searchIDs(ctx, m, where, args, f.Sort == "received_at", fetch)
	if err != nil {
		return page, translate(err)
	}
	page.Total = len(ids)
	if len(ids) == fetch {
		page.Total, page.TotalCapped = fetch-1, true
	}
	if f.Offset >= len(ids) {
		return page, nil
	}
	page.Items, err = db.petitionsByID(ctx, ids[f.Offset:min(f.Offset+f.Limit, len(ids))])
	return page, err
}

// loadPetitions runs a petition query and loads the complainants.
func (db *DB) loadPetitions(ctx context.Context, q string, args ...any) ([]petition.Petition, error) {
	out := []petition.Petition{}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return out, translate(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		p, err := scanPetition(rows)
		if err != nil {
			return out, err
		}
		out = append(out, *p)
		ids = append(ids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return out, translate(err)
	}
	cs, err := sqlstore.CitizensOf(ctx, db.r, "petition_complainants", "petition_id", ids)
	if err != nil {
		return out, translate(err)
	}
	for i := range out {
		out[i].Complainant = nonNil(cs[out[i].ID])
	}
	return out, nil
}

// matchQuery turns what a user typed into an FTS query over folded words:
// every word must appear, and the last may be a prefix of a word (the user
// may still be typing it).
func matchQuery(q string) string {
	words := textfold.Words(q)
	if len(words) > 8 {
		words = words[:8]
	}
	for i, w := range words {
		if i == len(words)-1 && len([]rune(w)) >= 2 {
			w += `*`
		}
		words[i] = `"` + w + `"`
	}
	return strings.Join(words, " ")
}

// History returns a petition's history, oldest first.
func (db *DB) History(ctx context.Context, id int64) ([]petition.HistoryEntry, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, petition_id, version, event, from_state, to_state, data, detail, actor_id, at
		FROM petition_history WHERE petition_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []petition.HistoryEntry{}
	for rows.Next() {
		var h petition.HistoryEntry
		var data string
		var detail sql.NullString
		if err := rows.Scan(&h.ID, &h.PetitionID, &h.Version, &h.Event, &h.From, &h.To, &data, &detail, &h.ActorID, sqlstore.Instant(&h.At)); err != nil {
			return nil, translate(err)
		}
		if err := json.Unmarshal([]byte(data), &h.Data); err != nil {
			return nil, translate(err)
		}
		if detail.Valid {
			h.Change = &deadline.Change{}
			if err := json.Unmarshal([]byte(detail.String), h.Change); err != nil {
				return nil, translate(err)
			}
		}
		out = append(out, h)
	}
	return out, translate(rows.Err())
}

// prefixProblems puts the field names of a validation error under prefix,
// so a problem in the second petition of a visit names "petitions[1].field".
func prefixProblems(err error, prefix string) error {
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code != fault.Invalid || len(fe.Problems) == 0 {
		return err
	}
	var p fault.Problems
	p.Merge(prefix, err)
	return p.Err()
}

func itoa(i int) string { return strconv.Itoa(i) }

// nonNil makes an empty list render as [] rather than null.
func nonNil(cs []citizen.Citizen) []citizen.Citizen {
	if cs == nil {
		return []citizen.Citizen{}
	}
	return cs
}
