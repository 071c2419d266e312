package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"tiepdan/internal/api"
	"tiepdan/internal/demo"
	"tiepdan/internal/sqlite"
)

// loadDemo loads the demo province into an empty database and, with
// --petitions N, N more petitions in bulk.
func loadDemo(ctx context.Context, db *sqlite.DB, cfg Config, env Env, log *slog.Logger) error {
	isEmpty, err := empty(ctx, db)
	if err != nil {
		return err
	}
	if isEmpty {
		start := time.Now()
		sum, err := demo.Load(ctx, db, env.Now(), 1)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		log.Info("demo data loaded", "units", sum.Units, "users", sum.Users, "visits", sum.Visits, "petitions", sum.Petitions, "took", time.Since(start).Round(time.Millisecond))
	}
	if cfg.Petitions > 0 {
		start := time.Now()
		if err := demo.Bulk(ctx, db, db, cfg.Petitions, env.Now(), 2); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		log.Info("demo petitions generated", "petitions", cfg.Petitions, "took", time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintf(env.Stdout, "Demo users: admin, reception, handler, leader. "+
		"API clients name the acting user in the %s header.\n", api.ActorHeader)
	return nil
}
