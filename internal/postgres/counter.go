package postgres

import (
	"context"
)

// nextNumber returns the next register number in a unit's book for the
// year: "visits" or "petitions". The number is read from the register's
// unique (unit_id, year, number) index, whose page the new row writes
// anyway; the one writer makes the read and the insert that follows it
// atomic.
func nextNumber(ctx context.Context, tx queryer, table string, unitID int64, year int) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM `+table+` WHERE unit_id = ? AND year = ?`,
		unitID, year).Scan(&n)
	return n, err
}
