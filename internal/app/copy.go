package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"tiepdan/internal/postgres"
	"tiepdan/internal/sqlite"
	"tiepdan/internal/store"
	"tiepdan/internal/transfer"
)

// copyDatabase moves a SQLite database into an empty PostgreSQL one
// (tiepdan copy --from sqlite:PATH --to postgres://…), then compares every
// table's row count and checksum on both sides and prints them. A
// difference is an error. The source is only read; stop the app first so
// that nothing is written to it during the copy.
func copyDatabase(ctx context.Context, cfg Config, env Env, log *slog.Logger) error {
	if cfg.From == "" || store.IsPostgres(cfg.From) || !store.IsPostgres(cfg.To) {
		return errors.New("tiepdan copy --from sqlite:PATH --to postgres://USER@HOST:PORT/DB")
	}
	path := store.SQLitePath(cfg.From)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	start := time.Now()
	src, err := sqlite.Open(ctx, path, sqlite.Options{Now: env.Now}, log)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, cfg.To, postgres.Options{Now: env.Now, Empty: true}, log)
	if err != nil {
		return err
	}
	defer dst.Close()
	checks, err := transfer.Copy(ctx, src, dst)
	if err != nil {
		return err
	}
	if err := dst.OptimizeSearch(ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "table\tsqlite rows\tpostgres rows\tchecksum\t")
	bad := 0
	for _, c := range checks {
		state := c.SourceSum[:16]
		if !c.OK() {
			state = "DIFFERS: " + c.SourceSum[:16] + " / " + c.TargetSum[:16]
			bad++
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\t\n", c.Table, c.SourceRows, c.TargetRows, state)
	}
	w.Flush()
	if bad > 0 {
		return fmt.Errorf("copy: %d tables differ", bad)
	}
	log.Info("database copied and verified", "tables", len(checks), "took", time.Since(start).Round(time.Millisecond))
	fmt.Fprintln(env.Stdout, "every table copied and verified")
	return nil
}
