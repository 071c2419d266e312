package api

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
	"tiepdan/internal/vntime"
)

func badParam(name string) error {
	return fault.New(codeBadRequest, "request.bad_param", map[string]any{"Param": name})
}

// pathID reads a positive integer path parameter; anything else is a 404,
// as for an id that does not exist.
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "not_found", nil)
	}
	return id, nil
}

// queryInt reads an optional integer query parameter within [min, max].
func queryInt(c *gin.Context, name string, def, min, max int64) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min || n > max {
		return 0, badParam(name)
	}
	return n, nil
}

// queryDay reads an optional yyyy-mm-dd (or dd/mm/yyyy) query parameter as
// a calendar day.
func queryDay(c *gin.Context, name string) (*time.Time, error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return &t, nil
		}
	}
	return nil, badParam(name)
}

// dayBounds turns inclusive calendar days into the instants that bound them in Vietnam.
func dayBounds(from, to *time.Time) (min, max *time.Time) {
	if from != nil {
		t := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, vntime.Zone)
		min = &t
	}
	if to != nil {
		t := time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, vntime.Zone)
		max = &t
	}
	return min, max
}

// paging reads page (from 1) and per_page.
func paging(c *gin.Context, maxPer int64) (page, per int, err error) {
	p, err := queryInt(c, "page", 1, 1, 1_000_000)
	if err != nil {
		return 0, 0, err
	}
	pp, err := queryInt(c, "per_page", 50, 1, maxPer)
	if err != nil {
		return 0, 0, err
	}
	return int(p), int(pp), nil
}

// idempotency reads the Idempotency-Key header and hashes the body it guards.
func idempotency(c *gin.Context, body []byte) (petition.Idempotency, error) {
	key := c.GetHeader("Idempotency-Key")
	if key == "" {
		return petition.Idempotency{}, nil
	}
	if len(key) > 200 {
		return petition.Idempotency{}, fault.New(codeBadRequest, "idempotency.key_invalid", nil)
	}
	sum := sha256.Sum256(body)
	return petition.Idempotency{Key: key, RequestHash: hex.EncodeToString(sum[:])}, nil
}

// created answers a create: 201 with the resource, marked when it is the
// replay of an earlier request with the same Idempotency-Key.
func created(c *gin.Context, replayed bool, v any) {
	if replayed {
		c.Header("Idempotent-Replayed", "true")
	}
	ok(c, 201, v)
}

// queryID reads an optional id query parameter (0 when absent).
func queryID(c *gin.Context, name string) (int64, error) { return queryInt(c, name, 0, 0, 1<<53) }

// choices reads a comma list of values from a reference list.
func choices[T ~string](c *gin.Context, name string, allowed []T) ([]T, error) {
	var out []T
	for _, v := range list(c.Query(name)) {
		if !oneOf(T(v), allowed) {
			return nil, badParam(name)
		}
		out = append(out, T(v))
	}
	return out, nil
}

// scope is what every list of petitions or deadlines is limited by: a page,
// a unit with everything under it, a handler.
type scope struct {
	page, per         int
	unitID, handlerID int64
}

func (s scope) offset() int { return (s.page - 1) * s.per }

// readScope reads page, per_page (at most 200), unit_id (default and
// limit: the official's unit) and handler_id.
func (srv *Server) readScope(c *gin.Context) (scope, error) {
	var s scope
	var err error
	if s.page, s.per, err = paging(c, 200); err != nil {
		return s, err
	}
	if s.unitID, err = srv.unitParam(c); err != nil {
		return s, err
	}
	s.handlerID, err = queryID(c, "handler_id")
	return s, err
}
