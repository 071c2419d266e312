package sqlstore

import (
	"context"
	"time"

	"tiepdan/internal/retention"
)

// FiledBefore pages the filed petitions whose outcome is older than
// before, read from the partial index on (state, outcome_at).
func (st *Store) FiledBefore(ctx context.Context, before time.Time, unitID int64, limit, offset int) ([]retention.Item, int, error) {
	where, args := []string{`p.state = 'filed'`, `p.outcome_at IS NOT NULL`, `p.outcome_at < ?`}, []any{TS(before)}
	if unitID != 0 {
		where, args = append(where, Subtree("p.unit_id")), append(args, unitID)
	}
	cond := WhereClause(where)
	var total int
	if err := st.r.QueryRowContext(ctx, `SELECT count(*) FROM petitions p`+cond, args...).Scan(&total); err != nil {
		return nil, 0, st.translate(err)
	}
	rows, err := st.r.QueryContext(ctx, `SELECT p.id, p.code, p.number, p.year, p.unit_id, u.name, p.summary, p.file_reason, p.outcome_at
		FROM petitions p JOIN units u ON u.id = p.unit_id`+cond+` ORDER BY p.outcome_at, p.id LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, st.translate(err)
	}
	defer rows.Close()
	out := []retention.Item{}
	for rows.Next() {
		var it retention.Item
		var n, y int
		if err := rows.Scan(&it.PetitionID, &it.Code, &n, &y, &it.UnitID, &it.UnitName, &it.Summary, &it.FileReason, Instant(&it.FiledAt)); err != nil {
			return nil, 0, st.translate(err)
		}
		it.Number = FormatNumber(n, y)
		out = append(out, it)
	}
	return out, total, st.translate(rows.Err())
}
