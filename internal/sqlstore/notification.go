package sqlstore

import (
	"context"
	"time"

	"tiepdan/internal/fault"
	"tiepdan/internal/notify"
)

// SentKeys returns which keys were used, reading them by topic and object
// in chunks of ids (well under SQLite's limit of bound parameters).
func (st *Store) SentKeys(ctx context.Context, keys []notify.Key) (map[notify.Key]bool, error) {
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
			rows, err := st.r.QueryContext(ctx, `SELECT object_id, step, user_id FROM sent_reminders
				WHERE topic = ? AND object_id IN (`+Placeholders(len(part))+`)`, append([]any{topic}, IDArgs(part)...)...)
			if err != nil {
				return nil, st.translate(err)
			}
			for rows.Next() {
				k := notify.Key{Topic: topic}
				if err := rows.Scan(&k.ObjectID, &k.Step, &k.UserID); err != nil {
					rows.Close()
					return nil, st.translate(err)
				}
				out[k] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, st.translate(err)
			}
		}
	}
	return out, nil
}

// SentSteps returns the steps sent for each object of a topic, read from
// the primary key of sent_reminders alone, in chunks of ids.
func (st *Store) SentSteps(ctx context.Context, topic string, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	const chunk = 500
	for len(ids) > 0 {
		part := ids[:min(chunk, len(ids))]
		ids = ids[len(part):]
		rows, err := st.r.QueryContext(ctx, `SELECT DISTINCT object_id, step FROM sent_reminders
			WHERE topic = ? AND object_id IN (`+Placeholders(len(part))+`)`, append([]any{topic}, IDArgs(part)...)...)
		if err != nil {
			return nil, st.translate(err)
		}
		for rows.Next() {
			var id int64
			var step string
			if err := rows.Scan(&id, &step); err != nil {
				rows.Close()
				return nil, st.translate(err)
			}
			out[id] = append(out[id], step)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, st.translate(err)
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
func (st *Store) Inbox(ctx context.Context, userID int64, unreadOnly bool, beforeID int64, limit int) ([]notify.Notification, error) {
	q := `SELECT ` + notificationColumns + ` FROM notifications n LEFT JOIN petitions p ON p.id = n.petition_id WHERE n.user_id = ?`
	args := []any{userID}
	if unreadOnly {
		q += ` AND n.read_at IS NULL`
	}
	if beforeID > 0 {
		q, args = q+` AND n.id < ?`, append(args, beforeID)
	}
	rows, err := st.r.QueryContext(ctx, q+` ORDER BY n.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	out := []notify.Notification{}
	for rows.Next() {
		var n notify.Notification
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Subject, &n.Body, &n.Message, &n.Params, &n.Code, &n.Summary, &n.Link,
			Instant(&n.CreatedAt), OptInstant(&n.ReadAt)); err != nil {
			return nil, st.translate(err)
		}
		out = append(out, n)
	}
	return out, st.translate(rows.Err())
}

// UnreadCount counts a user's unread notifications.
func (st *Store) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := st.r.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n)
	return n, st.translate(err)
}

// MarkRead marks the user's own notification read (once: the first time
// stays).
func (st *Store) MarkRead(ctx context.Context, userID, id int64, at time.Time) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
		var owner int64
		if err := tx.QueryRowContext(ctx, `SELECT user_id FROM notifications WHERE id = ?`, id).Scan(&owner); err != nil {
			return err
		}
		if owner != userID {
			return fault.New(fault.NotFound, "not_found", nil)
		}
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL`, TS(at), id)
		return err
	})
}

// MarkAllRead marks every unread notification of the user read, in one
// statement (the index of unread notifications finds them).
func (st *Store) MarkAllRead(ctx context.Context, userID int64, at time.Time) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, TS(at), userID)
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
	err := s.Scan(&d.ID, &d.NotificationID, &d.Channel, &d.Address, &d.Status, &d.Attempts, Instant(&d.NextAt), &d.LastError,
		OptInstant(&d.SentAt), Instant(&d.CreatedAt), &d.UserID, &d.Kind, &d.Subject, &d.Body, &d.Message, &d.Params, &d.Code, &d.Summary, &d.Link)
	return d, err
}

// DueDeliveries returns pending deliveries due by now, the oldest first.
func (st *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]notify.Delivery, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT `+deliveryColumns+deliveryFrom+`
		WHERE d.status = 'pending' AND d.next_at <= ? ORDER BY d.next_at, d.id LIMIT ?`, TS(now), limit)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	var out []notify.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, st.translate(err)
		}
		out = append(out, d)
	}
	return out, st.translate(rows.Err())
}

// DeliveryDone records one attempt at a delivery.
func (st *Store) DeliveryDone(ctx context.Context, id int64, at time.Time, errText string, next time.Time, final bool) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		switch {
		case errText == "":
			_, err = tx.ExecContext(ctx, `UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = ''
				WHERE id = ?`, TS(at), id)
		case final:
			_, err = tx.ExecContext(ctx, `UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`,
				errText, id)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?`,
				errText, TS(next), id)
		}
		return err
	})
}

// Deliveries lists the queue, newest first, with its total.
func (st *Store) Deliveries(ctx context.Context, f notify.DeliveryFilter) ([]notify.Delivery, int, error) {
	cond, args := ``, []any{}
	if f.Status != "" {
		cond, args = ` WHERE d.status = ?`, append(args, f.Status)
	}
	var total int
	if err := st.r.QueryRowContext(ctx, `SELECT count(*) FROM deliveries d`+cond, args...).Scan(&total); err != nil {
		return nil, 0, st.translate(err)
	}
	rows, err := st.r.QueryContext(ctx, `SELECT `+deliveryColumns+deliveryFrom+
		cond+` ORDER BY d.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, st.translate(err)
	}
	defer rows.Close()
	out := []notify.Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, 0, st.translate(err)
		}
		out = append(out, d)
	}
	return out, total, st.translate(rows.Err())
}
