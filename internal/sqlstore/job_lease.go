package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"tiepdan/internal/jobs"
)

// AcquireLease takes a job's free or expired lease with one conditional
// UPDATE, or, when the job never ran, an INSERT that loses to a
// concurrent one.
func (st *Store) AcquireLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	var got bool
	err := st.write(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if got, err = oneRow(tx.ExecContext(ctx, `UPDATE job_leases SET holder = ?, expires_at = ?
			WHERE name = ? AND expires_at < ?`, holder, TS(until), name, TS(now))); err != nil || got {
			return err
		}
		got, err = oneRow(tx.ExecContext(ctx, `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, name, holder, TS(until)))
		return err
	})
	return got, err
}

// RenewLease extends holder's lease; false when it is no longer theirs.
func (st *Store) RenewLease(ctx context.Context, name, holder string, until time.Time) (bool, error) {
	var got bool
	err := st.write(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		got, err = oneRow(tx.ExecContext(ctx, `UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?`, TS(until), name, holder))
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

// oneRow reports whether a statement changed exactly one row.
func oneRow(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
