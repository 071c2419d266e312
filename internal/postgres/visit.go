package postgres

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
	"tiepdan/internal/visit"
	"tiepdan/internal/vntime"
)

// CreateVisit stores a logbook row, its representatives and the petitions
// recorded from it, in one transaction.
func (db *DB) CreateVisit(ctx context.Context, d *visit.Draft, codes []string, actor org.User, at time.Time, idem petition.Idempotency) (*visit.Visit, bool, error) {
	var id int64
	var again bool
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		if id, err = sqlstore.Replayed(ctx, tx, actor.ID, "visit", idem); err != nil || id != 0 {
			again = id != 0
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE id = ?`, d.UnitID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return invalid("unit_id", "unit.unknown")
		}
		if d.SessionID != nil {
			var unit int64
			err := tx.QueryRowContext(ctx, `SELECT unit_id FROM reception_sessions WHERE id = ?`, *d.SessionID).Scan(&unit)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && unit != d.UnitID) {
				return invalid("session_id", "schedule.session_unit")
			} else if err != nil {
				return err
			}
		}
		if err := sqlstore.SaveCitizen(ctx, tx, &d.Citizen, at); err != nil {
			return err
		}
		year := d.VisitedAt.In(vntime.Zone).Year()
		number, err := sqlstore.NextNumber(ctx, tx, "visits", d.UnitID, year)
		if err != nil {
			return err
		}
		id, err = tx.InsertID(ctx, `
			INSERT INTO visits (unit_id, year, number, visited_at, kind, citizen_id, head_count, summary, petition_type,
				prior_resolver, in_competence, guided_to, guidance_doc_no, accepting_body, transfer_doc_no, result_note,
				notes, refused, refusal_reason, refusal_note, recorded_by, created_at, session_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.UnitID, year, number, sqlstore.TS(*d.VisitedAt), d.Kind, d.Citizen.ID, d.HeadCount, d.Summary, d.PetitionType,
			d.PriorResolver, d.InCompetence, d.GuidedTo, d.GuidanceDocNo, d.AcceptingBody, d.TransferDocNo, d.ResultNote,
			d.Notes, d.Refused, d.RefusalReason, d.RefusalNote, actor.ID, sqlstore.TS(at), d.SessionID)
		if err != nil {
			return err
		}
		for i := range d.Representatives {
			r := &d.Representatives[i]
			if err := sqlstore.SaveCitizen(ctx, tx, r, at); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO visit_representatives (visit_id, position, citizen_id) VALUES (?, ?, ?)`, id, i, r.ID); err != nil {
				return err
			}
		}
		trail := visitTrail{UnitID: d.UnitID, Number: number, Year: year, Kind: d.Kind, CitizenID: d.Citizen.ID,
			Representatives: make([]int64, len(d.Representatives)), HeadCount: d.HeadCount, Refused: d.Refused,
			Petitions: make([]petitionTrail, len(d.Petitions))}
		for i, r := range d.Representatives {
			trail.Representatives[i] = r.ID
		}
		for i := range d.Petitions {
			d.Petitions[i].VisitID = &id
			for j := range d.Petitions[i].Complainants {
				if c := &d.Petitions[i].Complainants[j]; samePerson(*c, d.Citizen) {
					*c = d.Citizen
				}
			}
			rec, err := insertPetition(ctx, tx, &d.Petitions[i], codes[i], actor.ID, at)
			if err != nil {
				return prefixProblems(err, "petitions["+itoa(i)+"]")
			}
			trail.Petitions[i] = newPetitionTrail(rec.Petition)
		}
		if err := sqlstore.Remember(ctx, tx, actor.ID, "visit", idem, id, at); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.CreateVisit, ObjectType: "visit", ObjectID: sqlstore.IDText(id)}, nil, trail)
	})
	if err != nil {
		return nil, false, err
	}
	v, err := db.Visit(ctx, id)
	return v, again, err
}

// visitTrail is what the audit trail says of a new logbook row: where it is
// in the book, who came (by id, never their identity numbers) and the
// petitions recorded from it.
type visitTrail struct {
	UnitID          int64           `json:"unit_id"`
	Year            int             `json:"year"`
	Number          int             `json:"number"`
	Kind            visit.Kind      `json:"kind"`
	CitizenID       int64           `json:"citizen_id"`
	Representatives []int64         `json:"representative_ids"`
	HeadCount       int             `json:"head_count"`
	Refused         bool            `json:"refused"`
	Petitions       []petitionTrail `json:"petitions"`
}

const visitColumns = `v.id, v.unit_id, v.number, v.visited_at, v.kind, v.head_count, v.summary, v.petition_type,
	v.prior_resolver, v.in_competence, v.guided_to, v.guidance_doc_no, v.accepting_body, v.transfer_doc_no,
	v.result_note, v.notes, v.refused, v.refusal_reason, v.refusal_note, v.recorded_by, v.created_at, v.session_id, ` + sqlstore.CitizenColumns

func scanVisit(s interface{ Scan(...any) error }) (*visit.Visit, error) {
	var v visit.Visit
	c := &v.Citizen
	err := s.Scan(&v.ID, &v.UnitID, &v.Number, sqlstore.Instant(&v.VisitedAt), &v.Kind, &v.HeadCount, &v.Summary, &v.PetitionType,
		&v.PriorResolver, &v.InCompetence, &v.GuidedTo, &v.GuidanceDocNo, &v.AcceptingBody, &v.TransferDocNo,
		&v.ResultNote, &v.Notes, &v.Refused, &v.RefusalReason, &v.RefusalNote, &v.RecordedBy, sqlstore.Instant(&v.Created), &v.SessionID,
		&c.ID, &c.FullName, &c.IDKind, &c.IDNumber, &c.Phone, &c.Address, sqlstore.Instant(&c.Created))
	if err != nil {
		return nil, translate(err)
	}
	v.Representatives = []citizen.Citizen{}
	v.Petitions = []petition.Petition{}
	return &v, nil
}

// Visit returns a logbook row with its representatives and petitions.
func (db *DB) Visit(ctx context.Context, id int64) (*visit.Visit, error) {
	v, err := scanVisit(db.r.QueryRowContext(ctx, `SELECT `+visitColumns+` FROM visits v JOIN citizens c ON c.id = v.citizen_id WHERE v.id = ?`, id))
	if err != nil {
		return nil, err
	}
	vs := []visit.Visit{*v}
	if err := db.fillVisits(ctx, vs); err != nil {
		return nil, err
	}
	return &vs[0], nil
}

// Visits returns one page of the logbook, in the order the book is kept.
func (db *DB) Visits(ctx context.Context, f visit.Filter) (visit.Page, error) {
	var where []string
	var args []any
	if f.UnitID != 0 {
		where, args = append(where, sqlstore.Subtree("v.unit_id")), append(args, f.UnitID)
	}
	if f.FromDay != nil {
		where, args = append(where, `v.visited_at >= ?`), append(args, sqlstore.TS(dayStart(*f.FromDay)))
	}
	if f.ToDay != nil {
		where, args = append(where, `v.visited_at < ?`), append(args, sqlstore.TS(dayStart(f.ToDay.AddDate(0, 0, 1))))
	}
	cond := sqlstore.WhereClause(where)
	page := visit.Page{Items: []visit.Visit{}}
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM visits v`+cond, args...).Scan(&page.Total); err != nil {
		return page, translate(err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+visitColumns+` FROM visits v JOIN citizens c ON c.id = v.citizen_id`+
		cond+` ORDER BY v.visited_at, v.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, *v)
	}
	if err := rows.Err(); err != nil {
		return page, translate(err)
	}
	rows.Close()
	return page, db.fillVisits(ctx, page.Items)
}

// fillVisits loads the representatives and petitions of the given visits.
func (db *DB) fillVisits(ctx context.Context, vs []visit.Visit) error {
	if len(vs) == 0 {
		return nil
	}
	ids := make([]int64, len(vs))
	args := make([]any, len(vs))
	at := make(map[int64]int, len(vs))
	for i, v := range vs {
		ids[i], args[i], at[v.ID] = v.ID, v.ID, i
	}
	reps, err := sqlstore.CitizensOf(ctx, db.r, "visit_representatives", "visit_id", ids)
	if err != nil {
		return translate(err)
	}
	for id, cs := range reps {
		vs[at[id]].Representatives = cs
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+petitionColumns+` FROM petitions p WHERE p.visit_id IN (`+sqlstore.Placeholders(len(ids))+`) ORDER BY p.id`, args...)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	var pids []int64
	for rows.Next() {
		p, err := scanPetition(rows)
		if err != nil {
			return err
		}
		i := at[*p.VisitID]
		vs[i].Petitions = append(vs[i].Petitions, *p)
		pids = append(pids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return translate(err)
	}
	cs, err := sqlstore.CitizensOf(ctx, db.r, "petition_complainants", "petition_id", pids)
	if err != nil {
		return translate(err)
	}
	for i := range vs {
		for j := range vs[i].Petitions {
			vs[i].Petitions[j].Complainant = nonNil(cs[vs[i].Petitions[j].ID])
		}
	}
	return nil
}

// dayStart is the instant a Vietnam calendar day (given as midnight UTC of
// that date) begins.
func dayStart(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, vntime.Zone)
}

// samePerson reports whether a petition's complainant is the visitor, so
// that someone without an ID number is not stored twice.
func samePerson(a, b citizen.Citizen) bool {
	return a.FullName == b.FullName && a.IDKind == b.IDKind && a.IDNumber == b.IDNumber && a.Address == b.Address
}
