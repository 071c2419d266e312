// Package fault defines the coded errors the domain returns. The HTTP layer
// turns a Code into a status and a Key into a message in the user's language;
// nothing else in the program needs to know about either.
package fault

import (
	"errors"
	"fmt"
)

// Code classifies an error by what the caller can do about it.
type Code string

const (
	Invalid      Code = "invalid"           // the input breaks a rule; fix it and retry
	NotFound     Code = "not_found"         // the thing named does not exist (or is not visible)
	Conflict     Code = "conflict"          // the request collides with the current state
	Stale        Code = "stale_version"     // the client acted on an old version
	Forbidden    Code = "forbidden"         // the actor may not do this
	Unauthorized Code = "unauthorized"      // not signed in, or the credentials are wrong
	TooMany      Code = "too_many_requests" // slow down; Params["RetryAfter"] says how long (seconds)
	Internal     Code = "internal"          // our fault; details are logged, never shown
)

// Codes for input refused for what it is rather than what it says.
const (
	TooLarge    Code = "too_large"        // bigger than allowed
	Unsupported Code = "unsupported_type" // a kind not accepted, e.g. a file's content
)

// Problem is one broken rule, optionally tied to an input field.
type Problem struct {
	Field  string         // JSON path of the input, e.g. "complainants[0].id_number"
	Key    string         // message catalog key
	Params map[string]any // values for the message template
}

// Error is a domain error: a code, a message key and, for validation, the
// list of problems found.
type Error struct {
	Code     Code
	Key      string
	Params   map[string]any
	Problems []Problem
	Err      error // the underlying cause, for logs only
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	if len(e.Problems) > 0 {
		s += fmt.Sprintf(" (%s: %s", e.Problems[0].Field, e.Problems[0].Key)
		if len(e.Problems) > 1 {
			s += fmt.Sprintf(" and %d more", len(e.Problems)-1)
		}
		s += ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an error with a code and a message key.
func New(code Code, key string, params map[string]any) *Error {
	return &Error{Code: code, Key: key, Params: params}
}

// Wrap records an internal cause behind a coded error.
func Wrap(code Code, key string, err error) *Error {
	return &Error{Code: code, Key: key, Err: err}
}

// CodeOf returns the code of err, Internal for errors without one.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Problems collects validation problems and becomes one Invalid error.
type Problems struct{ list []Problem }

// Add records a problem on a field.
func (p *Problems) Add(field, key string, params map[string]any) {
	p.list = append(p.list, Problem{Field: field, Key: key, Params: params})
}

// Merge appends the problems of another invalid error under a field prefix.
func (p *Problems) Merge(prefix string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		p.Add(prefix, "invalid.value", nil)
		return
	}
	if len(e.Problems) == 0 {
		p.Add(prefix, e.Key, e.Params)
		return
	}
	for _, q := range e.Problems {
		f := prefix
		if q.Field != "" {
			if f != "" {
				f += "."
			}
			f += q.Field
		}
		p.Add(f, q.Key, q.Params)
	}
}

// Err returns nil when there is no problem, else an Invalid error listing them.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "invalid.input", Problems: p.list}
}

// With sets one message parameter and returns e, for building errors inline.
func (e *Error) With(key string, v any) *Error {
	if e.Params == nil {
		e.Params = map[string]any{}
	}
	e.Params[key] = v
	return e
}
