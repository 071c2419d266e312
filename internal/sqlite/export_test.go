package sqlite

import "context"

// ExecForTest runs a statement in the writer's transaction, for tests that
// need more rows than the services write in reasonable time.
func (db *DB) ExecForTest(ctx context.Context, q string, args ...any) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
}
