package postgres

import (
	"context"
	"slices"
	"time"

	"tiepdan/internal/fault"
	"tiepdan/internal/notify"
	"tiepdan/internal/sqlstore"
)

// Post stores the notifications whose key is new, each with its key and
// deliveries, in one transaction of a few statements whatever their
// number: the rows travel as arrays (unnest), so a scan's batch of
// thousands of reminders holds the write lock for a handful of round trips,
// not three per reminder. The notifications' ids are drawn first, so each
// key names its own. A key already there (ON CONFLICT DO NOTHING returns
// no row for it) means this reminder went out before: its notification,
// just inserted, is deleted again. Callers check the keys first, so that is
// rare. A notification with several keys is kept when any of them is new.
func (db *DB) Post(ctx context.Context, out []notify.Outgoing, route notify.Route, at time.Time) (int, error) {
	if len(out) == 0 {
		return 0, nil
	}
	params, err := notify.ParamsJSON(out)
	if err != nil {
		return 0, err
	}
	n := len(out)
	users, petitions := make([]int64, n), make([]int64, n)
	kinds, subjects, bodies, messages, links := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	// The keys, each with the position of its notification.
	var topics, steps []string
	var objects, keyUsers []int64
	var of []int
	for i, o := range out {
		users[i], kinds[i], subjects[i], bodies[i], messages[i], links[i] = o.Key.UserID, o.Kind, o.Subject, o.Body, o.Message, o.Link
		petitions[i] = o.PetitionID
		for _, k := range o.Keys() {
			topics, objects, steps, keyUsers, of = append(topics, k.Topic), append(objects, k.ObjectID), append(steps, k.Step),
				append(keyUsers, k.UserID), append(of, i)
		}
	}
	now := sqlstore.TS(at)
	var posted int
	err = db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		posted = 0
		ids, err := int64s(ctx, tx, `SELECT nextval(pg_get_serial_sequence('notifications', 'id')) FROM generate_series(1, ?)`, n)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, user_id, kind, subject, body, message, params, petition_id, link, created_at)
			SELECT u.id, u.user_id, u.kind, u.subject, u.body, u.message, u.params, nullif(u.petition_id, 0), u.link, ?
			FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[])
				AS u(id, user_id, kind, subject, body, message, params, petition_id, link)`,
			now, ids, users, kinds, subjects, bodies, messages, params, petitions, links); err != nil {
			return err
		}
		keyIDs := make([]int64, len(of))
		for j, i := range of {
			keyIDs[j] = ids[i]
		}
		kept, err := int64s(ctx, tx, `INSERT INTO sent_reminders (topic, object_id, step, user_id, notification_id, created_at)
			SELECT u.topic, u.object_id, u.step, u.user_id, u.id, ?
			FROM unnest(?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[]) AS u(topic, object_id, step, user_id, id)
			ON CONFLICT (topic, object_id, step, user_id) DO NOTHING RETURNING notification_id`,
			now, topics, objects, steps, keyUsers, keyIDs)
		if err != nil {
			return err
		}
		// A notification with several new keys comes back once for each.
		slices.Sort(kept)
		kept = slices.Compact(kept)
		if len(kept) < n {
			// Sent before (by another node, or a run that checked SentKeys
			// before this one committed): take them back. (A nil slice
			// would go as NULL, not as an empty array.)
			if _, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE id = ANY(?::bigint[]) AND NOT id = ANY(?::bigint[])`,
				ids, append([]int64{}, kept...)); err != nil {
				return err
			}
		}
		if len(kept) == 0 {
			return nil
		}
		if route.Email {
			if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (notification_id, channel, address, status, next_at, created_at)
				SELECT n.id, 'email', u.email, 'pending', ?, ? FROM notifications n JOIN users u ON u.id = n.user_id
				WHERE n.id = ANY(?::bigint[]) AND u.email <> '' ORDER BY n.id`, now, now, kept); err != nil {
				return err
			}
		}
		if route.Webhook != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (notification_id, channel, address, status, next_at, created_at)
				SELECT k.id, 'webhook', ?, 'pending', ?, ? FROM unnest(?::bigint[]) AS k(id) ORDER BY k.id`,
				route.Webhook, now, now, kept); err != nil {
				return err
			}
		}
		posted = len(kept)
		return nil
	})
	return posted, err
}

// SentKeys returns which keys were used, reading them by topic and object
// in chunks of ids.
func (db *DB) SentKeys(ctx context.Context, keys []notify.Key) (map[notify.Key]bool, error) {
	out := map[notify.Key]bool{}
	byTopic := map[string][]int64{}
	for _, k := range keys {
		byTopic[k.Topic] = append(byTopic[k.Topic], k.ObjectID)
	}
	const chunk = 500
	for topic, ids := range byTopic {
		for len(ids) > 0 {
			part := ids[:min(chunk, len(ids))]
			ids = ids[len(part):]
			rows, err := db.r.QueryContext(ctx, `SELECT object_id, step, user_id FROM sent_reminders
				WHERE topic = ? AND object_id IN (`+sqlstore.Placeholders(len(part))+`)`, append([]any{topic}, sqlstore.IDArgs(part)...)...)
			if err != nil {
				return nil, translate(err)
			}
			for rows.Next() {
				k := notify.Key{Topic: topic}
				if err := rows.Scan(&k.ObjectID, &k.Step, &k.UserID); err != nil {
					rows.Close()
					return nil, translate(err)
				}
				out[k] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, translate(err)
			}
		}
	}
	return out, nil
}

// SentSteps returns the steps sent for each object of a topic, read from
// the primary key of sent_reminders alone, in chunks of ids.
func (db *DB) SentSteps(ctx context.Context, topic string, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	const chunk = 500
	for len(ids) > 0 {
		part := ids[:min(chunk, len(ids))]
		ids = ids[len(part):]
		rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT object_id, step FROM sent_reminders
			WHERE topic = ? AND object_id IN (`+sqlstore.Placeholders(len(part))+`)`, append([]any{topic}, sqlstore.IDArgs(part)...)...)
		if err != nil {
			return nil, translate(err)
		}
		for rows.Next() {
			var id int64
			var step string
			if err := rows.Scan(&id, &step); err != nil {
				rows.Close()
				return nil, translate(err)
			}
			out[id] = append(out[id], step)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, translate(err)
		}
	}
	return out, nil
}

// notificationColumns are read from notifications n and the petition p
// it names, if any.
const notificationColumns = `n.id, n.user_id, n.kind, n.subject, n.body, n.message, n.params, coalesce(p.code, ''),
	coalesce(p.summary, ''), n.link, n.created_at, n.read_at`

// Inbox returns a user's notifications, newest first, before beforeID
// (0: from the newest).
func (db *DB) Inbox(ctx context.Context, userID int64, unreadOnly bool, beforeID int64, limit int) ([]notify.Notification, error) {
	q := `SELECT ` + notificationColumns + ` FROM notifications n LEFT JOIN petitions p ON p.id = n.petition_id WHERE n.user_id = ?`
	args := []any{userID}
	if unreadOnly {
		q += ` AND n.read_at IS NULL`
	}
	if beforeID > 0 {
		q, args = q+` AND n.id < ?`, append(args, beforeID)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY n.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []notify.Notification{}
	for rows.Next() {
		var n notify.Notification
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Subject, &n.Body, &n.Message, &n.Params, &n.Code, &n.Summary, &n.Link,
			sqlstore.Instant(&n.CreatedAt), sqlstore.OptInstant(&n.ReadAt)); err != nil {
			return nil, translate(err)
		}
		out = append(out, n)
	}
	return out, translate(rows.Err())
}

// UnreadCount counts a user's unread notifications.
func (db *DB) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n)
	return n, translate(err)
}

// MarkRead marks the user's own notification read (once: the first time
// stays).
func (db *DB) MarkRead(ctx context.Context, userID, id int64, at time.Time) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var owner int64
		if err := tx.QueryRowContext(ctx, `SELECT user_id FROM notifications WHERE id = ?`, id).Scan(&owner); err != nil {
			return err
		}
		if owner != userID {
			return fault.New(fault.NotFound, "not_found", nil)
		}
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL`, sqlstore.TS(at), id)
		return err
	})
}

const deliveryColumns = `d.id, d.notification_id, d.channel, d.address, d.status, d.attempts, d.next_at, d.last_error, d.sent_at,
	d.created_at, n.user_id, n.kind, n.subject, n.body, n.message, n.params, coalesce(p.code, ''), coalesce(p.summary, ''), n.link`

// deliveryFrom joins a delivery to its notification and the petition it
// names.
const deliveryFrom = ` FROM deliveries d JOIN notifications n ON n.id = d.notification_id LEFT JOIN petitions p ON p.id = n.petition_id`

func scanDelivery(s interface{ Scan(...any) error }) (notify.Delivery, error) {
	var d notify.Delivery
	err := s.Scan(&d.ID, &d.NotificationID, &d.Channel, &d.Address, &d.Status, &d.Attempts, sqlstore.Instant(&d.NextAt), &d.LastError,
		sqlstore.OptInstant(&d.SentAt), sqlstore.Instant(&d.CreatedAt), &d.UserID, &d.Kind, &d.Subject, &d.Body, &d.Message, &d.Params, &d.Code, &d.Summary, &d.Link)
	return d, err
}

// DueDeliveries returns pending deliveries due by now, the oldest first.
func (db *DB) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]notify.Delivery, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+deliveryColumns+deliveryFrom+`
		WHERE d.status = 'pending' AND d.next_at <= ? ORDER BY d.next_at, d.id LIMIT ?`, sqlstore.TS(now), limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []notify.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, d)
	}
	return out, translate(rows.Err())
}

// DeliveryDone records one attempt at a delivery.
func (db *DB) DeliveryDone(ctx context.Context, id int64, at time.Time, errText string, next time.Time, final bool) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		switch {
		case errText == "":
			_, err = tx.ExecContext(ctx, `UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = ''
				WHERE id = ?`, sqlstore.TS(at), id)
		case final:
			_, err = tx.ExecContext(ctx, `UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`,
				errText, id)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?`,
				errText, sqlstore.TS(next), id)
		}
		return err
	})
}

// Deliveries lists the queue, newest first, with its total.
func (db *DB) Deliveries(ctx context.Context, f notify.DeliveryFilter) ([]notify.Delivery, int, error) {
	cond, args := ``, []any{}
	if f.Status != "" {
		cond, args = ` WHERE d.status = ?`, append(args, f.Status)
	}
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM deliveries d`+cond, args...).Scan(&total); err != nil {
		return nil, 0, translate(err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+deliveryColumns+deliveryFrom+
		cond+` ORDER BY d.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, translate(err)
	}
	defer rows.Close()
	out := []notify.Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, 0, translate(err)
		}
		out = append(out, d)
	}
	return out, total, translate(rows.Err())
}
