package postgres

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"tiepdan/internal/transfer"
)

// TableNames lists the tables of the database's schema.
func (db *DB) TableNames(ctx context.Context) ([]string, error) {
	return db.texts(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
}

// Columns lists a table's stored columns (not the generated ones), in
// their order.
func (db *DB) Columns(ctx context.Context, table string) ([]string, error) {
	return db.texts(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`, table)
}

func (db *DB) texts(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, translate(err)
		}
		out = append(out, s)
	}
	return out, translate(rows.Err())
}

// Rows yields a table's rows in key order.
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

// Load writes every table from src into this empty database in one
// transaction, with COPY, keeping the rows' ids; the identities continue
// after the highest, and the search index is written again afterwards
// (OptimizeSearch). A database that already holds units or audit rows is
// refused.
func (db *DB) Load(ctx context.Context, tables []transfer.Table, columns map[string][]string, src transfer.Source) error {
	c, err := db.sql.Conn(ctx)
	if err != nil {
		return translate(err)
	}
	defer c.Close()
	return c.Raw(func(driverConn any) error {
		conn := driverConn.(*stdlib.Conn).Conn()
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
			return err
		}
		var used bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM units) OR EXISTS (SELECT 1 FROM audit_log)`).Scan(&used); err != nil {
			return err
		}
		if used {
			return fmt.Errorf("postgres: the target database is not empty")
		}
		// The rows the migrations wrote come from the source instead.
		for _, q := range []string{`SET CONSTRAINTS ALL DEFERRED`, `DELETE FROM fields`, `DELETE FROM revisions WHERE name <> 'search'`,
			`UPDATE revisions SET value = 0 WHERE name = 'search'`} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		for _, t := range tables {
			next, stop := iter.Pull2(src.Rows(ctx, t, columns[t.Name]))
			_, err := tx.CopyFrom(ctx, pgx.Identifier{t.Name}, columns[t.Name], pgx.CopyFromFunc(func() ([]any, error) {
				row, err, ok := next()
				if !ok {
					return nil, nil
				}
				return row, err
			}))
			stop()
			if err != nil {
				return fmt.Errorf("postgres: copy %s: %w", t.Name, err)
			}
		}
		// Identities continue after the ids copied.
		for _, t := range tables {
			if !slices.Contains(columns[t.Name], "id") || t.Name == "audit_log" || t.Name == "sessions" {
				continue // no identity: ids given by the writer, or hashes
			}
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM `+t.Name+` HAVING max(id) IS NOT NULL`, t.Name); err != nil {
				return fmt.Errorf("postgres: identity of %s: %w", t.Name, err)
			}
		}
		return tx.Commit(ctx)
	})
}
