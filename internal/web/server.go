// Package web is the server-rendered interface: the reception desk, the
// handler's workbench, the leader's dashboard, the admin pages and the
// citizens' lookup. Handlers are thin: they read the form, call the same
// domain services the JSON API calls, and render an embedded template.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/api"
	"tiepdan/internal/attachment"
	"tiepdan/internal/audit"
	"tiepdan/internal/auth"
	"tiepdan/internal/citizen"
	"tiepdan/internal/deadline"
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

// AuditLog records the readings of personal data the pages show.
type AuditLog interface {
	RecordAudit(ctx context.Context, e audit.Entry) error
}

// Deps is what the pages need from the rest of the program: the services
// the API uses too.
type Deps struct {
	Petitions   *petition.Service
	Visits      *visit.Service
	Deadlines   *deadline.Service
	Org         *org.Service
	OrgStore    org.Store
	Fields      petition.FieldStore
	Citizens    CitizenFinder
	Audit       AuditLog
	Catalog     *i18n.Catalog
	Log         *slog.Logger
	Auth        *auth.Service
	Reports     *report.Service
	Attachments *attachment.Service
	Notify      *notify.Service
	Schedule    *schedule.Service
	Retention   *retention.Service
	// JobStatus reports the background jobs for the admins.
	JobStatus func(ctx context.Context) ([]jobs.Status, error)
	Now       func() time.Time
	// SecureCookies marks cookies Secure behind a proxy that terminates TLS.
	SecureCookies bool
}

// Server holds the pages' dependencies and parsed templates.
//
// Handlers give the services the request's context, never the gin.Context:
// gin reuses its contexts from a pool, and database/sql watches the context
// it is given from a goroutine that may outlive the request.
type Server struct {
	Deps
	pages  templates
	public *ratelimit.Keyed
}

// New returns the handler of every page and of /static/.
func New(d Deps) (http.Handler, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, pages: pages, public: ratelimit.New(2*time.Second, 30)}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	_ = r.SetTrustedProxies(nil)
	r.ContextWithFallback = true
	r.Use(s.recover(), s.securityHeaders(), s.language(), s.session())
	r.NoRoute(func(c *gin.Context) { s.fail(c, http.StatusNotFound, "web.not_found") })
	s.routes(r)
	return r, nil
}

func (s *Server) recover() gin.HandlerFunc {
	return gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, err any) {
		s.Log.Error("panic", "method", c.Request.Method, "path", c.Request.URL.Path, "panic", err)
		s.fail(c, http.StatusInternalServerError, "internal")
	})
}

// securityHeaders are the API's: same policy, so the pages load scripts
// and styles from /static/ only.
func (s *Server) securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", api.ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if c.Request.TLS != nil || s.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		c.Next()
	}
}

func (s *Server) secure(c *gin.Context) bool { return s.SecureCookies || c.Request.TLS != nil }
