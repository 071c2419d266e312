package sqlstore

import (
	"database/sql"
	"fmt"
	"time"
)

// timeLayout is how instants are passed to and kept in text columns: UTC
// with fixed width, so text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// TS is an instant as the database keeps it.
func TS(t time.Time) string { return t.UTC().Format(timeLayout) }

// TSPtr is TS for an optional instant, NULL when absent.
func TSPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return TS(*t)
}

// Instant scans a stored time into t.
func Instant(t *time.Time) sql.Scanner { return instant{t} }

type instant struct{ t *time.Time }

func (i instant) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*i.t = x.UTC()
		return nil
	case string:
		return i.parse(x)
	case []byte:
		return i.parse(string(x))
	}
	return fmt.Errorf("sqlstore: cannot scan %T as a time", v)
}

func (i instant) parse(s string) error {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	*i.t = t.UTC()
	return err
}

// OptInstant scans a nullable stored time into t.
func OptInstant(t **time.Time) sql.Scanner { return optInstant{t} }

type optInstant struct{ t **time.Time }

func (o optInstant) Scan(v any) error {
	if v == nil {
		*o.t = nil
		return nil
	}
	var t time.Time
	if err := (instant{&t}).Scan(v); err != nil {
		return err
	}
	*o.t = &t
	return nil
}

// Stored is t as the database keeps it: UTC, to the microsecond.
func Stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
