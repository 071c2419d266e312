package sqlite

import (
	"context"
	"strings"
	"time"

	"tiepdan/internal/notify"
	"tiepdan/internal/sqlstore"
)

// Post stores the notifications whose key is new, each with its key and
// deliveries, in one transaction of a few statements per few hundred
// notifications: rows go in multi-row INSERTs, so a scan's batch of
// thousands of reminders costs a handful of statements, not two per
// reminder. The notifications' ids are drawn first (the writer holds the
// write lock, so the largest id cannot move), so each key names its own. A
// notification none of whose keys is new (ON CONFLICT DO NOTHING returns no
// row for a key already there) went out before: it is deleted again.
// Callers check the keys first, so that is rare.
func (db *DB) Post(ctx context.Context, out []notify.Outgoing, route notify.Route, at time.Time) (int, error) {
	if len(out) == 0 {
		return 0, nil
	}
	now := sqlstore.TS(at)
	params, err := notify.ParamsJSON(out)
	if err != nil {
		return 0, err
	}
	var posted int
	err = db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		posted = 0
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM notifications`).Scan(&last); err != nil {
			return err
		}
		first := last + 1
		for lo := 0; lo < len(out); lo += postChunk {
			part := out[lo:min(lo+postChunk, len(out))]
			args := make([]any, 0, 9*len(part)+1)
			args = append(args, now)
			for i, o := range part {
				args = append(args, first+int64(lo+i), o.Key.UserID, o.Kind, o.Subject, o.Body, o.Message, params[lo+i], nullID(o.PetitionID), o.Link)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (created_at, id, user_id, kind, subject, body, message, params, petition_id, link) VALUES `+
				rowsOf(len(part), "(?1, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), args...); err != nil {
				return err
			}
		}
		// Each notification's keys; a notification with a new one is kept.
		kept := map[int64]bool{}
		args := []any{now}
		flush := func() error {
			n := (len(args) - 1) / 5
			if n == 0 {
				return nil
			}
			rows, err := tx.QueryContext(ctx, `INSERT INTO sent_reminders (created_at, topic, object_id, step, user_id, notification_id) VALUES `+
				rowsOf(n, "(?1, ?, ?, ?, ?, ?)")+` ON CONFLICT (topic, object_id, step, user_id) DO NOTHING RETURNING notification_id`, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				kept[id] = true
			}
			args = args[:1]
			return rows.Err()
		}
		for i, o := range out {
			for _, k := range o.Keys() {
				args = append(args, k.Topic, k.ObjectID, k.Step, k.UserID, first+int64(i))
				if len(args) > 5*keyChunk {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		lastID := first + int64(len(out)) - 1
		if len(kept) < len(out) {
			// Sent before (by another node, or a run that checked SentKeys
			// before this one committed): take those back.
			var taken []int64
			for id := first; id <= lastID; id++ {
				if !kept[id] {
					taken = append(taken, id)
				}
			}
			for len(taken) > 0 {
				part := taken[:min(500, len(taken))]
				taken = taken[len(part):]
				if _, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE id IN (`+sqlstore.Placeholders(len(part))+`)`, sqlstore.IDArgs(part)...); err != nil {
					return err
				}
			}
		}
		if len(kept) == 0 {
			return nil
		}
		if route.Email {
			if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (notification_id, channel, address, status, next_at, created_at)
				SELECT n.id, 'email', u.email, 'pending', ?, ? FROM notifications n JOIN users u ON u.id = n.user_id
				WHERE n.id BETWEEN ? AND ? AND u.email <> '' ORDER BY n.id`, now, now, first, lastID); err != nil {
				return err
			}
		}
		if route.Webhook != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (notification_id, channel, address, status, next_at, created_at)
				SELECT id, 'webhook', ?, 'pending', ?, ? FROM notifications WHERE id BETWEEN ? AND ? ORDER BY id`,
				route.Webhook, now, now, first, lastID); err != nil {
				return err
			}
		}
		posted = len(kept)
		return nil
	})
	return posted, err
}

// postChunk and keyChunk are how many notifications and keys one INSERT
// holds: nine and five values each and the time they share (?1, named
// first so that each plain ? after it takes the next number), well under
// SQLite's limit of bound parameters.
const (
	postChunk = 300
	keyChunk  = 500
)

// rowsOf repeats a row of VALUES n times.
func rowsOf(n int, row string) string {
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// nullID stores an id of 0 (none) as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
