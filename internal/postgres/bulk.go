package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
	"tiepdan/internal/textfold"
	"tiepdan/internal/vntime"
)

// BulkInsertPetitions writes generated petitions in one transaction with
// prepared statements: the citizen, the petition, its complainant link,
// its history and its search entry. It exists for benchmark data, where
// one commit (one fsync) per petition would take hours; callers batch
// 10,000–50,000 rows per call. Register numbers continue the units'
// registers, counted in memory through the batch. The rows are
// trusted to be valid (see petition.BulkRow); only the history chain is
// checked.
func (db *DB) BulkInsertPetitions(ctx context.Context, rows []petition.BulkRow) error {
	if len(rows) == 0 {
		return nil
	}
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		// Petitions recorded before the batch are indexed first, so the
		// search mark can move past the batch's own.
		if err := indexPending(ctx, tx, 0); err != nil {
			return err
		}
		b, err := newBulkWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer b.close()
		// Folding the search text is the costliest part in Go; it runs
		// beside the inserts, which spend their time in the database.
		texts := make(chan searchDoc, 1024)
		folded := make(chan []searchDoc)
		go func() {
			var out []searchDoc
			for d := range texts {
				d.text = textfold.Fold(d.text)
				out = append(out, d)
			}
			folded <- out
		}()
		err = b.addAll(rows, texts)
		close(texts)
		docs := <-folded
		if err != nil {
			return err
		}
		if err := b.index(docs); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE revisions SET value = (SELECT COALESCE(max(id), 0) FROM petitions) WHERE name = 'search'`); err != nil {
			return err
		}
		// One audit entry for the batch: the petitions are generated data
		// loaded for benchmarks, not anyone's work on a case.
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.BulkLoadPetitions, ObjectType: "petition"}, nil, struct {
			Count   int   `json:"count"`
			FirstID int64 `json:"first_id"`
			LastID  int64 `json:"last_id"`
		}{len(rows), docs[0].id, docs[len(docs)-1].id})

	})
}

func (b *bulkWriter) addAll(rows []petition.BulkRow, texts chan<- searchDoc) error {
	for i := range rows {
		text, id, err := b.add(&rows[i])
		if err != nil {
			return fmt.Errorf("bulk row %d (%s): %w", i, rows[i].Code, err)
		}
		texts <- searchDoc{id, text}
	}
	return nil
}

// bulkWriter holds the prepared statements and the register numbers of
// one batch.
type bulkWriter struct {
	ctx                                      context.Context
	tx                                       *writeTx
	citizen, petition, link, history, search *stmt
	deadline                                 *stmt
	numbers                                  map[unitYear]int
}

// searchDoc is a petition's search text, waiting for index.
type searchDoc struct {
	id   int64
	text string
}

type unitYear struct {
	unit int64
	year int
}

func newBulkWriter(ctx context.Context, tx *writeTx) (*bulkWriter, error) {
	b := &bulkWriter{ctx: ctx, tx: tx, numbers: map[unitYear]int{}}
	for _, s := range []struct {
		stmt **stmt
		sql  string
	}{
		// A generated number may collide with a person already known; the
		// no-op update makes RETURNING give that person's row, so the link
		// and the search entry name who is really stored.
		{&b.citizen, `INSERT INTO citizens (full_name, id_kind, id_number, phone, address, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id_kind, id_number) DO UPDATE SET updated_at = citizens.updated_at
			RETURNING id, full_name`},
		{&b.petition, `INSERT INTO petitions (code, year, number, unit_id, channel, type, field, competence, eligibility,
			summary, content, respondent, received_at, round, handler_id, state, version,
			outcome_at, outcome_body, outcome_doc_no, outcome_text, file_reason, duplicate_of_id, forwarded_to_unit_id,
			accept_decision_no, accepted_at, complexity, remote_area, decision_no, decision_date, conclusion,
			extended_until, withdraw_reason, created_by, created_at, updated_at, confidential)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`},
		{&b.link, `INSERT INTO petition_complainants (petition_id, position, citizen_id) VALUES (?, 0, ?)`},
		{&b.history, `INSERT INTO petition_history (petition_id, version, event, from_state, to_state, data, actor_id, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
		{&b.search, `INSERT INTO petition_search (docid, body) VALUES (?, ?)`},
		{&b.deadline, `INSERT INTO deadlines (petition_id, unit_id, step, rule_set_id, rule_key, start_day, limit_n,
			count_unit, extended_by, extensions, pauses, due_day, status, done_day, explanation, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	} {
		st, err := tx.PrepareContext(ctx, s.sql)
		if err != nil {
			b.close()
			return nil, err
		}
		*s.stmt = st
	}
	return b, nil
}

func (b *bulkWriter) close() {
	for _, s := range []*stmt{b.citizen, b.petition, b.link, b.history, b.search, b.deadline} {
		if s != nil {
			s.Close()
		}
	}
}

// add writes one row but its search entry, and returns the entry's text
// and the petition's id.
func (b *bulkWriter) add(r *petition.BulkRow) (string, int64, error) {
	if err := checkBulkRow(r); err != nil {
		return "", 0, err
	}
	ctx := b.ctx
	year := r.ReceivedAt.In(vntime.Zone).Year()
	number, err := b.nextNumber(r.UnitID, year)
	if err != nil {
		return "", 0, err
	}
	updated := r.ReceivedAt
	if n := len(r.Events); n > 0 {
		updated = r.Events[n-1].At
	}
	o := &r.Outcome
	id, err := b.petition.insertID(ctx,
		r.Code, year, number, r.UnitID, r.Channel, r.Type, r.Field, r.Competence, r.Eligibility,
		r.Summary, r.Content, r.Respondent, sqlstore.TS(r.ReceivedAt), r.HandlerID, r.State, len(r.Events)+1,
		sqlstore.TSPtr(o.At), o.Body, o.DocNo, o.Text, o.FileReason, o.DuplicateOf, o.ForwardedToUnit,
		o.AcceptDecisionNo, sqlstore.TSPtr(o.AcceptedAt), o.Complexity, o.RemoteArea, o.DecisionNo, o.DecisionDate, o.Conclusion,
		o.ExtendedUntil, o.WithdrawReason, r.CreatedBy, sqlstore.TS(r.ReceivedAt), sqlstore.TS(updated), r.Type == petition.TypeDenunciation)
	if err != nil {
		return "", 0, err
	}

	p := petition.Petition{Code: r.Code, Number: sqlstore.FormatNumber(number, year), Summary: r.Summary, Content: r.Content, Respondent: r.Respondent}
	if c := r.Complainant; c.FullName != "" && r.Type == petition.TypeDenunciation {
		// A denouncer's identity is kept apart, and out of the search index.
		if err := sqlstore.Protect(ctx, b.tx, id, []citizen.Citizen{c}); err != nil {
			return "", 0, err
		}
	} else if c.FullName != "" {
		var idNumber any
		if c.IDNumber != "" {
			idNumber = c.IDNumber
		}
		if err := b.citizen.QueryRowContext(ctx, c.FullName, c.IDKind, idNumber, c.Phone, c.Address,
			sqlstore.TS(r.ReceivedAt), sqlstore.TS(r.ReceivedAt)).Scan(&c.ID, &c.FullName); err != nil {
			return "", 0, err
		}
		if _, err := b.link.ExecContext(ctx, id, c.ID); err != nil {
			return "", 0, err
		}
		p.Complainant = append(p.Complainant, c)
	}

	if err := b.addHistory(id, 1, petition.EventReceive, "", petition.StateReceived, "{}", r.CreatedBy, r.ReceivedAt); err != nil {
		return "", 0, err
	}
	for i, h := range r.Events {
		data, err := json.Marshal(h.Data)
		if err != nil {
			return "", 0, err
		}
		if err := b.addHistory(id, i+2, h.Event, h.From, h.To, string(data), h.ActorID, h.At); err != nil {
			return "", 0, err
		}
	}
	for _, d := range r.Deadlines {
		pauses, err := json.Marshal(sqlstore.NonNilPauses(d.Pauses))
		if err != nil {
			return "", 0, err
		}
		ex, err := json.Marshal(d.Explanation)
		if err != nil {
			return "", 0, err
		}
		if _, err := b.deadline.ExecContext(ctx, id, d.UnitID, d.Step, d.RuleSetID, d.RuleKey, d.Start.String(), d.Limit, d.Unit,
			d.ExtendedBy, d.Extensions, string(pauses), d.Due.String(), d.Status, sqlstore.DateArg(d.DoneOn),
			string(ex), sqlstore.TS(updated)); err != nil {
			return "", 0, err
		}
	}
	return p.SearchText(), id, nil
}

// index writes the search entries after every other write of the batch,
// once their text is folded.
func (b *bulkWriter) index(docs []searchDoc) error {
	for _, d := range docs {
		if _, err := b.search.ExecContext(b.ctx, d.id, d.text); err != nil {
			return err
		}
	}
	return nil
}

func (b *bulkWriter) addHistory(id int64, version int, e petition.Event, from, to petition.State, data string, actor int64, at time.Time) error {
	_, err := b.history.ExecContext(b.ctx, id, version, e, from, to, data, actor, sqlstore.TS(at))
	return err
}

// nextNumber continues the unit's register for the year: read once from
// the register, then counted in memory.
func (b *bulkWriter) nextNumber(unit int64, year int) (int, error) {
	k := unitYear{unit, year}
	n, ok := b.numbers[k]
	if !ok {
		next, err := sqlstore.NextNumber(b.ctx, b.tx, "petitions", unit, year)
		if err != nil {
			return 0, err
		}
		n = next - 1
	}
	n++
	b.numbers[k] = n
	return n, nil
}

// checkBulkRow refuses a row whose history does not lead from "received"
// to its state: the history is what audits and reports trust.
func checkBulkRow(r *petition.BulkRow) error {
	at := petition.StateReceived
	for i, h := range r.Events {
		if h.From != at {
			return fmt.Errorf("event %d (%s) starts from %s, not %s", i, h.Event, h.From, at)
		}
		at = h.To
	}
	if at != r.State {
		return fmt.Errorf("history ends in %s, the petition is %s", at, r.State)
	}
	return nil
}
