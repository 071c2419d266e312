package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Lock keys of the transaction-level advisory locks this driver takes.
const (
	// writeLock serializes the writes of every node. A write reads the
	// audit trail's head and a register's highest number and appends after
	// them; taken first thing in each write transaction, the lock makes
	// that read and the insert after it atomic across nodes, as SQLite's
	// one writer does for one node, and no two writes can deadlock on it.
	writeLock int64 = 0x7469_6570_0001
	// migrateLock lets one node at a time apply migrations.
	migrateLock int64 = 0x7469_6570_0002
)

var errClosed = errors.New("postgres: database is closed")

func pgconnConfig(url string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return cfg, nil
}

// write runs fn in a transaction of its own, holding the write lock, and
// returns once it is committed (or has failed and left nothing behind).
// fn runs with a context that is not cancelled: a caller that gives up
// mid-write does not leave a half-done change to roll back by surprise.
func (db *DB) write(ctx context.Context, fn func(ctx context.Context, tx *writeTx) error) (err error) {
	select {
	case <-db.closed:
		return errClosed
	default:
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	sqlTx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("postgres: write panicked: %v", p)
		}
		if err != nil {
			sqlTx.Rollback()
			err = translate(err)
		}
	}()
	tx := &writeTx{tx: sqlTx}
	if _, err := sqlTx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
		return err
	}
	if err := fn(ctx, tx); err != nil {
		return err
	}
	return sqlTx.Commit()
}

// conn is the pool as the queries see it: they are written with SQLite's
// ? placeholders and rebound to $n once (see rebind).
type conn struct{ db *sql.DB }

func (c *conn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q, args = rebind(q, args)
	return c.db.QueryContext(ctx, q, args...)
}

func (c *conn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	q, args = rebind(q, args)
	return c.db.QueryRowContext(ctx, q, args...)
}

func (c *conn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q, args = rebind(q, args)
	return c.db.ExecContext(ctx, q, args...)
}

// writeTx is a write's transaction.
type writeTx struct{ tx *sql.Tx }

func (t *writeTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q, args = rebind(q, args)
	return t.tx.ExecContext(ctx, q, args...)
}

func (t *writeTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q, args = rebind(q, args)
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *writeTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	q, args = rebind(q, args)
	return t.tx.QueryRowContext(ctx, q, args...)
}

// insertID runs an INSERT … RETURNING id and returns the id.
func (t *writeTx) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, q+` RETURNING id`, args...).Scan(&id)
	return id, err
}

// PrepareContext prepares a statement for the transaction.
func (t *writeTx) PrepareContext(ctx context.Context, q string) (*stmt, error) {
	q, _ = rebind(q, nil)
	s, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &stmt{s}, nil
}

// stmt is a prepared statement whose arguments are converted as rebind
// converts them.
type stmt struct{ s *sql.Stmt }

func (s *stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return s.s.ExecContext(ctx, convertArgs(args)...)
}

func (s *stmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return s.s.QueryRowContext(ctx, convertArgs(args)...)
}

// insertID runs a prepared INSERT … RETURNING id and returns the id.
func (s *stmt) insertID(ctx context.Context, args ...any) (int64, error) {
	var id int64
	err := s.QueryRowContext(ctx, args...).Scan(&id)
	return id, err
}

func (s *stmt) Close() error { return s.s.Close() }
