// Package sqlstore holds the store methods whose SQL is the same on every
// driver. The queries are written with ? placeholders; a driver that
// numbers its placeholders otherwise rewrites them in its own reader and
// transaction, so the code here runs unchanged on SQLite and PostgreSQL.
// Each driver embeds a Store and keeps only what differs: its connections,
// its writer, its error codes and the SQL that is its own.
package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// Queryer is what reads need: a driver's read pool, or a write
// transaction when a write must see its own rows.
type Queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Tx is a driver's write transaction.
type Tx interface {
	Queryer
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	// InsertID runs an INSERT and returns the new row's id, the way the
	// database tells it (SQLite's last insert id, PostgreSQL's RETURNING).
	InsertID(ctx context.Context, q string, args ...any) (int64, error)
}

// WriteFunc runs fn in the driver's writer transaction and returns once it
// is committed, or has failed and left nothing behind, with the error in
// domain codes.
type WriteFunc func(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error

// Store is the part of a driver that is the same on every database.
type Store struct {
	r         Queryer
	write     WriteFunc
	translate func(error) error
	now       func() time.Time
}

// New builds a Store over a driver: r reads, write writes, translate turns
// the driver's errors into domain codes, and now is the clock the audit
// trail is stamped with.
func New(r Queryer, write WriteFunc, translate func(error) error, now func() time.Time) *Store {
	return &Store{r: r, write: write, translate: translate, now: now}
}
