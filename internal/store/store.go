// Package store names everything the program asks of its database and
// opens the driver the database setting names: SQLite for a file, the
// embedded default, or PostgreSQL for a postgres:// URL, which several app
// nodes share.
package store

import (
	"context"
	"iter"
	"log/slog"
	"strings"
	"time"

	"tiepdan/internal/api"
	"tiepdan/internal/attachment"
	"tiepdan/internal/audit"
	"tiepdan/internal/auth"
	"tiepdan/internal/deadline"
	"tiepdan/internal/demo"
	"tiepdan/internal/jobs"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/postgres"
	"tiepdan/internal/reminder"
	"tiepdan/internal/report"
	"tiepdan/internal/retention"
	"tiepdan/internal/schedule"
	"tiepdan/internal/sqlite"
	"tiepdan/internal/visit"
)

// DB is every store interface of the domain, as each driver implements
// it. A store interface added to a domain package is added here too: a
// driver that lacks one of its methods then fails to build (see the
// assertions below) instead of failing when the program is wired.
type DB interface {
	petition.Store
	petition.Rules
	petition.FieldStore
	petition.Confidentiality
	deadline.Store
	org.Store
	visit.Store
	auth.Store
	attachment.Store
	report.Store
	report.Units
	demo.Store
	demo.BulkStore
	api.CitizenFinder
	api.AuditLog
	jobs.LeaseStore
	notify.Store
	reminder.Store
	schedule.Store
	retention.Store

	// AuditTrail yields the whole trail in id order, for verification.
	AuditTrail(ctx context.Context) iter.Seq2[audit.Entry, error]
	// OptimizeSearch prepares the search index for reading after a bulk load.
	OptimizeSearch(ctx context.Context) error
	Ping(ctx context.Context) error
	Close() error
}

var (
	_ DB = (*sqlite.DB)(nil)
	_ DB = (*postgres.DB)(nil)
)

// Options tune the driver.
type Options struct {
	// SQLiteSync is SQLite's synchronous pragma (see sqlite.Options).
	SQLiteSync string
	// SQLiteMmap is how many bytes of the file each SQLite reader maps
	// (see sqlite.Options).
	SQLiteMmap int64
	// Now is the clock the audit trail is stamped with.
	Now func() time.Time
}

// IsPostgres reports whether a database setting names a PostgreSQL server.
func IsPostgres(setting string) bool { return postgres.IsURL(setting) }

// SQLitePath is the file a SQLite setting names (a path, or sqlite:path).
func SQLitePath(setting string) string { return strings.TrimPrefix(setting, "sqlite:") }

// Open opens the database a setting names and applies pending migrations.
func Open(ctx context.Context, setting string, opts Options, log *slog.Logger) (DB, error) {
	if IsPostgres(setting) {
		return postgres.Open(ctx, setting, postgres.Options{Now: opts.Now}, log)
	}
	return sqlite.Open(ctx, SQLitePath(setting), sqlite.Options{Synchronous: opts.SQLiteSync, Mmap: opts.SQLiteMmap, Now: opts.Now}, log)
}
