package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/ratelimit"
	"tiepdan/internal/vntime"
)

// Options tune sign-in. Zero values take the defaults.
type Options struct {
	// Cost is bcrypt's work factor (default 12).
	Cost int
	// SessionIdle ends a session after this long without a request
	// (default 2 hours); SessionMax ends it this long after sign-in
	// whatever happens (default 12 hours, a long working day).
	SessionIdle, SessionMax time.Duration
	// LockAfter failed logins in a row lock the account for LockFor
	// (defaults 10 and 15 minutes).
	LockAfter int
	LockFor   time.Duration
	// Attempts allowed per account and per client address: one every
	// Every after a burst (defaults: an account 5 then one per 3 s; an
	// address, which a whole office may share, 20 then one per second).
	AccountEvery, AddressEvery time.Duration
	AccountBurst, AddressBurst int
}

func (o Options) withDefaults() Options {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt(&o.Cost, DefaultCost)
	def(&o.SessionIdle, 2*time.Hour)
	def(&o.SessionMax, 12*time.Hour)
	defInt(&o.LockAfter, 10)
	def(&o.LockFor, 15*time.Minute)
	def(&o.AccountEvery, 3*time.Second)
	def(&o.AddressEvery, time.Second)
	defInt(&o.AccountBurst, 5)
	defInt(&o.AddressBurst, 20)
	return o
}

// DefaultCost is the bcrypt work factor unless Options say otherwise:
// about a quarter of a second per login on an office server.
const DefaultCost = 12

// touchEvery is how stale a session's last activity may be before a
// request records it: a write per request would cost more than idle
// expiry this precise is worth.
const touchEvery = 5 * time.Minute

// TokenPrefix starts every API token, so a leaked one is recognisable.
const TokenPrefix = "tdn_"

// Service signs officials in and out.
type Service struct {
	store     Store
	now       func() time.Time
	opts      Options
	accounts  *ratelimit.Keyed
	addresses *ratelimit.Keyed
	dummy     string // a hash compared when the user is unknown, so timing tells nothing
}

// NewService returns a service over store; now is the clock.
func NewService(store Store, now func() time.Time, opts Options) *Service {
	opts = opts.withDefaults()
	dummy, err := bcrypt.GenerateFromPassword([]byte("tiepdan: no such user"), opts.Cost)
	if err != nil {
		panic(err) // only an out-of-range cost fails, and withDefaults bounds it
	}
	return &Service{store: store, now: now, opts: opts, dummy: string(dummy),
		accounts:  ratelimit.New(opts.AccountEvery, opts.AccountBurst),
		addresses: ratelimit.New(opts.AddressEvery, opts.AddressBurst)}
}

// SignIn is a successful login: the cookie value to hand the browser
// (known to nobody else) and the session it opens.
type SignIn struct {
	Cookie  string
	Session Session
	User    org.User
}

// Login checks a username and password from a client address and opens a
// session. Unknown users and wrong passwords get the same answer.
func (s *Service) Login(ctx context.Context, username, password, address, userAgent string) (*SignIn, error) {
	now := s.now()
	username = strings.ToLower(strings.TrimSpace(username))
	if ok, wait := s.addresses.Allow(address, now); !ok {
		return nil, tooMany(wait)
	}
	if ok, wait := s.accounts.Allow(username, now); !ok {
		return nil, tooMany(wait)
	}
	cred, err := s.store.Credential(ctx, username)
	if fault.Is(err, fault.NotFound) {
		passwordMatches(s.dummy, password)
		return nil, invalidLogin()
	}
	if err != nil {
		return nil, err
	}
	if cred.LockedUntil != nil && now.Before(*cred.LockedUntil) {
		return nil, locked(*cred.LockedUntil, now)
	}
	hash := cred.PasswordHash
	if hash == "" || !cred.User.Active {
		hash = s.dummy
	}
	match, err := passwordMatches(hash, password)
	if err != nil {
		return nil, err
	}
	if !match || hash == s.dummy {
		until := now.Add(s.opts.LockFor)
		isLocked, err := s.store.LoginFailed(ctx, cred.User.ID, s.opts.LockAfter, until)
		if err != nil {
			return nil, err
		}
		if isLocked {
			return nil, locked(until, now)
		}
		return nil, invalidLogin()
	}
	cookie := randomSecret()
	sess := Session{ID: Digest(cookie), UserID: cred.User.ID, CSRFToken: randomSecret(), Address: address,
		UserAgent: limitLen(userAgent, 300), Created: now, LastSeen: now, Expires: s.expiry(now, now)}
	if err := s.store.StartSession(ctx, sess); err != nil {
		return nil, err
	}
	return &SignIn{Cookie: cookie, Session: sess, User: cred.User}, nil
}

func (s *Service) expiry(created, lastSeen time.Time) time.Time {
	idle, max := lastSeen.Add(s.opts.SessionIdle), created.Add(s.opts.SessionMax)
	if idle.Before(max) {
		return idle
	}
	return max
}

// Session returns the valid session a cookie names, with its user, and
// records the activity.
func (s *Service) Session(ctx context.Context, cookie string) (*Session, *org.User, error) {
	now := s.now()
	sess, u, err := s.store.SessionUser(ctx, Digest(cookie), now)
	if fault.Is(err, fault.NotFound) || (err == nil && !u.Active) {
		return nil, nil, fault.New(fault.Unauthorized, "auth.session_expired", nil)
	}
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		sess.LastSeen, sess.Expires = now, s.expiry(sess.Created, now)
		if err := s.store.TouchSession(ctx, sess.ID, sess.LastSeen, sess.Expires); err != nil {
			return nil, nil, err
		}
	}
	return sess, u, nil
}

// Token returns the user an API token acts for.
func (s *Service) Token(ctx context.Context, token string) (*Token, *org.User, error) {
	t, u, err := s.store.TokenUser(ctx, Digest(token))
	if fault.Is(err, fault.NotFound) || (err == nil && !u.Active) {
		return nil, nil, fault.New(fault.Unauthorized, "auth.token_invalid", nil)
	}
	return t, u, err
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, sessionID string) error {
	return s.store.EndSession(ctx, sessionID)
}

// ChangePassword replaces the user's password after checking the current
// one; every other session of the user ends.
func (s *Service) ChangePassword(ctx context.Context, u org.User, keepSession, current, next string) error {
	now := s.now()
	// Guessing the current password through a stolen session is slowed
	// and locked like guessing it at the door.
	if ok, wait := s.accounts.Allow(u.Username, now); !ok {
		return tooMany(wait)
	}
	cred, err := s.store.Credential(ctx, u.Username)
	if err != nil {
		return err
	}
	if cred.LockedUntil != nil && now.Before(*cred.LockedUntil) {
		return locked(*cred.LockedUntil, now)
	}
	if ok, err := passwordMatches(cred.PasswordHash, current); err != nil && cred.PasswordHash != "" {
		return err
	} else if !ok {
		until := now.Add(s.opts.LockFor)
		if isLocked, err := s.store.LoginFailed(ctx, u.ID, s.opts.LockAfter, until); err != nil {
			return err
		} else if isLocked {
			return locked(until, now)
		}
		var p fault.Problems
		p.Add("current_password", "auth.password_wrong", nil)
		return p.Err()
	}
	return s.setPassword(ctx, u, next, keepSession)
}

// SetPassword gives a user a new password (the first admin, or a reset by
// the command line); every session of the user ends and a lock is lifted.
func (s *Service) SetPassword(ctx context.Context, u org.User, password string) error {
	return s.setPassword(ctx, u, password, "")
}

func (s *Service) setPassword(ctx context.Context, u org.User, password, keep string) error {
	if err := CheckPasswordRules("new_password", password, u.Username); err != nil {
		return err
	}
	hash, err := HashPassword(password, s.opts.Cost)
	if err != nil {
		return err
	}
	return s.store.SetPassword(ctx, u.ID, hash, s.now(), keep)
}

// CreateToken makes an API token for the user; the token itself is
// returned once and never stored.
func (s *Service) CreateToken(ctx context.Context, u org.User, name string) (*Token, string, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" || len(name) > 100 {
		var p fault.Problems
		p.Add("name", "invalid.required", nil)
		return nil, "", p.Err()
	}
	secret := TokenPrefix + randomSecret()
	t := &Token{UserID: u.ID, Name: name, Prefix: secret[:len(TokenPrefix)+6], Hash: Digest(secret), Created: s.now()}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// Tokens lists the user's tokens.
func (s *Service) Tokens(ctx context.Context, u org.User) ([]Token, error) {
	return s.store.Tokens(ctx, u.ID)
}

// RevokeToken revokes one of the user's tokens.
func (s *Service) RevokeToken(ctx context.Context, u org.User, id int64) error {
	return s.store.RevokeToken(ctx, u.ID, id, s.now())
}

// Digest is the stored form of a session cookie or a token: SHA-256, hex.
// The secrets carry 256 random bits, so a fast hash suffices.
func Digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// randomSecret is 256 random bits, URL-safe.
func randomSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

func invalidLogin() error { return fault.New(fault.Unauthorized, "auth.invalid", nil) }

func locked(until, now time.Time) error {
	return fault.New(fault.TooMany, "auth.locked", map[string]any{"Until": vntime.DateTime(until), "RetryAfter": ratelimit.RetryAfter(until.Sub(now))})
}

func tooMany(wait time.Duration) error {
	return fault.New(fault.TooMany, "auth.too_many", map[string]any{"RetryAfter": ratelimit.RetryAfter(wait)})
}

func limitLen(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
