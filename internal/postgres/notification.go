package postgres

import (
	"context"
	"slices"
	"time"

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
