package sqlite

import (
	"context"
)

// nextNumber returns the next register number of a kind ("visit",
// "petition") for a unit and year: the logbook's STT starts at 1 each year.
func nextNumber(ctx context.Context, tx *writeTx, unitID int64, year int, kind string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `
		INSERT INTO counters (unit_id, year, kind, value) VALUES (?, ?, ?, 1)
		ON CONFLICT (unit_id, year, kind) DO UPDATE SET value = counters.value + 1
		RETURNING value`, unitID, year, kind).Scan(&n)
	return n, err
}
