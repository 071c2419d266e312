// Package audit is the trail of who did what: every write and every read
// of a protected identity, append-only and hash-chained.
package audit

import "context"

// Who is the person behind a request: the signed-in official and the
// address the request came from. The API puts it in the request's context;
// stores read it when they write the trail in the same transaction as the
// change it records.
type Who struct {
	UserID   int64
	Username string
	Address  string
}

type whoKey struct{}

// WithWho returns a context that carries w.
func WithWho(ctx context.Context, w Who) context.Context {
	return context.WithValue(ctx, whoKey{}, w)
}

// WhoFrom returns the person a context carries; ok is false for work no
// request asked for (the scheduler, the command line).
func WhoFrom(ctx context.Context) (w Who, ok bool) {
	w, ok = ctx.Value(whoKey{}).(Who)
	return w, ok
}
