package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// writer queues the writes for the one writer connection. No goroutine of
// its own runs them: the write that finds nobody committing leads. It
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
	errClosed = errors.New("sqlite: database is closed")
	errLead   = errors.New("sqlite: lead the next batch")
)

// write runs fn in the writer's transaction and returns once it is
// committed (or has failed and left nothing behind). Writes that arrive
// while another commits are batched into one transaction, each in its own
// savepoint, and a write that fails is rolled back alone. fn runs with a
// context that is not cancelled, since interrupting SQLite mid-statement
// would roll back the whole batch; a caller that gives up before its
// write is taken writes nothing.
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
	db.stmts.prepareSeen(context.Background())

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
	tx := &writeTx{conn: db.wc, cache: db.stmts}
	if err := tx.begin(); err != nil {
		for i := range results {
			results[i] = err
		}
		return
	}
	if len(batch) == 1 {
		if results[0] = run(batch[0], tx); results[0] != nil {
			tx.rollback()
			return
		}
		results[0] = tx.commit()
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
	if err := tx.commit(); err != nil {
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
			err = fmt.Errorf("sqlite: write panicked: %v", p)
		}
	}()
	return r.fn(r.ctx, tx)
}

// abort rolls the whole batch back: every write that had succeeded so far
// fails with err, so none is acknowledged without being committed.
func (db *DB) abort(tx *writeTx, results []error, err error) {
	tx.rollback()
	for i := range results {
		if results[i] == nil {
			results[i] = err
		}
	}
}

// begin begins the transaction. Should a transaction be left open on the
// connection (a ROLLBACK that failed), it is rolled back and begun again
// once, rather than every later write failing; a busy database is not
// waited for twice.
func (t *writeTx) begin() error {
	_, err := t.conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`)
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrError {
		t.rollback()
		_, err = t.conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`)
	}
	return err
}

// commit commits the transaction. A commit that fails may leave it open
// (SQLITE_BUSY does) or have rolled it back already (an I/O error does):
// it is rolled back either way, so the next write begins afresh.
func (t *writeTx) commit() error {
	t.closeRows()
	if _, err := t.conn.ExecContext(context.Background(), `COMMIT`); err != nil {
		t.rollback()
		return err
	}
	return nil
}

// rollback ends the transaction, undoing everything in it; rolling back
// a transaction SQLite already ended is no error worth reporting.
func (t *writeTx) rollback() {
	t.closeRows()
	t.conn.ExecContext(context.Background(), `ROLLBACK`)
}
