package sqlite

import (
	"context"
	"strings"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
)

// Deadlines returns a page of open deadlines, the earliest due first. The
// partial indexes on open deadlines (by due day, and by unit and due day)
// serve both the whole deployment and one unit's subtree.
func (db *DB) Deadlines(ctx context.Context, f deadline.Filter) (deadline.Page, error) {
	where := []string{`d.status = 'open'`}
	var args []any
	if f.UnitID != 0 {
		where, args = append(where, subtree("d.unit_id")), append(args, f.UnitID)
	}
	if f.DueBefore != nil {
		where, args = append(where, `d.due_day < ?`), append(args, f.DueBefore.String())
	}
	if f.DueFrom != nil {
		where, args = append(where, `d.due_day >= ?`), append(args, f.DueFrom.String())
	}
	if f.DueTo != nil {
		where, args = append(where, `d.due_day <= ?`), append(args, f.DueTo.String())
	}
	if len(f.Steps) > 0 {
		where = append(where, `d.step IN (`+placeholders(len(f.Steps))+`)`)
		for _, s := range f.Steps {
			args = append(args, s)
		}
	}
	if f.HandlerID != 0 {
		where, args = append(where, `p.handler_id = ?`), append(args, f.HandlerID)
	}
	if len(f.Types) > 0 {
		where = append(where, `p.type IN (`+placeholders(len(f.Types))+`)`)
		for _, t := range f.Types {
			args = append(args, t)
		}
	}
	cond := ` WHERE ` + strings.Join(where, ` AND `)
	from := ` FROM deadlines d JOIN petitions p ON p.id = d.petition_id`
	page := deadline.Page{Items: []deadline.Item{}}
	if err := db.r.QueryRowContext(ctx, `SELECT count(*)`+from+cond, args...).Scan(&page.Total); err != nil {
		return page, translate(err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+deadlineColumns+`, p.code, p.number, p.year, p.summary, p.type, p.state,
		p.handler_id, (SELECT name FROM units WHERE id = d.unit_id)`+from+cond+` ORDER BY d.due_day, d.id LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var it deadline.Item
		var number, year int
		d, err := scanDeadline(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &it.PetitionCode, &number, &year, &it.Summary, &it.Type, &it.State, &it.HandlerID, &it.UnitName)...)
		}))
		if err != nil {
			return page, err
		}
		it.Deadline = d
		it.PetitionNumber = formatNumber(number, year)
		page.Items = append(page.Items, it)
	}
	return page, translate(rows.Err())
}

// scanFunc lets a scan of more columns reuse scanDeadline.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// CountByUnit counts each unit's open deadlines by urgency, for the units
// under unitID (all for 0). It reads only the partial index on open
// deadlines by unit and due day.
func (db *DB) CountByUnit(ctx context.Context, unitID int64, today, soon calendar.Date) ([]deadline.UnitCount, error) {
	q := `SELECT d.unit_id, sum(d.due_day < ?1), sum(d.due_day >= ?1 AND d.due_day <= ?2), sum(d.due_day > ?2)
		FROM deadlines d WHERE d.status = 'open'`
	args := []any{today.String(), soon.String()}
	if unitID != 0 {
		q += ` AND d.unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?3) || '%')`
		args = append(args, unitID)
	}
	rows, err := db.r.QueryContext(ctx, q+` GROUP BY d.unit_id ORDER BY d.unit_id`, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []deadline.UnitCount{}
	for rows.Next() {
		var c deadline.UnitCount
		if err := rows.Scan(&c.UnitID, &c.Overdue, &c.DueSoon, &c.OnTime); err != nil {
			return nil, translate(err)
		}
		out = append(out, c)
	}
	return out, translate(rows.Err())
}
