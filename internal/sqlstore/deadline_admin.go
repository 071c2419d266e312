package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
)

// ChangeHoliday adds, changes or removes a calendar entry and recomputes
// the deadlines it affects, in one transaction.
func (st *Store) ChangeHoliday(ctx context.Context, op deadline.HolidayOp, actorID int64, at time.Time, r deadline.Recompute) (calendar.Entry, []deadline.Change, error) {
	e := op.Entry
	var changes []deadline.Change
	err := st.write(ctx, func(ctx context.Context, tx Tx) error {
		changes = nil
		scope := e.UnitID
		trail := audit.Entry{Action: audit.CreateHoliday, ObjectType: "holiday"}
		var before any // nothing before a create
		switch {
		case op.Delete || e.ID != 0:
			found, err := st.calendarEntries(ctx, tx, `WHERE id = ?`, []any{e.ID})
			if err != nil {
				return err
			} else if len(found) == 0 {
				return fault.New(fault.NotFound, "not_found", nil)
			}
			before = found[0]
			old := found[0].UnitID
			if op.Delete {
				trail.Action = audit.DeleteHoliday
				scope = old
				_, err = tx.ExecContext(ctx, `DELETE FROM holidays WHERE id = ?`, e.ID)
			} else {
				trail.Action = audit.UpdateHoliday
				if old != e.UnitID {
					scope = -1 // both the old and the new scope move: recompute all
				}
				_, err = tx.ExecContext(ctx, `UPDATE holidays SET day = ?, kind = ?, name_vi = ?, name_en = ?, source = ?, unit_id = ?,
					tentative = ?, updated_by = ?, updated_at = ? WHERE id = ?`, e.Date.String(), e.Kind.String(), e.NameVI, e.NameEN,
					e.Source, e.UnitID, e.Tentative, actorID, TS(at), e.ID)
			}
			if err != nil {
				return err
			}
		default:
			if err := insertHoliday(ctx, tx, &e, &actorID, at); err != nil {
				return err
			}
		}
		var err error
		if changes, err = st.recompute(ctx, tx, scope, "", "", "calendar", actorID, at, r); err != nil {
			return err
		}
		trail.ObjectID = IDText(e.ID)
		after := holidayTrail{Moved: len(changes)}
		if !op.Delete {
			after.Entry = &e
		}
		return Record(ctx, tx, st.now(), trail, before, after)
	})
	if fault.Is(err, fault.Conflict) {
		var p fault.Problems
		p.Add("date", "holiday.taken", map[string]any{"Day": e.Date.Format()})
		return e, nil, p.Err()
	}
	return e, changes, err
}

// holidayTrail is what the audit trail says after a calendar change: the
// entry as saved (none when removed) and how many deadlines moved.
type holidayTrail struct {
	*calendar.Entry
	Moved int `json:"deadlines_moved"`
}

// ChangeRule corrects a rule value, records the correction and recomputes
// the deadlines that follow the value, in one transaction.
func (st *Store) ChangeRule(ctx context.Context, setID int64, v deadline.Value, reason string, actorID int64, at time.Time, r deadline.Recompute) ([]deadline.Change, error) {
	var changes []deadline.Change
	err := st.write(ctx, func(ctx context.Context, tx Tx) error {
		var old deadline.Value
		err := tx.QueryRowContext(ctx, `SELECT limit_n, count_unit, source FROM rule_values WHERE rule_set_id = ? AND key = ?`, setID, v.Key).
			Scan(&old.Limit, &old.Unit, &old.Source)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "rule.unknown", nil)
		} else if err != nil {
			return err
		}
		old.Key = v.Key
		if _, err := tx.ExecContext(ctx, `UPDATE rule_values SET limit_n = ?, count_unit = ?, source = ? WHERE rule_set_id = ? AND key = ?`,
			v.Limit, v.Unit, v.Source, setID, v.Key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rule_changes (rule_set_id, key, old_limit, new_limit, old_unit, new_unit,
			old_source, new_source, reason, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			setID, v.Key, old.Limit, v.Limit, old.Unit, v.Unit, old.Source, v.Source, reason, actorID, TS(at)); err != nil {
			return err
		}
		if changes, err = st.recompute(ctx, tx, -1, "rule_set_id = ? AND rule_key = ?", []any{setID, v.Key}, "rule", actorID, at, r); err != nil {
			return err
		}
		return Record(ctx, tx, st.now(), audit.Entry{Action: audit.ChangeRule, ObjectType: "rule", ObjectID: IDText(setID) + "/" + string(v.Key)},
			old, ruleTrail{Value: v, Reason: reason, Moved: len(changes)})

	})
	return changes, err
}

// ruleTrail is what the audit trail says after a rule correction: the new
// value, why, and how many deadlines moved.
type ruleTrail struct {
	deadline.Value
	Reason string `json:"reason"`
	Moved  int    `json:"deadlines_moved"`
}

// recompute moves the live deadlines of a scope (a unit id, 0 for those
// following the deployment calendar only, -1 for all) that the change
// affects, and writes a history row on each petition whose deadline moved.
func (st *Store) recompute(ctx context.Context, tx Tx, scope int64, where string, whereArgs any, cause string, actorID int64, at time.Time, r deadline.Recompute) ([]deadline.Change, error) {
	if err := bumpRulesRevision(ctx, tx); err != nil {
		return nil, err
	}
	entries, err := st.calendarEntries(ctx, tx, "", nil)
	if err != nil {
		return nil, err
	}
	sets, err := st.ruleSets(ctx, tx)
	if err != nil {
		return nil, err
	}
	cond := `d.status IN ('open', 'suspended')`
	var args []any
	if scope > 0 {
		cond, args = cond+` AND d.unit_id = ?`, append(args, scope)
	}
	if where != "" {
		cond += ` AND d.` + where
		args = append(args, whereArgs.([]any)...)
	}
	live, err := st.deadlinesWhere(ctx, tx, cond, args...)
	if err != nil {
		return nil, err
	}
	before := make(map[int64]calendar.Date, len(live))
	for _, d := range live {
		before[d.ID] = d.Due
	}
	moved := r(entries, sets, live)
	if err := SaveDeadlines(ctx, tx, moved, 0, at); err != nil {
		return nil, err
	}
	changes := make([]deadline.Change, 0, len(moved))
	for _, d := range moved {
		if d.Due == before[d.ID] {
			continue // the rule changed but not the day: saved, nothing to tell
		}
		c := deadline.Change{DeadlineID: d.ID, Step: d.Step, From: before[d.ID], To: d.Due, Cause: cause}
		detail, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO petition_history (petition_id, version, event, from_state, to_state, data, detail, actor_id, at)
			SELECT id, version, ?, state, state, '{}', ?, ?, ? FROM petitions WHERE id = ?`,
			petition.EventRecompute, string(detail), actorID, TS(at), d.PetitionID); err != nil {
			return nil, err
		}
		changes = append(changes, c)
	}
	return changes, nil
}
