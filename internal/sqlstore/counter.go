package sqlstore

import (
	"context"
	"fmt"
)

// NextNumber returns the next register number in a unit's book for the
// year: "visits" or "petitions". The number is read from the register's
// unique (unit_id, year, number) index, whose page the new row writes
// anyway; the driver's writer (SQLite's one writer connection,
// PostgreSQL's write lock) makes the read and the insert that follows it
// atomic.
func NextNumber(ctx context.Context, tx Queryer, table string, unitID int64, year int) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM `+table+` WHERE unit_id = ? AND year = ?`,
		unitID, year).Scan(&n)
	return n, err
}

// FormatNumber is a register number as people read it: "12/2026".
func FormatNumber(n, year int) string { return fmt.Sprintf("%d/%d", n, year) }
