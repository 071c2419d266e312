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
type writeTx struct {
	*sql.Tx
	cache *stmtCache
}

// stmtCache holds the writer connection's prepared statements. The one
// writer connection is busy with the transaction while statements run, so
// a statement seen for the first time runs unprepared and is prepared
// between transactions (prepareSeen), ready for the next write.
type stmtCache struct {
	mu    sync.Mutex
	conn  *sql.DB
	stmts map[string]*sql.Stmt
	seen  map[string]bool
}

// maxCached bounds the prepared statements kept; statements built for a
// list of values (IN (?, ?, …)) vary in length and are not worth keeping.
const (
	maxCached    = 256
	maxCachedLen = 4000
)

func (c *stmtCache) get(q string) (*sql.Stmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.stmts[q]
	if !ok && len(q) <= maxCachedLen && len(c.stmts)+len(c.seen) < maxCached {
		c.seen[q] = true
	}
	return s, ok
}

// prepareSeen prepares the statements run unprepared since the last call;
// the writer calls it when no transaction holds the connection.
func (c *stmtCache) prepareSeen(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q := range c.seen {
		if s, err := c.conn.PrepareContext(ctx, q); err == nil {
			c.stmts[q] = s
		}
		delete(c.seen, q)
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// ExecContext runs q as a cached prepared statement in the transaction.
func (t *writeTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s, ok := t.cache.get(q); ok {
		return t.Tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, q, args...)
}

// QueryContext runs q as a cached prepared statement in the transaction.
func (t *writeTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s, ok := t.cache.get(q); ok {
		return t.Tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, q, args...)
}

// QueryRowContext runs q as a cached prepared statement in the transaction.
func (t *writeTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if s, ok := t.cache.get(q); ok {
		return t.Tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, q, args...)
}

// InsertID runs an INSERT in the transaction and returns the new row's id.
func (t *writeTx) InsertID(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := t.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
