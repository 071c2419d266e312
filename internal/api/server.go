// Package api is the JSON API under /api/v1, served with gin. Handlers are
// thin: bind, call the domain, render through response.go.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/attachment"
	"tiepdan/internal/audit"
	"tiepdan/internal/auth"
	"tiepdan/internal/citizen"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/i18n"
	"tiepdan/internal/jobs"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/ratelimit"
	"tiepdan/internal/report"
	"tiepdan/internal/retention"
	"tiepdan/internal/schedule"
	"tiepdan/internal/visit"
)

// CitizenFinder finds a citizen by identity number.
type CitizenFinder interface {
	CitizenByIDNumber(ctx context.Context, number string) (*citizen.Citizen, error)
}

// AuditLog is the audit trail: reads that must be on it are recorded, and
// admins search it.
type AuditLog interface {
	RecordAudit(ctx context.Context, e audit.Entry) error
	AuditEntries(ctx context.Context, f audit.Filter) (audit.Page, error)
}

// Deps is what the API needs from the rest of the program.
type Deps struct {
	Petitions *petition.Service
	Visits    *visit.Service
	Deadlines *deadline.Service
	Org       *org.Service
	OrgStore  org.Store
	Fields    petition.FieldStore
	Citizens  CitizenFinder
	Audit     AuditLog
	Catalog   *i18n.Catalog
	Log       *slog.Logger
	Auth      *auth.Service
	Reports   *report.Service
	Ready     func(ctx context.Context) error
	MaxBody   int64 // bytes; default 1 MiB
	// SecureCookies marks the session cookie Secure even when the request
	// did not arrive over TLS here: behind a proxy that terminates TLS.
	SecureCookies bool

	// Attachments also sets the body limit of the upload routes.
	Attachments *attachment.Service

	Notify    *notify.Service
	Schedule  *schedule.Service
	Retention *retention.Service
	// JobStatus reports the background jobs' last runs.
	JobStatus func(ctx context.Context) ([]jobs.Status, error)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

func (s *Server) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Server holds the handlers' dependencies.
//
// Handlers give the services the request's context, never the gin.Context:
// gin reuses its contexts from a pool, and database/sql watches the context
// it is given from a goroutine that may outlive the request, which would
// then read a context the next request on the connection is changing.
type Server struct {
	Deps
	creds  credentials
	public *ratelimit.Keyed // per client address, on routes open to anyone
}

// publicEvery and publicBurst limit each address on the public routes: a
// citizen looks a code up a few times, a script trying codes is stopped.
const (
	publicEvery = 2 * time.Second
	publicBurst = 30
)

func newServer(d Deps) *Server {
	return &Server{Deps: d, creds: credentials{entries: map[string]credential{}}, public: ratelimit.New(publicEvery, publicBurst)}
}

// New returns the HTTP handler of the whole API.
func New(d Deps) http.Handler {
	if d.MaxBody <= 0 {
		d.MaxBody = 1 << 20
	}
	gin.SetMode(gin.ReleaseMode)
	s := newServer(d)
	r := gin.New()
	// Without a proxy in front, the client's address is the connection's:
	// forwarded-for headers are not trusted.
	_ = r.SetTrustedProxies(nil)
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	r.Use(s.recover(), s.securityHeaders(), s.logRequests(), s.language(), renderErrors(d.Catalog, d.Log), s.limitBody())
	r.NoRoute(func(c *gin.Context) { fail(c, fault.New(fault.NotFound, "route.not_found", nil)) })
	r.NoMethod(func(c *gin.Context) { fail(c, fault.New(codeMethodNotAllowed, "method.not_allowed", nil)) })
	s.routes(r)
	return r
}

// recover turns a panic into a logged internal error; a panic is a bug,
// and the user still gets the one error shape.
func (s *Server) recover() gin.HandlerFunc {
	return gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, err any) {
		s.Log.Error("panic", "method", c.Request.Method, "path", c.Request.URL.Path, "panic", err)
		lang := langOf(c)
		c.AbortWithStatusJSON(http.StatusInternalServerError, errorBody{Error: errorDetail{
			Code: string(fault.Internal), Message: s.Catalog.T(lang, "internal", nil),
		}})
	})
}

func (s *Server) logRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		s.Log.Debug("request", "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "took", time.Since(start))
	}
}

// language picks the response language from ?lang= or Accept-Language.
func (s *Server) language() gin.HandlerFunc {
	return func(c *gin.Context) {
		accept := c.Query("lang")
		if accept == "" {
			accept = c.GetHeader("Accept-Language")
		}
		c.Set(langKey, s.Catalog.Pick(accept))
		c.Next()
	}
}

// limitBody caps every request body: at MaxBody, or on an upload route
// (see isUpload in routes.go) at the attachment limit plus room for the
// form around the file.
func (s *Server) limitBody() gin.HandlerFunc {
	return func(c *gin.Context) {
		max := s.MaxBody
		var tooLarge error = fault.New(codeTooLarge, "request.too_large", map[string]any{"Max": s.MaxBody})
		if isUpload(c) {
			max, tooLarge = s.Attachments.MaxSize()+formOverhead, s.Attachments.TooLarge()
		}
		if c.Request.ContentLength > max {
			fail(c, tooLarge)
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		c.Next()
	}
}

const langKey = "lang"

func langOf(c *gin.Context) i18n.Lang {
	if l, ok := c.Get(langKey); ok {
		return l.(i18n.Lang)
	}
	return i18n.VI
}
