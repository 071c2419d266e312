package sqlstore

import (
	"context"

	"tiepdan/internal/calendar"
	"tiepdan/internal/reminder"
)

// DueScanQuery reads a batch of the reminder scan (see OpenDeadlinesDue);
// exported so a driver can check which index its database reads it from.
const DueScanQuery = `SELECT d.id, d.petition_id, d.unit_id, d.step, d.due_day FROM deadlines d
	WHERE d.status = 'open' AND d.due_day <= ? AND (d.due_day, d.unit_id, d.id) > (?, ?, ?)
	ORDER BY d.due_day, d.unit_id, d.id LIMIT ?`

// OpenDeadlinesDue reads one batch of open deadlines due by until, after
// the cursor. The row-value comparison walks the partial index of open
// deadlines by (due day, unit) — its rows end in the id — from where the
// last batch stopped, so each batch costs the same however far the scan
// has gone, and no IN list grows with the number of deadlines.
func (st *Store) OpenDeadlinesDue(ctx context.Context, until calendar.Date, after reminder.Cursor, limit int) ([]reminder.Row, error) {
	due := ""
	if !after.Due.IsZero() {
		due = after.Due.String()
	}
	rows, err := st.r.QueryContext(ctx, DueScanQuery, until.String(), due, after.UnitID, after.ID, limit)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	out := make([]reminder.Row, 0, limit)
	for rows.Next() {
		var r reminder.Row
		var day string
		if err := rows.Scan(&r.DeadlineID, &r.PetitionID, &r.UnitID, &r.Step, &day); err != nil {
			return nil, st.translate(err)
		}
		if r.Due, err = calendar.ParseDate(day); err != nil {
			return nil, st.translate(err)
		}
		out = append(out, r)
	}
	return out, st.translate(rows.Err())
}

// PetitionBriefs reads the code and handler of petitions, in
// chunks of ids.
func (st *Store) PetitionBriefs(ctx context.Context, ids []int64) (map[int64]reminder.Brief, error) {
	out := make(map[int64]reminder.Brief, len(ids))
	const chunk = 500
	for len(ids) > 0 {
		part := ids[:min(chunk, len(ids))]
		ids = ids[len(part):]
		rows, err := st.r.QueryContext(ctx, `SELECT id, code, handler_id FROM petitions WHERE id IN (`+Placeholders(len(part))+`)`, IDArgs(part)...)
		if err != nil {
			return nil, st.translate(err)
		}
		for rows.Next() {
			var b reminder.Brief
			if err := rows.Scan(&b.PetitionID, &b.Code, &b.HandlerID); err != nil {
				rows.Close()
				return nil, st.translate(err)
			}
			out[b.PetitionID] = b
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, st.translate(err)
		}
	}
	return out, nil
}

// UnitLeaders returns every unit with its parent and its active leaders.
func (st *Store) UnitLeaders(ctx context.Context) ([]reminder.UnitLeaders, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT un.id, un.parent_id, u.id FROM units un
		LEFT JOIN users u ON u.unit_id = un.id AND u.active = 1
			AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'leader')
		ORDER BY un.id, u.id`)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	var out []reminder.UnitLeaders
	for rows.Next() {
		var t reminder.UnitLeaders
		var leader *int64
		if err := rows.Scan(&t.UnitID, &t.ParentID, &leader); err != nil {
			return nil, st.translate(err)
		}
		if n := len(out); n == 0 || out[n-1].UnitID != t.UnitID {
			out = append(out, t)
		}
		if leader != nil {
			last := &out[len(out)-1]
			last.Leaders = append(last.Leaders, *leader)
		}
	}
	return out, st.translate(rows.Err())
}

// HandlerLoads counts each handler's open deadlines overdue and due soon.
func (st *Store) HandlerLoads(ctx context.Context, today, soon calendar.Date) ([]reminder.Load, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT p.handler_id, sum(CASE WHEN d.due_day < ? THEN 1 ELSE 0 END),
		sum(CASE WHEN d.due_day < ? THEN 0 ELSE 1 END)
		FROM deadlines d JOIN petitions p ON p.id = d.petition_id
		WHERE d.status = 'open' AND d.due_day <= ? AND p.handler_id IS NOT NULL
		GROUP BY p.handler_id ORDER BY p.handler_id`, today.String(), today.String(), soon.String())
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	var out []reminder.Load
	for rows.Next() {
		var l reminder.Load
		if err := rows.Scan(&l.UserID, &l.Overdue, &l.DueSoon); err != nil {
			return nil, st.translate(err)
		}
		out = append(out, l)
	}
	return out, st.translate(rows.Err())
}
