package sqlite

import (
	"context"
	"iter"
	"strings"

	"tiepdan/internal/sqlstore"
	"tiepdan/internal/transfer"
)

// TableNames lists the tables of the database, without SQLite's own and
// the full-text index's internals.
func (db *DB) TableNames(ctx context.Context) ([]string, error) {
	names, err := texts(ctx, db.r, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name NOT LIKE 'petition_search_%' ORDER BY name`)
	return names, translate(err)
}

// Rows yields a table's rows in key order, for a copy to another driver.
func (db *DB) Rows(ctx context.Context, t transfer.Table, columns []string) iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		q := `SELECT ` + strings.Join(columns, ", ") + ` FROM ` + t.Name
		if t.Where != "" {
			q += ` WHERE ` + t.Where
		}
		rows, err := db.r.QueryContext(ctx, q+` ORDER BY `+t.Key)
		if err != nil {
			yield(nil, translate(err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			row := make([]any, len(columns))
			ptrs := make([]any, len(columns))
			for i := range row {
				ptrs[i] = &row[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				yield(nil, translate(err))
				return
			}
			if !yield(row, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, translate(err))
		}
	}
}

func texts(ctx context.Context, q sqlstore.Queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
