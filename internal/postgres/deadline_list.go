package postgres

import (
	"context"
	"strings"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/sqlstore"
)

// Deadlines returns a page of open deadlines, the earliest due first. The
// page is cut from the partial indexes of open deadlines, then only the
// page's rows are joined to their petitions. The petitions table is read
// for the whole list only when a handler or type filter needs it.
func (db *DB) Deadlines(ctx context.Context, f deadline.Filter) (deadline.Page, error) {
	where := []string{`d.status = 'open'`}
	var args []any
	if f.UnitID != 0 {
		where, args = append(where, sqlstore.Subtree("d.unit_id")), append(args, f.UnitID)
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
		where = append(where, `d.step IN (`+sqlstore.Placeholders(len(f.Steps))+`)`)
		for _, s := range f.Steps {
			args = append(args, s)
		}
	}
	from := ` FROM deadlines d`
	if f.HandlerID != 0 || len(f.Types) > 0 {
		from += ` JOIN petitions p ON p.id = d.petition_id`
	}
	if f.HandlerID != 0 {
		where, args = append(where, `p.handler_id = ?`), append(args, f.HandlerID)
	}
	if len(f.Types) > 0 {
		where = append(where, `p.type IN (`+sqlstore.Placeholders(len(f.Types))+`)`)
		for _, t := range f.Types {
			args = append(args, t)
		}
	}
	cond := ` WHERE ` + strings.Join(where, ` AND `)
	page := deadline.Page{Items: []deadline.Item{}}
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1`+from+cond+` LIMIT ?) capped`,
		append(args, deadlineCountCap+1)...).Scan(&page.Total); err != nil {
		return page, translate(err)
	}
	if page.Total > deadlineCountCap {
		page.Total, page.TotalCapped = deadlineCountCap, true
	}
	ids, err := int64s(ctx, db.r, `SELECT d.id`+from+cond+` ORDER BY d.due_day, d.unit_id, d.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil || len(ids) == 0 {
		return page, translate(err)
	}
	// Lists leave the explanation out: it is on the petition's page, and
	// reading it for every row would cost more than the rest of the list.
	rows, err := db.r.QueryContext(ctx, `SELECT `+strings.Replace(sqlstore.DeadlineColumns, "d.explanation", "'{}'", 1)+`, p.code, p.number, p.year, p.summary, p.type, p.state,
		p.handler_id, (SELECT name FROM units WHERE id = d.unit_id) FROM deadlines d JOIN petitions p ON p.id = d.petition_id
		WHERE d.id IN (`+sqlstore.Placeholders(len(ids))+`) ORDER BY d.due_day, d.unit_id, d.id`, sqlstore.IDArgs(ids)...)
	if err != nil {
		return page, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var it deadline.Item
		var number, year int
		d, err := sqlstore.ScanDeadline(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &it.PetitionCode, &number, &year, &it.Summary, &it.Type, &it.State, &it.HandlerID, &it.UnitName)...)
		}))
		if err != nil {
			return page, translate(err)
		}
		it.Deadline = d
		it.PetitionNumber = sqlstore.FormatNumber(number, year)
		page.Items = append(page.Items, it)
	}
	return page, translate(rows.Err())
}

// deadlineCountCap is where a deadline list stops counting; the per-unit
// counts give exact totals.
const deadlineCountCap = 10000

// int64s runs a query of one integer column.
func int64s(ctx context.Context, q sqlstore.Queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// scanFunc lets a scan of more columns reuse sqlstore.ScanDeadline.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// CountByUnit counts each unit's open deadlines by urgency, for the units
// under unitID (all for 0). It reads only the partial index on open
// deadlines by unit and due day.
func (db *DB) CountByUnit(ctx context.Context, unitID int64, today, soon calendar.Date) ([]deadline.UnitCount, error) {
	q := `SELECT d.unit_id, count(*) FILTER (WHERE d.due_day < ?1), count(*) FILTER (WHERE d.due_day >= ?1 AND d.due_day <= ?2), count(*) FILTER (WHERE d.due_day > ?2)
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
