// Package sqlite is the embedded storage driver: every store interface of
// the domain, over one SQLite file.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"

	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
	"tiepdan/migrations"
)

// Options tune how the file is opened.
type Options struct {
	// Synchronous is SQLite's synchronous pragma: FULL (the default) syncs
	// the write-ahead log on every commit, so an acknowledged petition
	// survives a power cut; NORMAL is faster and may lose the last
	// commits on power loss (never on a crash of the program alone).
	Synchronous string
	// Readers is the size of the read pool (default 4).
	Readers int
	// Mmap is how many bytes of the file each reader maps into memory
	// (SQLite's mmap_size; 0, the default, maps nothing). Mapped pages are
	// read without a copy, but each reader maps the file for itself and
	// every page it touches counts in the process's resident memory once
	// per reader; on a million petitions, searches and listings took the
	// same time either way. Without it, reads go through each
	// connection's page cache, bounded by cache_size, and the kernel's
	// file cache.
	Mmap int64
	// Now is the clock the audit trail is stamped with (time.Now when nil).
	Now func() time.Time
}

// DB is an open database: a pool of readers and exactly one writer.
type DB struct {
	// Store holds the methods whose SQL is the same on every driver.
	*sqlstore.Store

	r       *sql.DB
	w       *sql.DB
	wc      *sql.Conn // w's one connection, held by the writer once migrated
	readers int       // the size of r's pool

	writer   writer
	closed   chan struct{}
	close    sync.Once
	closeErr error // what Close returned
	indexer  sync.WaitGroup
	stmts    *stmtCache
	now      func() time.Time
}

// Open opens (creating if needed) the database file at path and applies
// pending migrations.
func Open(ctx context.Context, path string, opts Options, log *slog.Logger) (*DB, error) {
	syncMode := strings.ToUpper(opts.Synchronous)
	if syncMode == "" {
		syncMode = "FULL"
	}
	if syncMode != "FULL" && syncMode != "NORMAL" && syncMode != "EXTRA" {
		return nil, fmt.Errorf("sqlite: synchronous must be FULL, NORMAL or EXTRA, not %q", opts.Synchronous)
	}
	if opts.Readers <= 0 {
		opts.Readers = 4
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	keepFreedMemory()
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")   // readers never block the writer, nor it them
	q.Set("_foreign_keys", "on")    // references are enforced, not trusted
	q.Set("_busy_timeout", "10000") // wait for a lock (e.g. a checkpoint) instead of failing
	q.Set("_synchronous", syncMode) // see Options.Synchronous
	q.Set("_cache_size", "-16000")  // 16 MB of page cache per connection
	dsn := "file:" + path + "?"

	// The writer begins every transaction IMMEDIATE (write.go), taking the
	// write lock up front, so that another process's writes wait instead
	// of failing with "database is locked" on upgrade; _txlock does the
	// same for the migrations' transactions.
	wq := url.Values{}
	for k, v := range q {
		wq[k] = v
	}
	wq.Set("_txlock", "immediate")
	// With a sync at every commit, the writer writes each transaction's
	// log in one system call rather than two per page (walvfs.c). Readers
	// never write the log and keep the default VFS.
	if syncMode != "NORMAL" {
		if vfs := walVFS(); vfs != "" {
			wq.Set("vfs", vfs)
		}
	}
	// The log is checkpointed into the database file every 8,000 pages
	// rather than SQLite's 1,000: a petition's commit writes about twenty
	// pages, and each checkpoint syncs the database file as well.
	w := sql.OpenDB(connector{dsn: dsn + wq.Encode(), driver: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec(`PRAGMA wal_autocheckpoint = 8000`, nil)
			return err
		},
	}})
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)

	if opts.Mmap < 0 {
		return nil, fmt.Errorf("sqlite: mmap size %d is negative", opts.Mmap)
	}
	r := sql.OpenDB(connector{dsn: dsn + q.Encode(), driver: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec(`PRAGMA mmap_size = `+strconv.FormatInt(opts.Mmap, 10), nil)
			return err
		},
	}})
	r.SetMaxOpenConns(opts.Readers)
	r.SetMaxIdleConns(opts.Readers)

	db := &DB{r: r, w: w, readers: opts.Readers, closed: make(chan struct{}), now: opts.Now}
	db.Store = sqlstore.New(r, db.writeShared, translate, opts.Now)
	db.writer.idle = sync.NewCond(&db.writer.mu)
	if err := db.migrate(ctx, log); err != nil {
		db.Close()
		return nil, err
	}
	wc, err := w.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db.wc, db.stmts = wc, newStmtCache(wc)
	if err := db.Seed(ctx, time.Now()); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: seed: %w", err)
	}
	if err := db.write(ctx, reindexMoved); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: search: %w", err)
	}
	db.indexer.Add(1)
	go func() {
		defer db.indexer.Done()
		db.indexLoop(2 * time.Second)
	}()
	return db, nil
}

func (db *DB) migrate(ctx context.Context, log *slog.Logger) error {
	sub, err := fs.Sub(migrations.SQLite, "sqlite")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.w, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	for _, r := range res {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	return nil
}

// connector opens connections with a driver of our own, so a connection
// hook needs no global driver registration.
type connector struct {
	dsn    string
	driver *sqlite3.SQLiteDriver
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.driver }

// Close stops the writer once the write in progress is done, then closes
// both pools.
// Closing again returns what the first Close returned.
func (db *DB) Close() error {
	db.close.Do(func() {
		close(db.closed)
		db.indexer.Wait()
		db.writer.shut()
		var errConn error
		if db.wc != nil {
			db.stmts.close()
			errConn = db.wc.Close()
		}
		db.closeErr = errors.Join(db.r.Close(), errConn, db.w.Close())
	})
	return db.closeErr
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.r.PingContext(ctx)
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
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			return fault.Wrap(fault.Conflict, "conflict.duplicate", err)
		case sqlite3.ErrConstraintForeignKey:
			return fault.Wrap(fault.Invalid, "invalid.reference", err)
		case sqlite3.ErrConstraintCheck, sqlite3.ErrConstraintNotNull:
			return fault.Wrap(fault.Invalid, "invalid.input", err)
		}
	}
	return fault.Wrap(fault.Internal, "internal", err)
}

// writeShared runs a write of the shared store in the writer's transaction.
func (db *DB) writeShared(ctx context.Context, fn func(ctx context.Context, tx sqlstore.Tx) error) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error { return fn(ctx, tx) })
}
