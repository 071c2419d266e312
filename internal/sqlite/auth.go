package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/auth"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/sqlstore"
)

// Credential returns a user's password hash and lock.
func (db *DB) Credential(ctx context.Context, username string) (*auth.Credential, error) {
	var c auth.Credential
	var u org.User
	var roles string
	var lockedUntil sql.NullString
	err := db.r.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash, u.locked_until FROM users u WHERE u.username = ?`,
		username).Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.UnitID, &u.Active, sqlstore.Instant(&u.Created), &roles, &c.PasswordHash, &lockedUntil)
	if err != nil {
		return nil, translate(err)
	}
	u.Roles = parseRoles(roles)
	c.User = u
	if lockedUntil.Valid {
		var t time.Time
		if err := (sqlstore.Instant(&t)).Scan(lockedUntil.String); err != nil {
			return nil, err
		}
		c.LockedUntil = &t
	}
	return &c, nil
}

// LoginFailed counts a failed login and locks the account on the
// lockAfter-th in a row.
func (db *DB) LoginFailed(ctx context.Context, userID int64, lockAfter int, lockUntil time.Time) (bool, error) {
	var locked bool
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := tx.QueryRowContext(ctx, `UPDATE users SET
			failed_logins = CASE WHEN failed_logins + 1 >= ?1 THEN 0 ELSE failed_logins + 1 END,
			locked_until  = CASE WHEN failed_logins + 1 >= ?1 THEN ?2 ELSE locked_until END
			WHERE id = ?3 RETURNING locked_until IS NOT NULL AND locked_until = ?2`,
			lockAfter, sqlstore.TS(lockUntil), userID).Scan(&locked); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.LoginFailed, ObjectType: "user", ObjectID: sqlstore.IDText(userID)}, nil,
			map[string]bool{"locked": locked})

	})
	return locked, err
}

// StartSession stores a session and clears the failed-login count.
func (db *DB) StartSession(ctx context.Context, s auth.Session) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, s.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?`, s.UserID, sqlstore.TS(s.Created)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, csrf_token, address, user_agent, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.UserID, s.CSRFToken, s.Address, s.UserAgent, sqlstore.TS(s.Created), sqlstore.TS(s.LastSeen), sqlstore.TS(s.Expires)); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.Login, ObjectType: "user", ObjectID: sqlstore.IDText(s.UserID)}, nil,
			map[string]string{"user_agent": s.UserAgent})

	})
}

// SessionUser returns a session valid at now, with its user.
func (db *DB) SessionUser(ctx context.Context, id string, now time.Time) (*auth.Session, *org.User, error) {
	var s auth.Session
	var u org.User
	var roles string
	err := db.r.QueryRowContext(ctx, `SELECT s.id, s.user_id, s.csrf_token, s.address, s.user_agent, s.created_at, s.last_seen_at, s.expires_at,
		`+userColumns+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ?`, id, sqlstore.TS(now)).Scan(
		&s.ID, &s.UserID, &s.CSRFToken, &s.Address, &s.UserAgent, sqlstore.Instant(&s.Created), sqlstore.Instant(&s.LastSeen), sqlstore.Instant(&s.Expires),
		&u.ID, &u.Username, &u.FullName, &u.Email, &u.UnitID, &u.Active, sqlstore.Instant(&u.Created), &roles)
	if err != nil {
		return nil, nil, translate(err)
	}
	u.Roles = parseRoles(roles)
	return &s, &u, nil
}

// TouchSession records a session's activity.
func (db *DB) TouchSession(ctx context.Context, id string, lastSeen, expires time.Time) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`, sqlstore.TS(lastSeen), sqlstore.TS(expires), id)
		return err
	})
}

// EndSession deletes a session. (A user's expired sessions are deleted
// when they next sign in.)
func (db *DB) EndSession(ctx context.Context, id string) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var userID int64
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE id = ? RETURNING user_id`, id).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.Logout, ObjectType: "user", ObjectID: sqlstore.IDText(userID)}, nil, nil)
	})
}

// SetPassword replaces a password, lifts any lock and ends the user's
// other sessions.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string, at time.Time, keep string) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL
			WHERE id = ?`, hash, sqlstore.TS(at), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "user.unknown", nil)
		}
		res, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keep)
		if err != nil {
			return err
		}
		ended, _ := res.RowsAffected()
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.SetPassword, ObjectType: "user", ObjectID: sqlstore.IDText(userID)}, nil,
			map[string]int64{"sessions_ended": ended})

	})
}

// CreateToken stores an API token.
func (db *DB) CreateToken(ctx context.Context, t *auth.Token) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		t.ID, err = tx.InsertID(ctx, `INSERT INTO api_tokens (user_id, name, hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.UserID, t.Name, t.Hash, t.Prefix, sqlstore.TS(t.Created))
		if err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.CreateToken, ObjectType: "api_token", ObjectID: sqlstore.IDText(t.ID)}, nil,
			map[string]any{"user_id": t.UserID, "name": t.Name, "prefix": t.Prefix})

	})
}

const tokenColumns = `t.id, t.user_id, t.name, t.prefix, t.hash, t.created_at, t.revoked_at`

func scanToken(s interface{ Scan(...any) error }, t *auth.Token, more ...any) error {
	var revoked sql.NullString
	if err := s.Scan(append([]any{&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, sqlstore.Instant(&t.Created), &revoked}, more...)...); err != nil {
		return err
	}
	if revoked.Valid {
		var at time.Time
		if err := (sqlstore.Instant(&at)).Scan(revoked.String); err != nil {
			return err
		}
		t.Revoked = &at
	}
	return nil
}

// TokenUser returns an unrevoked token with its user.
func (db *DB) TokenUser(ctx context.Context, hash string) (*auth.Token, *org.User, error) {
	var t auth.Token
	var u org.User
	var roles string
	err := scanToken(db.r.QueryRowContext(ctx, `SELECT `+tokenColumns+`, `+userColumns+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.revoked_at IS NULL`, hash),
		&t, &u.ID, &u.Username, &u.FullName, &u.Email, &u.UnitID, &u.Active, sqlstore.Instant(&u.Created), &roles)
	if err != nil {
		return nil, nil, translate(err)
	}
	u.Roles = parseRoles(roles)
	return &t, &u, nil
}

// Tokens lists a user's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]auth.Token, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t WHERE t.user_id = ? ORDER BY t.id DESC`, userID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []auth.Token{}
	for rows.Next() {
		var t auth.Token
		if err := scanToken(rows, &t); err != nil {
			return nil, translate(err)
		}
		out = append(out, t)
	}
	return out, translate(rows.Err())
}

// RevokeToken revokes one of the user's tokens.
func (db *DB) RevokeToken(ctx context.Context, userID, id int64, at time.Time) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?`, sqlstore.TS(at), id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "token.unknown", nil)
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.RevokeToken, ObjectType: "api_token", ObjectID: sqlstore.IDText(id)}, nil, nil)
	})
}
