package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/petition"
)

// Seed fills an empty deployment's rule sets and holiday calendar with the
// shipped defaults; from then on the database is the source. The audit
// trail records how many of each it wrote, when it wrote any.
func (st *Store) Seed(ctx context.Context, now time.Time) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
		var seeded struct {
			RuleSets int `json:"rule_sets"`
			Holidays int `json:"holidays"`
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rule_sets`).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			for _, s := range deadline.DefaultSets() {
				seeded.RuleSets++
				id, err := tx.InsertID(ctx, `INSERT INTO rule_sets (code, name, effective_from, source) VALUES (?, ?, ?, ?)`,
					s.Code, s.Name, s.EffectiveFrom.String(), s.Source)
				if err != nil {
					return err
				}
				for _, v := range s.Values {
					if _, err := tx.ExecContext(ctx, `INSERT INTO rule_values (rule_set_id, key, limit_n, count_unit, source) VALUES (?, ?, ?, ?, ?)`,
						id, v.Key, v.Limit, v.Unit, v.Source); err != nil {
						return err
					}
				}
			}
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM holidays`).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			for _, e := range calendar.DefaultEntries(2025, now.Year()+10) {
				if err := insertHoliday(ctx, tx, &e, nil, now); err != nil {
					return err
				}
				seeded.Holidays++
			}
		}
		if seeded.RuleSets == 0 && seeded.Holidays == 0 {
			return nil
		}
		return Record(ctx, tx, st.now(), audit.Entry{Action: audit.SeedRules, ObjectType: "rule_set"}, nil, seeded)
	})
}

func insertHoliday(ctx context.Context, tx Tx, e *calendar.Entry, actor *int64, at time.Time) error {
	var err error
	e.ID, err = tx.InsertID(ctx, `INSERT INTO holidays (day, kind, name_vi, name_en, source, unit_id, tentative, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Date.String(), e.Kind.String(), e.NameVI, e.NameEN, e.Source, e.UnitID, e.Tentative, actor, TS(at))
	return err
}

// RulesRevision returns a number that changes whenever a holiday or a rule
// value does.
func (st *Store) RulesRevision(ctx context.Context) (int64, error) {
	var v int64
	err := st.r.QueryRowContext(ctx, `SELECT value FROM revisions WHERE name = 'rules'`).Scan(&v)
	return v, st.translate(err)
}

// CheckRulesRevision refuses deadlines planned from rules older than the
// stored ones (0: nothing planned).
func CheckRulesRevision(ctx context.Context, tx Tx, planned int64) error {
	if planned == 0 {
		return nil
	}
	var current int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM revisions WHERE name = 'rules'`).Scan(&current); err != nil {
		return err
	}
	if current != planned {
		return petition.ErrStalePlan
	}
	return nil
}

func bumpRulesRevision(ctx context.Context, tx Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE revisions SET value = value + 1 WHERE name = 'rules'`)
	return err
}

// RuleSets returns every rule set with its values, oldest first.
func (st *Store) RuleSets(ctx context.Context) ([]deadline.Set, error) {
	return st.ruleSets(ctx, st.r)
}

func (st *Store) ruleSets(ctx context.Context, q Queryer) ([]deadline.Set, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, effective_from, source FROM rule_sets ORDER BY effective_from`)
	if err != nil {
		return nil, st.translate(err)
	}
	var sets []deadline.Set
	for rows.Next() {
		var s deadline.Set
		var from string
		if err := rows.Scan(&s.ID, &s.Code, &s.Name, &from, &s.Source); err != nil {
			rows.Close()
			return nil, st.translate(err)
		}
		if s.EffectiveFrom, err = calendar.ParseDate(from); err != nil {
			rows.Close()
			return nil, st.translate(err)
		}
		s.Values = map[deadline.Key]deadline.Value{}
		sets = append(sets, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, st.translate(err)
	}
	at := map[int64]int{}
	for i, s := range sets {
		at[s.ID] = i
	}
	vrows, err := q.QueryContext(ctx, `SELECT rule_set_id, key, limit_n, count_unit, source FROM rule_values`)
	if err != nil {
		return nil, st.translate(err)
	}
	defer vrows.Close()
	for vrows.Next() {
		var id int64
		var v deadline.Value
		if err := vrows.Scan(&id, &v.Key, &v.Limit, &v.Unit, &v.Source); err != nil {
			return nil, st.translate(err)
		}
		if i, ok := at[id]; ok {
			sets[i].Values[v.Key] = v
		}
	}
	return sets, st.translate(vrows.Err())
}

// CalendarEntries returns every holiday and make-up working day.
func (st *Store) CalendarEntries(ctx context.Context) ([]calendar.Entry, error) {
	return st.calendarEntries(ctx, st.r, "", nil)
}

func (st *Store) calendarEntries(ctx context.Context, q Queryer, where string, args []any) ([]calendar.Entry, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, day, kind, name_vi, name_en, source, unit_id, tentative FROM holidays `+where+` ORDER BY day, unit_id`, args...)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	out := []calendar.Entry{}
	for rows.Next() {
		var e calendar.Entry
		var day, kind string
		if err := rows.Scan(&e.ID, &day, &kind, &e.NameVI, &e.NameEN, &e.Source, &e.UnitID, &e.Tentative); err != nil {
			return nil, st.translate(err)
		}
		if e.Date, err = calendar.ParseDate(day); err != nil {
			return nil, st.translate(err)
		}
		if err := e.Kind.UnmarshalText([]byte(kind)); err != nil {
			return nil, st.translate(err)
		}
		out = append(out, e)
	}
	return out, st.translate(rows.Err())
}

// DeadlineColumns are the columns ScanDeadline reads, in its order.
const DeadlineColumns = `d.id, d.petition_id, d.unit_id, d.step, d.rule_set_id, d.rule_key, d.start_day, d.limit_n,
	d.count_unit, d.extended_by, d.extensions, d.pauses, d.due_day, d.status, d.done_day, d.explanation, d.updated_at`

// ScanDeadline reads a deadline from the columns of DeadlineColumns. Its
// errors are the caller's to translate into domain codes.
func ScanDeadline(s interface{ Scan(...any) error }) (deadline.Deadline, error) {
	var d deadline.Deadline
	var start, due, pauses, explanation string
	var done sql.NullString
	err := s.Scan(&d.ID, &d.PetitionID, &d.UnitID, &d.Step, &d.RuleSetID, &d.RuleKey, &start, &d.Limit, &d.Unit,
		&d.ExtendedBy, &d.Extensions, &pauses, &due, &d.Status, &done, &explanation, Instant(&d.UpdatedAt))
	if err != nil {
		return d, err
	}
	if d.Start, err = calendar.ParseDate(start); err != nil {
		return d, err
	}
	if d.Due, err = calendar.ParseDate(due); err != nil {
		return d, err
	}
	if d.DoneOn, err = optDate(done); err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(pauses), &d.Pauses); err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(explanation), &d.Explanation); err != nil {
		return d, err
	}
	return d, nil
}

func optDate(s sql.NullString) (*calendar.Date, error) {
	if !s.Valid {
		return nil, nil
	}
	d, err := calendar.ParseDate(s.String)
	return &d, err
}

// DateArg passes an optional date as the text the schema keeps, NULL when
// absent.
func DateArg(d *calendar.Date) any {
	if d == nil {
		return nil
	}
	return d.String()
}

// PetitionDeadlines returns a petition's deadlines, oldest first.
func (st *Store) PetitionDeadlines(ctx context.Context, petitionID int64) ([]deadline.Deadline, error) {
	return st.deadlinesWhere(ctx, st.r, `d.petition_id = ?`, petitionID)
}

// LiveDeadlines returns a petition's open and suspended deadlines.
func (st *Store) LiveDeadlines(ctx context.Context, petitionID int64) ([]deadline.Deadline, error) {
	return st.deadlinesWhere(ctx, st.r, `d.petition_id = ? AND d.status IN ('open', 'suspended')`, petitionID)
}

func (st *Store) deadlinesWhere(ctx context.Context, q Queryer, where string, args ...any) ([]deadline.Deadline, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+DeadlineColumns+` FROM deadlines d WHERE `+where+` ORDER BY d.id`, args...)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	out := []deadline.Deadline{}
	for rows.Next() {
		d, err := ScanDeadline(rows)
		if err != nil {
			return nil, st.translate(err)
		}
		out = append(out, d)
	}
	return out, st.translate(rows.Err())
}

// SaveDeadlines inserts new deadlines (ID 0, for petitionID when theirs is
// unset) and updates the others, inside a write.
func SaveDeadlines(ctx context.Context, tx Tx, ds []deadline.Deadline, petitionID int64, at time.Time) error {
	for i := range ds {
		d := &ds[i]
		pauses, err := json.Marshal(NonNilPauses(d.Pauses))
		if err != nil {
			return err
		}
		ex, err := json.Marshal(d.Explanation)
		if err != nil {
			return err
		}
		if d.ID == 0 {
			if d.PetitionID == 0 {
				d.PetitionID = petitionID
			}
			d.ID, err = tx.InsertID(ctx, `INSERT INTO deadlines (petition_id, unit_id, step, rule_set_id, rule_key, start_day, limit_n,
				count_unit, extended_by, extensions, pauses, due_day, status, done_day, explanation, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				d.PetitionID, d.UnitID, d.Step, d.RuleSetID, d.RuleKey, d.Start.String(), d.Limit, d.Unit, d.ExtendedBy,
				d.Extensions, string(pauses), d.Due.String(), d.Status, DateArg(d.DoneOn), string(ex), TS(at))
			if err == nil {
				d.UpdatedAt = Stored(at)
			}
		} else {
			// Only if unchanged since it was read: a deadline planned from a
			// stale read (e.g. a source petition's awaited reply) is refused
			// and planned again.
			var res sql.Result
			res, err = tx.ExecContext(ctx, `UPDATE deadlines SET limit_n = ?, count_unit = ?, extended_by = ?, extensions = ?,
				pauses = ?, due_day = ?, status = ?, done_day = ?, explanation = ?, updated_at = ? WHERE id = ? AND updated_at = ?`,
				d.Limit, d.Unit, d.ExtendedBy, d.Extensions, string(pauses), d.Due.String(), d.Status,
				DateArg(d.DoneOn), string(ex), TS(at), d.ID, TS(d.UpdatedAt))
			if err == nil {
				var n int64
				if n, err = res.RowsAffected(); err == nil && n == 0 {
					err = petition.ErrStalePlan
				}
				d.UpdatedAt = Stored(at)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// NonNilPauses stores no pauses as an empty JSON list, not null.
func NonNilPauses(p []deadline.Pause) []deadline.Pause {
	if p == nil {
		return []deadline.Pause{}
	}
	return p
}
