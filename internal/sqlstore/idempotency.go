package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
)

// Replayed looks up an idempotency key inside the write transaction. It
// returns the id of the resource the first request created, 0 when the key
// is new, or a conflict when the key was used for another request.
func Replayed(ctx context.Context, tx Tx, actorID int64, scope string, idem petition.Idempotency) (int64, error) {
	if idem.Key == "" {
		return 0, nil
	}
	var gotScope, gotHash string
	var id int64
	err := tx.QueryRowContext(ctx,
		`SELECT scope, request_hash, resource_id FROM idempotency_keys WHERE actor_id = ? AND key = ?`,
		actorID, idem.Key).Scan(&gotScope, &gotHash, &id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, err
	case gotScope != scope || gotHash != idem.RequestHash:
		return 0, fault.New(fault.Conflict, "idempotency.key_reused", nil)
	}
	return id, nil
}

// Remember records the key with the resource the request created.
func Remember(ctx context.Context, tx Tx, actorID int64, scope string, idem petition.Idempotency, id int64, at time.Time) error {
	if idem.Key == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO idempotency_keys (actor_id, key, scope, request_hash, resource_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		actorID, idem.Key, scope, idem.RequestHash, id, TS(at))
	return err
}
