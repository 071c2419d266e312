// Package ratelimit slows callers down per key: an account, a client
// address.
package ratelimit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Keyed allows each key a burst of calls, then one per interval. It lives
// in the node's memory: with several nodes, a caller gets each node's
// allowance (limits that must hold across nodes, such as an account's
// lockout, are kept in the database instead).
type Keyed struct {
	mu      sync.Mutex
	every   time.Duration
	burst   int
	entries map[string]*limitEntry
}

type limitEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

// maxLimitKeys bounds the memory a flood of distinct keys can take; idle
// keys are forgotten first.
const maxLimitKeys = 50_000

// New allows each key burst calls, then one every interval.
func New(every time.Duration, burst int) *Keyed {
	return &Keyed{every: every, burst: burst, entries: map[string]*limitEntry{}}
}

// Allow takes one call for key at now; when none is left it returns false
// and how long until the next one.
func (l *Keyed) Allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.entries[key]
	if !ok {
		if len(l.entries) >= maxLimitKeys {
			l.forgetIdle(now)
		}
		e = &limitEntry{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.entries[key] = e
	}
	e.seen = now
	r := e.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// forgetIdle drops keys whose allowance has refilled completely: they are
// indistinguishable from keys never seen.
func (l *Keyed) forgetIdle(now time.Time) {
	full := l.every * time.Duration(l.burst)
	for k, e := range l.entries {
		if now.Sub(e.seen) > full {
			delete(l.entries, k)
		}
	}
	if len(l.entries) >= maxLimitKeys {
		clear(l.entries)
	}
}

// RetryAfter is a wait in whole seconds, at least one: the value of a
// Retry-After header.
func RetryAfter(d time.Duration) int {
	return max(int((d+time.Second-1)/time.Second), 1)
}
