package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5"
)

// Lock keys of the transaction-level advisory locks this driver takes.
const (
	// writeLock serializes the write transactions of every node. A write
	// reads the audit trail's head and a register's highest number and
	// appends after them; taken first thing in each write transaction, the
	// lock makes that read and the insert after it atomic across nodes, as
	// SQLite's one writer does for one node, and no two writes can deadlock
	// on it. Each node batches the writes that arrive together into one
	// transaction (see writer), so the lock and the commit's sync to disk
	// are paid once per batch, not once per petition.
	writeLock int64 = 0x7469_6570_0001
	// migrateLock lets one node at a time apply migrations.
	migrateLock int64 = 0x7469_6570_0002
	// Keys from 0x7469_6570_0100 on are left for the scheduler: one lock
	// per job, held by the node that runs it.
)

func pgconnConfig(url string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return cfg, nil
}

// writer queues this node's writes, as the SQLite driver's writer does. No
// goroutine of its own runs them: the write that finds nobody committing
// leads. It
// commits itself and every write queued by then in one transaction, then
// passes the lead to the first write queued during that commit and
// returns. A lone write thus runs on its caller's goroutine with no
// hand-over between goroutines, and under load one commit (one fsync)
// serves up to maxBatch writes.
type writer struct {
	mu      sync.Mutex
	queue   []*writeReq
	leading bool       // a write is committing a batch or about to
	closed  bool       // no write is accepted any more
	idle    *sync.Cond // on mu; signalled when leading turns false
}

// A write is a function run inside the writer's transaction.
type writeReq struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *writeTx) error
	done chan error // errLead when it is this write's turn to lead, then its outcome
}

// maxBatch bounds how many writes share one commit.
const maxBatch = 128

var (
	errClosed = errors.New("postgres: database is closed")
	errLead   = errors.New("postgres: lead the next batch")
)

// write runs fn in the writer's transaction and returns once it is
// committed (or has failed and left nothing behind). Writes that arrive
// while another commits are batched into one transaction, each in its own
// savepoint, and a write that fails is rolled back alone. fn runs with a
// context that is not cancelled, since cancelling a statement would abort
// the whole batch; a caller that gives up before its write is taken
// writes nothing.
func (db *DB) write(ctx context.Context, fn func(ctx context.Context, tx *writeTx) error) error {
	w := &db.writer
	req := &writeReq{ctx: context.WithoutCancel(ctx), fn: fn, done: make(chan error, 1)}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return errClosed
	}
	if err := ctx.Err(); err != nil {
		w.mu.Unlock()
		return err
	}
	w.queue = append(w.queue, req)
	if !w.leading {
		w.leading = true
		w.mu.Unlock()
		return translate(db.lead(req))
	}
	w.mu.Unlock()

	var err error
	select {
	case err = <-req.done:
	case <-ctx.Done():
		if w.withdraw(req) {
			return ctx.Err()
		}
		err = <-req.done
	}
	if err == errLead {
		err = db.lead(req)
	}
	return translate(err)
}

// lead commits the queued writes, req first among them, as one batch, then
// passes the lead on (or gives it up when nothing is queued) and returns
// req's outcome.
func (db *DB) lead(req *writeReq) error {
	w := &db.writer
	w.mu.Lock()
	n := min(len(w.queue), maxBatch)
	batch := slices.Clone(w.queue[:n])
	w.queue = slices.Delete(w.queue, 0, n)
	w.mu.Unlock()

	db.commit(batch)

	w.mu.Lock()
	if len(w.queue) > 0 {
		w.queue[0].done <- errLead
	} else {
		w.leading = false
		w.idle.Broadcast()
	}
	w.mu.Unlock()
	return <-req.done
}

// withdraw takes a write whose caller gave up out of the queue, unless it
// has been taken into a batch or been given the lead.
func (w *writer) withdraw(req *writeReq) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	i := slices.Index(w.queue, req)
	if i < 0 || len(req.done) > 0 {
		return false
	}
	w.queue = slices.Delete(w.queue, i, i+1)
	return true
}

// shut refuses new writes and waits until those queued are committed.
func (w *writer) shut() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	for w.leading {
		w.idle.Wait()
	}
}

// commit runs a batch in one transaction and tells each write its outcome.
func (db *DB) commit(batch []*writeReq) {
	results := make([]error, len(batch))
	defer func() {
		for i, r := range batch {
			r.done <- results[i]
		}
	}()
	bg := context.Background()
	sqlTx, err := db.sql.BeginTx(bg, nil)
	if err == nil {
		if _, err = sqlTx.ExecContext(bg, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
			sqlTx.Rollback()
		}
	}
	if err != nil {
		for i := range results {
			results[i] = err
		}
		return
	}
	tx := &writeTx{tx: sqlTx}
	if len(batch) == 1 {
		if results[0] = run(batch[0], tx); results[0] != nil {
			tx.tx.Rollback()
			return
		}
		results[0] = tx.tx.Commit()
		return
	}
	for i, r := range batch {
		if _, err := tx.ExecContext(bg, `SAVEPOINT write`); err != nil {
			db.abort(tx, results, err)
			return
		}
		if results[i] = run(r, tx); results[i] != nil {
			if _, err := tx.ExecContext(bg, `ROLLBACK TO write`); err != nil {
				db.abort(tx, results, err)
				return
			}
		}
		if _, err := tx.ExecContext(bg, `RELEASE write`); err != nil {
			db.abort(tx, results, err)
			return
		}
	}
	if err := tx.tx.Commit(); err != nil {
		for i := range results {
			if results[i] == nil {
				results[i] = err
			}
		}
	}
}

// run calls a write's function; a panic in it fails that write alone
// (rolled back to its savepoint) instead of the writer and the process.
func run(r *writeReq, tx *writeTx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("postgres: write panicked: %v", p)
		}
	}()
	return r.fn(r.ctx, tx)
}

// abort rolls the whole batch back: every write that had succeeded so far
// fails with err, so none is acknowledged without being committed.
func (db *DB) abort(tx *writeTx, results []error, err error) {
	tx.tx.Rollback()
	for i := range results {
		if results[i] == nil {
			results[i] = err
		}
	}
}

// conn is the pool as the queries see it: they are written with SQLite's
// ? placeholders and rebound to $n once (see rebind).
type conn struct{ db *sql.DB }

func (c *conn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q, args = rebind(q, args)
	return c.db.QueryContext(ctx, q, args...)
}

func (c *conn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	q, args = rebind(q, args)
	return c.db.QueryRowContext(ctx, q, args...)
}

func (c *conn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q, args = rebind(q, args)
	return c.db.ExecContext(ctx, q, args...)
}

// writeTx is a write's transaction.
type writeTx struct{ tx *sql.Tx }

func (t *writeTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q, args = rebind(q, args)
	return t.tx.ExecContext(ctx, q, args...)
}

func (t *writeTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q, args = rebind(q, args)
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *writeTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	q, args = rebind(q, args)
	return t.tx.QueryRowContext(ctx, q, args...)
}

// InsertID runs an INSERT … RETURNING id and returns the id.
func (t *writeTx) InsertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, q+` RETURNING id`, args...).Scan(&id)
	return id, err
}

// PrepareContext prepares a statement for the transaction.
func (t *writeTx) PrepareContext(ctx context.Context, q string) (*stmt, error) {
	q, _ = rebind(q, nil)
	s, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &stmt{s}, nil
}

// stmt is a prepared statement whose arguments are converted as rebind
// converts them.
type stmt struct{ s *sql.Stmt }

func (s *stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return s.s.ExecContext(ctx, convertArgs(args)...)
}

func (s *stmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return s.s.QueryRowContext(ctx, convertArgs(args)...)
}

// insertID runs a prepared INSERT … RETURNING id and returns the id.
func (s *stmt) insertID(ctx context.Context, args ...any) (int64, error) {
	var id int64
	err := s.QueryRowContext(ctx, args...).Scan(&id)
	return id, err
}

func (s *stmt) Close() error { return s.s.Close() }
