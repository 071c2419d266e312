package postgres

import (
	"context"
	"time"

	"tiepdan/internal/jobs"
	"tiepdan/internal/sqlstore"
)

// AcquireLease takes a job's free or expired lease with one conditional
// UPDATE, or, when the job never ran, an INSERT that loses to a
// concurrent one.
func (db *DB) AcquireLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	var got bool
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE job_leases SET holder = ?, expires_at = ?
			WHERE name = ? AND expires_at < ?`, holder, sqlstore.TS(until), name, sqlstore.TS(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			got = n == 1
			return err
		}
		res, err = tx.ExecContext(ctx, `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, name, holder, sqlstore.TS(until))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		got = n == 1
		return err
	})
	return got, err
}

// RenewLease extends holder's lease; false when it is no longer theirs.
func (db *DB) RenewLease(ctx context.Context, name, holder string, until time.Time) (bool, error) {
	var got bool
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?`, sqlstore.TS(until), name, holder)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		got = n == 1
		return err
	})
	return got, err
}

// ReleaseLease frees holder's lease and records the run.
func (db *DB) ReleaseLease(ctx context.Context, name, holder string, started, finished time.Time, runErr string) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, `UPDATE job_leases SET holder = '', expires_at = ?, last_started_at = ?,
			last_finished_at = ?, last_error = ? WHERE name = ? AND holder = ?`,
			sqlstore.TS(time.Time{}), sqlstore.TS(started), sqlstore.TS(finished), runErr, name, holder)
		return err
	})
}

// JobStatuses returns every job's lease and last run.
func (db *DB) JobStatuses(ctx context.Context) ([]jobs.Status, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT name, holder, expires_at, last_started_at, last_finished_at, last_error
		FROM job_leases ORDER BY name`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []jobs.Status{}
	for rows.Next() {
		var s jobs.Status
		var exp time.Time
		if err := rows.Scan(&s.Name, &s.Holder, sqlstore.Instant(&exp), sqlstore.OptInstant(&s.StartedAt), sqlstore.OptInstant(&s.FinishedAt), &s.LastError); err != nil {
			return nil, translate(err)
		}
		if s.Holder != "" {
			s.ExpiresAt = &exp
		}
		out = append(out, s)
	}
	return out, translate(rows.Err())
}
