package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/postgres"
	"tiepdan/internal/store"
)

// Version is set at build time with -ldflags "-X tiepdan/internal/app.Version=...".
var Version = "dev"

// Env is what the program gets from the outside world.
type Env struct {
	Args   []string // without the program name
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
}

// Run runs one subcommand until it ends or ctx is cancelled.
func Run(ctx context.Context, env Env) error {
	if env.Now == nil {
		env.Now = time.Now
	}
	cmd, cfg, err := parse(env.Args, env.Getenv, env.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	log := newLogger(cfg, env.Stderr)
	switch cmd {
	case "version":
		fmt.Fprintln(env.Stdout, "tiepdan", Version)
		return nil
	case "help":
		fmt.Fprintf(env.Stdout, "usage: tiepdan [%s] [flags]\n", strings.Join(commands, "|"))
		return nil
	}

	if cmd == "copy" {
		return copyDatabase(ctx, cfg, env, log)
	}
	if cmd == "audit" {
		// Verifying checks a database; it must not create an empty one.
		if err := mustExist(ctx, cfg.DB); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, cfg, env.Now, log)
	if err != nil {
		return err
	}
	defer db.Close()

	switch cmd {
	case "migrate":
		log.Info("database is up to date", "db", cfg.DB)
		return nil
	case "demo":
		return loadDemo(ctx, db, cfg, env, log)
	case "user":
		return userCommand(ctx, db, cfg, env)
	case "audit":
		return verifyAudit(ctx, db, env.Stdout)
	case "jobs":
		return jobsCommand(ctx, db, cfg, env, log)
	}
	return serve(ctx, db, cfg, env, log)
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openDB opens the database the configuration names: PostgreSQL for a
// postgres:// URL, else a SQLite file; now stamps the audit trail.
func openDB(ctx context.Context, cfg Config, now func() time.Time, log *slog.Logger) (store.DB, error) {
	if !store.IsPostgres(cfg.DB) && strings.Contains(cfg.DB, "://") {
		return nil, fmt.Errorf("--db %q: a SQLite file or a postgres:// URL", cfg.DB)
	}
	return store.Open(ctx, cfg.DB, store.Options{SQLiteSync: cfg.SQLiteSync, SQLiteMmap: int64(cfg.SQLiteMmapMB) << 20, Now: now}, log)
}

// mustExist refuses a database setting that names no tiepdan database yet.
func mustExist(ctx context.Context, setting string) error {
	if !store.IsPostgres(setting) {
		if _, err := os.Stat(store.SQLitePath(setting)); err != nil {
			return fmt.Errorf("--db: %w", err)
		}
		return nil
	}
	ok, err := postgres.Migrated(ctx, setting)
	if err != nil {
		return fmt.Errorf("--db: %w", err)
	}
	if !ok {
		return errors.New("--db: the database holds no tiepdan data (run tiepdan migrate first)")
	}
	return nil
}

// empty reports whether the database has no unit yet.
func empty(ctx context.Context, st org.Store) (bool, error) {
	us, err := st.Units(ctx)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return false, err
	}
	return len(us) == 0, nil
}
