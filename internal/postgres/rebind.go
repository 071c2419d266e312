package postgres

import (
	"database/sql"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The queries of this driver are written as the SQLite driver's are, with
// ? and ?N placeholders and :name for named arguments, so the two read
// alike and a query ported from one to the other keeps its shape. rebind
// numbers them the PostgreSQL way ($1, $2, …) and orders the arguments to
// match; the rewrite of each distinct query is kept.

type bound struct {
	q     string
	names []string // the named arguments, in their $n order after the positional ones
}

var (
	rebound  sync.Map // query → bound
	reboundN atomic.Int64
)

// maxRebound bounds the rewrites kept: queries built for a list of values
// (IN (?, ?, …)) vary in length and are parsed each time once it is met.
const maxRebound = 2048

func rebind(q string, args []any) (string, []any) {
	b, ok := rebound.Load(q)
	if !ok {
		b = parse(q)
		if reboundN.Add(1) <= maxRebound {
			rebound.Store(q, b)
		}
	}
	bd := b.(bound)
	if len(bd.names) == 0 {
		return bd.q, convertArgs(args)
	}
	var pos []any
	named := map[string]any{}
	for _, a := range args {
		if n, ok := a.(sql.NamedArg); ok {
			named[n.Name] = n.Value
			continue
		}
		pos = append(pos, a)
	}
	for _, n := range bd.names {
		pos = append(pos, named[n])
	}
	return bd.q, convertArgs(pos)
}

// parse rewrites placeholders outside quoted text: ? takes the number after
// the highest so far, ?N keeps N, :name takes a number after every
// positional one. A :: cast is left alone.
func parse(q string) bound {
	var out strings.Builder
	var names []string
	type namedAt struct {
		at   int // offset in out where the number goes
		name string
	}
	var pending []namedAt
	highest := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				out.WriteString(q[i:])
				i = len(q)
				continue
			}
			out.WriteString(q[i : i+j+2])
			i += j + 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := highest + 1
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			highest = max(highest, n)
			out.WriteString("$" + strconv.Itoa(n))
			i = j - 1
		case c == ':' && i+1 < len(q) && q[i+1] == ':':
			out.WriteString("::")
			i++
		case c == ':' && i+1 < len(q) && isNameStart(q[i+1]):
			j := i + 1
			for j < len(q) && (isNameStart(q[j]) || (q[j] >= '0' && q[j] <= '9')) {
				j++
			}
			out.WriteString("$")
			pending = append(pending, namedAt{out.Len(), q[i+1 : j]})
			i = j - 1
		default:
			out.WriteByte(c)
		}
	}
	if len(pending) == 0 {
		return bound{q: out.String()}
	}
	number := map[string]int{}
	for _, p := range pending {
		if _, ok := number[p.name]; !ok {
			names = append(names, p.name)
			number[p.name] = highest + len(names)
		}
	}
	s := out.String()
	var final strings.Builder
	last := 0
	for _, p := range pending {
		final.WriteString(s[last:p.at])
		final.WriteString(strconv.Itoa(number[p.name]))
		last = p.at
	}
	final.WriteString(s[last:])
	return bound{q: final.String(), names: names}
}

func isNameStart(c byte) bool { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// convertArgs passes booleans as the 0 and 1 the schema keeps flags as
// (integers, as in the SQLite schema, so both drivers read them alike).
func convertArgs(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case bool:
			args[i] = boolInt(v)
		case *bool:
			if v != nil {
				args[i] = boolInt(*v)
			}
		default:
			if a != nil {
				if rv := reflect.ValueOf(a); rv.Kind() == reflect.Bool {
					args[i] = boolInt(rv.Bool())
				}
			}
		}
	}
	return args
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
