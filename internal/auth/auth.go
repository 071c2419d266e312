// Package auth signs officials in: passwords, server-side sessions, API
// tokens for integrations, and the limits that make guessing passwords
// slow. Sessions and tokens live in the database, so several app nodes
// can share them; only a hash of each secret is stored.
package auth

import (
	"context"
	"time"

	"tiepdan/internal/org"
)

// Session is a signed-in browser. ID is the SHA-256 of the cookie's value;
// the value itself is known only to the browser.
type Session struct {
	ID        string
	UserID    int64
	CSRFToken string
	Address   string
	UserAgent string
	Created   time.Time
	LastSeen  time.Time
	Expires   time.Time
}

// Token is an API token of an official, for integrations. Hash is the
// SHA-256 of the token; the token is shown once, when it is made.
type Token struct {
	ID      int64      `json:"id"`
	UserID  int64      `json:"user_id"`
	Name    string     `json:"name"`
	Prefix  string     `json:"prefix"`
	Hash    string     `json:"-"`
	Created time.Time  `json:"created_at"`
	Revoked *time.Time `json:"revoked_at,omitempty"`
}

// Credential is what a login checks.
type Credential struct {
	User         org.User
	PasswordHash string
	LockedUntil  *time.Time
}

// Store keeps credentials, sessions and tokens.
type Store interface {
	// Credential returns the user with that login name and their password
	// hash; a fault.NotFound error when there is none.
	Credential(ctx context.Context, username string) (*Credential, error)
	// LoginFailed counts a failed login; on the lockAfter-th in a row it
	// locks the account until lockUntil and starts the count again. It
	// reports whether the account is now locked.
	LoginFailed(ctx context.Context, userID int64, lockAfter int, lockUntil time.Time) (bool, error)
	// StartSession stores a new session and clears the failed-login count.
	StartSession(ctx context.Context, s Session) error
	// SessionUser returns a session still valid at now, with its user.
	SessionUser(ctx context.Context, id string, now time.Time) (*Session, *org.User, error)
	// TouchSession records activity and moves the session's expiry.
	TouchSession(ctx context.Context, id string, lastSeen, expires time.Time) error
	// EndSession deletes a session.
	EndSession(ctx context.Context, id string) error
	// SetPassword replaces a password, clears any lock, and ends every
	// session of the user but keep (which may be empty).
	SetPassword(ctx context.Context, userID int64, hash string, at time.Time, keep string) error
	// CreateToken stores a token and sets its ID.
	CreateToken(ctx context.Context, t *Token) error
	// TokenUser returns an unrevoked token by hash, with its user.
	TokenUser(ctx context.Context, hash string) (*Token, *org.User, error)
	// Tokens lists a user's tokens, newest first.
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken revokes one of the user's tokens; fault.NotFound when
	// the user has no such token.
	RevokeToken(ctx context.Context, userID, id int64, at time.Time) error
}
