package sqlstore

import (
	"context"
	"time"

	"tiepdan/internal/jobs"
)

// AcquireLease takes a job's free or expired lease with one conditional
// UPDATE, or, when the job never ran, an INSERT that loses to a
// concurrent one.
func (st *Store) AcquireLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	var got bool
	err := st.write(ctx, func(ctx context.Context, tx Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE job_leases SET holder = ?, expires_at = ?
			WHERE name = ? AND expires_at < ?`, holder, TS(until), name, TS(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			got = n == 1
			return err
		}
		res, err = tx.ExecContext(ctx, `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, name, holder, TS(until))
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
func (st *Store) RenewLease(ctx context.Context, name, holder string, until time.Time) (bool, error) {
	var got bool
	err := st.write(ctx, func(ctx context.Context, tx Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?`, TS(until), name, holder)
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
func (st *Store) ReleaseLease(ctx context.Context, name, holder string, started, finished time.Time, runErr string) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE job_leases SET holder = '', expires_at = ?, last_started_at = ?,
			last_finished_at = ?, last_error = ? WHERE name = ? AND holder = ?`,
			TS(time.Time{}), TS(started), TS(finished), runErr, name, holder)
		return err
	})
}

// JobStatuses returns every job's lease and last run.
func (st *Store) JobStatuses(ctx context.Context) ([]jobs.Status, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT name, holder, expires_at, last_started_at, last_finished_at, last_error
		FROM job_leases ORDER BY name`)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	out := []jobs.Status{}
	for rows.Next() {
		var s jobs.Status
		var exp time.Time
		if err := rows.Scan(&s.Name, &s.Holder, Instant(&exp), OptInstant(&s.StartedAt), OptInstant(&s.FinishedAt), &s.LastError); err != nil {
			return nil, st.translate(err)
		}
		if s.Holder != "" {
			s.ExpiresAt = &exp
		}
		out = append(out, s)
	}
	return out, st.translate(rows.Err())
}
