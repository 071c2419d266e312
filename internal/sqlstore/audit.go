package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"iter"
	"strconv"
	"time"

	"tiepdan/internal/audit"
)

// Record appends an entry to the trail inside the write's transaction, so
// it commits or rolls back with the change it records. at is the time by
// the database's clock, the person and address come from the context (none
// for system work); e says what. before and after, when not nil, are encoded as
// e's Before and After. The head is read inside the transaction: a write
// rolled back to its savepoint takes its row with it, and the next write
// links to the row before.
func Record(ctx context.Context, tx Tx, at time.Time, e audit.Entry, before, after any) error {
	var err error
	if before != nil {
		if e.Before, err = json.Marshal(before); err != nil {
			return err
		}
	}
	if after != nil {
		if e.After, err = json.Marshal(after); err != nil {
			return err
		}
	}
	e.UserID, e.Username, e.Address = nil, "", ""
	if w, ok := audit.WhoFrom(ctx); ok {
		if w.UserID != 0 {
			id := w.UserID
			e.UserID = &id
		}
		e.Username, e.Address = w.Username, w.Address
	}
	e.At = at
	var head audit.Head
	err = tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&head.ID, &head.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e.Link(head)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, user_id, username, address, action, object_type, object_id,
		before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, TS(e.At), e.UserID, e.Username, e.Address, e.Action, e.ObjectType, e.ObjectID,
		jsonText(e.Before), jsonText(e.After), e.PrevHash, e.Hash)
	return err
}

// jsonText stores a JSON document as text, NULL when absent.
func jsonText(j json.RawMessage) any {
	if len(j) == 0 {
		return nil
	}
	return string(j)
}

// RecordAudit puts a read that must be on the trail (a citizen looked up
// by identity number, a protected identity shown) on it, as a write of its
// own. The store sets the time, the person and the chain; e says what was
// read.
func (st *Store) RecordAudit(ctx context.Context, e audit.Entry) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
		return Record(ctx, tx, st.now(), e, nil, nil)
	})
}

const auditColumns = `id, at, user_id, username, address, action, object_type, object_id, before, after, prev_hash, hash`

func scanAudit(s interface{ Scan(...any) error }, e *audit.Entry) error {
	var before, after sql.NullString
	var user sql.NullInt64
	if err := s.Scan(&e.ID, Instant(&e.At), &user, &e.Username, &e.Address, &e.Action, &e.ObjectType, &e.ObjectID,
		&before, &after, &e.PrevHash, &e.Hash); err != nil {
		return err
	}
	e.UserID, e.Before, e.After = nil, nil, nil
	if user.Valid {
		e.UserID = &user.Int64
	}
	if before.Valid {
		e.Before = json.RawMessage(before.String)
	}
	if after.Valid {
		e.After = json.RawMessage(after.String)
	}
	return nil
}

// AuditEntries searches the trail, newest first. Only the object has an
// index; other filters scan the trail from its newest row.
func (st *Store) AuditEntries(ctx context.Context, f audit.Filter) (audit.Page, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.UserID != 0 {
		add(`user_id = ?`, f.UserID)
	}
	if f.Username != "" {
		add(`username = ?`, f.Username)
	}
	if f.Action != "" {
		add(`action = ?`, f.Action)
	}
	if f.ObjectType != "" {
		add(`object_type = ?`, f.ObjectType)
	}
	if f.ObjectID != "" {
		add(`object_id = ?`, f.ObjectID)
	}
	if f.From != nil {
		add(`at >= ?`, TS(*f.From))
	}
	if f.To != nil {
		add(`at < ?`, TS(*f.To))
	}
	cond := WhereClause(where)
	page := audit.Page{Items: []audit.Entry{}}
	if err := st.r.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`+cond, args...).Scan(&page.Total); err != nil {
		return page, st.translate(err)
	}
	rows, err := st.r.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log`+cond+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, st.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e audit.Entry
		if err := scanAudit(rows, &e); err != nil {
			return page, st.translate(err)
		}
		page.Items = append(page.Items, e)
	}
	return page, st.translate(rows.Err())
}

// AuditTrail yields the whole trail in id order, one row at a time, from
// one snapshot of the database: verifying millions of rows holds one.
func (st *Store) AuditTrail(ctx context.Context) iter.Seq2[audit.Entry, error] {
	return func(yield func(audit.Entry, error) bool) {
		rows, err := st.r.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY id`)
		if err != nil {
			yield(audit.Entry{}, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			var e audit.Entry
			if err := scanAudit(rows, &e); err != nil {
				yield(audit.Entry{}, err)
				return
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(audit.Entry{}, err)
		}
	}
}

// IDText is an object id as the trail keeps it.
func IDText(id int64) string { return strconv.FormatInt(id, 10) }
