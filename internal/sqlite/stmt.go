package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// writeTx is the writer's transaction. Its statements are prepared once on the
// writer connection and reused: preparing costs about as much as running
// the small statements a petition writes, and the writer is the one
// serial part of every write.
//
// It runs on the writer connection held as a *sql.Conn, between a BEGIN
// and a COMMIT of its own (DB.commit), rather than as a *sql.Tx: a
// *sql.Tx starts a goroutine for itself and one for every row set read
// in it, to watch for a cancellation that writes never have, and on a
// one-petition commit those goroutines and the wake-ups they cause took a
// measurable share of the time.
type writeTx struct {
	conn  *sql.Conn
	cache *stmtCache
	rows  []*sql.Rows // every row set read, closed before the transaction ends
}

// stmtCache holds the writer connection's prepared statements. A statement
// seen for the first time runs unprepared and is prepared after the
// transaction (prepareSeen), once its writes are answered, ready for the
// next write. When the cache is full, the statement used least recently
// makes room: statements built for lists (IN (?, ?, …), multi-row VALUES)
// come in every length and must not keep the everyday ones out.
type stmtCache struct {
	mu    sync.Mutex
	conn  *sql.Conn
	stmts map[string]*cachedStmt
	seen  map[string]bool
	clock uint64 // counts uses; a statement remembers its last
}

type cachedStmt struct {
	stmt *sql.Stmt
	used uint64
}

func newStmtCache(conn *sql.Conn) *stmtCache {
	return &stmtCache{conn: conn, stmts: map[string]*cachedStmt{}, seen: map[string]bool{}}
}

// maxCached bounds the prepared statements kept, and the statements
// waiting to be prepared; longer statements are never kept.
const (
	maxCached    = 256
	maxCachedLen = 4000
)

func (c *stmtCache) get(q string) (*sql.Stmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clock++
	if s, ok := c.stmts[q]; ok {
		s.used = c.clock
		return s.stmt, true
	}
	if len(q) <= maxCachedLen && len(c.seen) < maxCached {
		c.seen[q] = true
	}
	return nil, false
}

// prepareSeen prepares the statements run unprepared since the last call,
// closing the least recently used ones to stay within maxCached; the
// writer calls it when no transaction holds the connection.
func (c *stmtCache) prepareSeen(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q := range c.seen {
		delete(c.seen, q)
		if len(c.stmts) >= maxCached {
			c.evict()
		}
		if s, err := c.conn.PrepareContext(ctx, q); err == nil {
			c.stmts[q] = &cachedStmt{stmt: s, used: c.clock}
		}
	}
}

// evict closes the statement used least recently.
func (c *stmtCache) evict() {
	var oldest string
	var at uint64
	for q, s := range c.stmts {
		if oldest == "" || s.used < at {
			oldest, at = q, s.used
		}
	}
	c.stmts[oldest].stmt.Close()
	delete(c.stmts, oldest)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.stmt.Close()
	}
	c.stmts = map[string]*cachedStmt{}
}

// ExecContext runs q as a cached prepared statement in the transaction.
func (t *writeTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s, ok := t.cache.get(q); ok {
		return s.ExecContext(ctx, args...)
	}
	return t.conn.ExecContext(ctx, q, args...)
}

// QueryContext runs q as a cached prepared statement in the transaction.
// Row sets a write leaves open are closed when the transaction ends, as a
// *sql.Tx would: one still open would keep the connection from closing.
func (t *writeTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	var rows *sql.Rows
	var err error
	if s, ok := t.cache.get(q); ok {
		rows, err = s.QueryContext(ctx, args...)
	} else {
		rows, err = t.conn.QueryContext(ctx, q, args...)
	}
	if err == nil {
		t.rows = append(t.rows, rows)
	}
	return rows, err
}

// closeRows closes the row sets the transaction's writes read.
func (t *writeTx) closeRows() {
	for _, r := range t.rows {
		r.Close()
	}
	t.rows = nil
}

// QueryRowContext runs q as a cached prepared statement in the transaction;
// the caller scans the row, which closes it.
func (t *writeTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if s, ok := t.cache.get(q); ok {
		return s.QueryRowContext(ctx, args...)
	}
	return t.conn.QueryRowContext(ctx, q, args...)
}

// PrepareContext prepares q on the writer connection, for a statement a
// write runs many times; the caller closes it.
func (t *writeTx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.conn.PrepareContext(ctx, q)
}

// InsertID runs an INSERT in the transaction and returns the new row's id.
func (t *writeTx) InsertID(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := t.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
