package auth

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"tiepdan/internal/fault"
)

// Password lengths: bcrypt reads at most 72 bytes, and a longer password
// would be silently cut, so it is refused instead.
const (
	minPassword      = 10
	maxPasswordBytes = 72
)

// CheckPasswordRules reports what is wrong with a new password, under the
// input field name given.
func CheckPasswordRules(field, password, username string) error {
	var p fault.Problems
	switch {
	case utf8.RuneCountInString(password) < minPassword:
		p.Add(field, "auth.password_short", map[string]any{"Min": minPassword})
	case len(password) > maxPasswordBytes:
		p.Add(field, "auth.password_long", map[string]any{"Max": maxPasswordBytes})
	case strings.EqualFold(strings.TrimSpace(password), username):
		p.Add(field, "auth.password_is_username", nil)
	}
	return p.Err()
}

// HashPassword hashes a password with bcrypt at the given cost.
func HashPassword(password string, cost int) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	return string(h), err
}

// passwordMatches compares a password with its hash in constant time.
func passwordMatches(hash, password string) (bool, error) {
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
		return false, nil
	}
	return err == nil, err
}
