// Package postgres is the storage driver for deployments that outgrow one
// machine: every store interface of the domain, over one PostgreSQL
// database that several app nodes share.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
	"tiepdan/migrations"
)

// Options tune the connection pool.
type Options struct {
	// Conns bounds the connections this node opens (default 16).
	Conns int
	// Now is the clock the audit trail is stamped with (time.Now when nil).
	Now func() time.Time
	// Empty leaves a new database as the migrations make it, without the
	// default rule sets and holidays: the target of a copy.
	Empty bool
}

// DB is an open database: one pool that reads and writes.
type DB struct {
	// Store holds the methods whose SQL is the same on every driver.
	*sqlstore.Store

	sql     *sql.DB
	r       *conn
	writer  writer
	closed  chan struct{}
	close   sync.Once
	indexer sync.WaitGroup
	now     func() time.Time
}

// IsURL reports whether a database setting names a PostgreSQL server.
func IsURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database at url (postgres://…) and applies pending
// migrations.
func Open(ctx context.Context, url string, opts Options, log *slog.Logger) (*DB, error) {
	if opts.Conns <= 0 {
		opts.Conns = 16
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cfg, err := pgconnConfig(url)
	if err != nil {
		return nil, err
	}
	s := stdlib.OpenDB(*cfg)
	s.SetMaxOpenConns(opts.Conns)
	s.SetMaxIdleConns(opts.Conns)
	s.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{sql: s, r: &conn{s}, closed: make(chan struct{}), now: opts.Now}
	db.Store = sqlstore.New(db.r, db.writeShared, translate, opts.Now)
	db.writer.idle = sync.NewCond(&db.writer.mu)
	if err := s.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := db.migrate(ctx, log); err != nil {
		s.Close()
		return nil, err
	}
	if !opts.Empty {
		if err := db.Seed(ctx, time.Now()); err != nil {
			s.Close()
			return nil, fmt.Errorf("postgres: seed: %w", err)
		}
	}
	db.indexer.Add(1)
	go func() {
		defer db.indexer.Done()
		db.indexLoop(2 * time.Second)
	}()
	return db, nil
}

func (db *DB) migrate(ctx context.Context, log *slog.Logger) error {
	sub, err := fs.Sub(migrations.Postgres, "postgres")
	if err != nil {
		return err
	}
	// Nodes starting together migrate one at a time: the first applies
	// what is pending, the others find nothing left to do.
	c, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrateLock); err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	defer c.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLock)
	p, err := goose.NewProvider(goose.DialectPostgres, db.sql, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	for _, r := range res {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	return nil
}

// Close stops the background indexer and the writer, once the write in
// progress is done, then closes the pool.
func (db *DB) Close() error {
	db.close.Do(func() { close(db.closed) })
	db.indexer.Wait()
	db.writer.shut()
	return db.sql.Close()
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.sql.PingContext(ctx)
}

// translate turns driver errors into domain codes; errors that already
// carry a code pass through.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var fe *fault.Error
	if errors.As(err, &fe) || errors.Is(err, petition.ErrStalePlan) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fault.Wrap(fault.NotFound, "not_found", err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return fault.Wrap(fault.Conflict, "conflict.duplicate", err)
		case "23503": // foreign_key_violation
			return fault.Wrap(fault.Invalid, "invalid.reference", err)
		case "23514", "23502", "22001": // check, not null, value too long
			return fault.Wrap(fault.Invalid, "invalid.input", err)
		}
	}
	return fault.Wrap(fault.Internal, "internal", err)
}

// writeShared runs a write of the shared store in the writer's transaction.
func (db *DB) writeShared(ctx context.Context, fn func(ctx context.Context, tx sqlstore.Tx) error) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error { return fn(ctx, tx) })
}
