package postgres

import (
	"context"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
	"tiepdan/internal/schedule"
	"tiepdan/internal/sqlstore"
)

// CreateReceptionRule stores a leader's recurring reception day.
func (db *DB) CreateReceptionRule(ctx context.Context, r *schedule.Rule) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var created *int64
		if w, ok := audit.WhoFrom(ctx); ok && w.UserID != 0 {
			created = &w.UserID
		}
		var err error
		r.ID, err = tx.InsertID(ctx, `INSERT INTO reception_rules (unit_id, leader_id, kind, weekday, month_day, nth, start_time,
			end_time, place, topic, active, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.UnitID, r.LeaderID, r.Kind, int(r.Weekday), r.MonthDay, r.Nth, r.Start, r.End, r.Place, r.Topic, r.Active, created, sqlstore.TS(r.Created))
		if err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.CreateReceptionRule, ObjectType: "reception_rule", ObjectID: sqlstore.IDText(r.ID)}, nil, r)
	})
}

const ruleSelect = `SELECT id, unit_id, leader_id, kind, weekday, month_day, nth, start_time, end_time, place, topic, active, created_at
	FROM reception_rules`

func scanRule(sc interface{ Scan(...any) error }) (*schedule.Rule, error) {
	var r schedule.Rule
	var wd int
	if err := sc.Scan(&r.ID, &r.UnitID, &r.LeaderID, &r.Kind, &wd, &r.MonthDay, &r.Nth, &r.Start, &r.End, &r.Place, &r.Topic,
		&r.Active, sqlstore.Instant(&r.Created)); err != nil {
		return nil, translate(err)
	}
	r.Weekday = time.Weekday(wd)
	return &r, nil
}

// ReceptionRule returns one rule.
func (db *DB) ReceptionRule(ctx context.Context, id int64) (*schedule.Rule, error) {
	return scanRule(db.r.QueryRowContext(ctx, ruleSelect+` WHERE id = ?`, id))
}

// EndReceptionRule deactivates a rule and cancels its scheduled sessions
// from a day on.
func (db *DB) EndReceptionRule(ctx context.Context, id int64, notice string, from calendar.Date, at time.Time) (int, error) {
	var n int64
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reception_rules SET active = 0 WHERE id = ? AND active = 1`, id)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k == 0 {
			return fault.New(fault.NotFound, "not_found", nil)
		}
		res, err = tx.ExecContext(ctx, `UPDATE reception_sessions SET status = 'cancelled', notice = ?, updated_at = ?
			WHERE rule_id = ? AND status = 'scheduled' AND day >= ?`, notice, sqlstore.TS(at), id, from.String())
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.EndReceptionRule, ObjectType: "reception_rule", ObjectID: sqlstore.IDText(id)}, nil,
			struct {
				Notice    string `json:"notice"`
				Cancelled int64  `json:"cancelled_sessions"`
			}{notice, n})

	})
	return int(n), err
}

// ReceptionRules returns a unit's rules (every unit's for 0).
func (db *DB) ReceptionRules(ctx context.Context, unitID int64) ([]schedule.Rule, error) {
	q, args := ruleSelect, []any{}
	if unitID != 0 {
		q, args = q+` WHERE unit_id = ?`, append(args, unitID)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []schedule.Rule{}
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, translate(rows.Err())
}

const insertSession = `INSERT INTO reception_sessions (unit_id, leader_id, rule_id, nominal_day, day, moved_reason, start_time, end_time,
	place, topic, status, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func sessionArgs(s *schedule.Session) []any {
	return []any{s.UnitID, s.LeaderID, s.RuleID, s.NominalDay.String(), s.Day.String(), s.MovedReason, s.Start, s.End,
		s.Place, s.Topic, s.Status, sqlstore.TSPtr(s.PublishedAt), sqlstore.TS(s.Created), sqlstore.TS(s.Created)}
}

// EnsureSessions stores the rule sessions not stored yet. A session
// already there (its rule and nominal day) keeps everything but its day: a
// scheduled one whose day the calendar now places elsewhere (a holiday
// added since) moves.
func (db *DB) EnsureSessions(ctx context.Context, ss []schedule.Session, at time.Time) (int, error) {
	var n int
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		n = 0
		for i := range ss {
			res, err := tx.ExecContext(ctx, insertSession+` ON CONFLICT (rule_id, nominal_day) DO UPDATE
				SET day = excluded.day, moved_reason = excluded.moved_reason, updated_at = ?
				WHERE reception_sessions.status = 'scheduled' AND reception_sessions.day <> excluded.day`, append(sessionArgs(&ss[i]), sqlstore.TS(at))...)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += int(k)
		}
		return nil
	})
	return n, err
}

// CreateSession stores a session added by hand.
func (db *DB) CreateSession(ctx context.Context, s *schedule.Session) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := createSession(ctx, tx, s); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.CreateSession, ObjectType: "reception_session", ObjectID: sqlstore.IDText(s.ID)}, nil, s)
	})
}

func createSession(ctx context.Context, tx *writeTx, s *schedule.Session) error {
	var err error
	s.ID, err = tx.InsertID(ctx, insertSession, sessionArgs(s)...)
	return err
}

const sessionSelect = `SELECT s.id, s.unit_id, s.leader_id, s.rule_id, s.nominal_day, s.day, s.moved_reason, s.start_time, s.end_time,
	s.place, s.topic, s.status, s.notice, s.postponed_to, s.published_at, s.created_at, u.full_name
	FROM reception_sessions s JOIN users u ON u.id = s.leader_id`

func scanSession(sc interface{ Scan(...any) error }) (*schedule.Session, error) {
	var s schedule.Session
	var nominal, day string
	if err := sc.Scan(&s.ID, &s.UnitID, &s.LeaderID, &s.RuleID, &nominal, &day, &s.MovedReason, &s.Start, &s.End, &s.Place, &s.Topic,
		&s.Status, &s.Notice, &s.PostponedTo, sqlstore.OptInstant(&s.PublishedAt), sqlstore.Instant(&s.Created), &s.LeaderName); err != nil {
		return nil, translate(err)
	}
	var err error
	if s.NominalDay, err = calendar.ParseDate(nominal); err != nil {
		return nil, translate(err)
	}
	if s.Day, err = calendar.ParseDate(day); err != nil {
		return nil, translate(err)
	}
	return &s, nil
}

// Session returns one session.
func (db *DB) Session(ctx context.Context, id int64) (*schedule.Session, error) {
	return scanSession(db.r.QueryRowContext(ctx, sessionSelect+` WHERE s.id = ?`, id))
}

// Sessions returns sessions by day, then start.
func (db *DB) Sessions(ctx context.Context, f schedule.Filter) ([]schedule.Session, error) {
	where, args := []string{`s.day >= ?`, `s.day <= ?`}, []any{f.From.String(), f.To.String()}
	if f.UnitID != 0 {
		where, args = append(where, `s.unit_id = ?`), append(args, f.UnitID)
	}
	if f.PublishedOnly {
		where = append(where, `s.published_at IS NOT NULL`)
	}
	rows, err := db.r.QueryContext(ctx, sessionSelect+sqlstore.WhereClause(where)+` ORDER BY s.day, s.start_time, s.id`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []schedule.Session{}
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, translate(rows.Err())
}

// PostponeSession marks a scheduled session postponed, with its notice
// and replacement, in one transaction with its audit entry.
func (db *DB) PostponeSession(ctx context.Context, id int64, notice string, repl *schedule.Session, at time.Time) (*schedule.Session, error) {
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var to *int64
		if repl != nil {
			if err := createSession(ctx, tx, repl); err != nil {
				return err
			}
			to = &repl.ID
		}
		res, err := tx.ExecContext(ctx, `UPDATE reception_sessions SET status = 'postponed', notice = ?, postponed_to = ?, updated_at = ?
			WHERE id = ? AND status = 'scheduled'`, notice, to, sqlstore.TS(at), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return fault.New(fault.Conflict, "schedule.postponed", nil)
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.PostponeSession, ObjectType: "reception_session", ObjectID: sqlstore.IDText(id)}, nil,
			struct {
				Notice      string `json:"notice"`
				PostponedTo *int64 `json:"postponed_to"`
			}{notice, to})

	})
	if err != nil {
		return nil, err
	}
	return db.Session(ctx, id)
}
