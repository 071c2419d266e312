package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/api"
	"tiepdan/internal/calendar"
	"tiepdan/internal/fault"
	"tiepdan/internal/i18n"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/vntime"
)

//go:embed templates/*.html
var templateFiles embed.FS

// templates holds one parsed set per page: the layout with that page's
// "content".
type templates map[string]*template.Template

var funcs = template.FuncMap{
	"date": func(v any) string {
		switch t := v.(type) {
		case time.Time:
			if t.IsZero() {
				return ""
			}
			return t.In(vntime.Zone).Format("02/01/2006")
		case *time.Time:
			if t == nil {
				return ""
			}
			return t.In(vntime.Zone).Format("02/01/2006")
		case calendar.Date:
			if t.IsZero() {
				return ""
			}
			return t.Format()
		case *calendar.Date:
			if t == nil || t.IsZero() {
				return ""
			}
			return t.Format()
		case string: // yyyy-mm-dd
			if d, err := calendar.ParseDate(t); err == nil {
				return d.Format()
			}
			return t
		}
		return fmt.Sprint(v)
	},
	"datetime": func(t time.Time) string { return vntime.DateTime(t) },
	"add":      func(a, b int) int { return a + b },
	"seq":      seq,
	"code":     petition.FormatCode,
	// dict passes several values to a sub-template: "Title", x, "Chart", y.
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"deref": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
}

func parseTemplates() (templates, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := templates{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		out[name] = t
	}
	return out, nil
}

// page is what every template is given: the language and its catalog, the
// signed-in official, the CSRF token for forms, and the page's own data.
type page struct {
	Lang    i18n.Lang
	User    *org.User
	Unit    *org.Unit
	CSRF    string
	Path    string
	Nav     string // the header link to mark as current
	Title   string // a catalog key
	Message string // a notice (already translated)
	Error   string // an error to show above the page (already translated)
	Stale   bool   // the error is a stale-version conflict: offer a reload
	Unread  int    // the official's unread notifications, on the header's badge
	Data    any

	cat *i18n.Catalog
}

// T translates key with params given as name, value pairs.
func (p *page) T(key string, kv ...any) string {
	var params map[string]any
	if len(kv) > 1 {
		params = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			params[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return p.cat.T(p.Lang, key, params)
}

// L is the label of a reference-list value ("state", "received").
func (p *page) L(list string, value any) string {
	v := fmt.Sprint(value)
	if v == "" {
		return ""
	}
	return p.cat.Label(p.Lang, list, v)
}

// Is reports whether the official holds the role.
func (p *page) Is(role string) bool { return p.User != nil && p.User.Has(org.Role(role)) }

// newPage starts the data of a page for this request.
func (s *Server) newPage(c *gin.Context, nav, title string) *page {
	p := &page{Lang: langOf(c), Path: c.Request.URL.RequestURI(), Nav: nav, Title: title, cat: s.Catalog}
	if u, ok := userOf(c); ok {
		p.User = &u
		if sess := sessionOf(c); sess != nil {
			p.CSRF = sess.CSRFToken
		}
		if unit, err := s.OrgStore.Unit(c.Request.Context(), u.UnitID); err == nil {
			p.Unit = unit
		}
		if s.Notify != nil {
			// A badge that cannot be counted is left off rather than
			// failing the page.
			if n, err := s.Notify.UnreadCount(c.Request.Context(), u.ID); err == nil {
				p.Unread = n
			}
		}
	}
	return p
}

// render writes the named page, buffered so a template error becomes an
// error page rather than half a page.
func (s *Server) render(c *gin.Context, status int, name string, p *page) {
	t, ok := s.pages[name]
	if !ok {
		s.Log.Error("no such template", "name", name)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", p); err != nil {
		s.Log.Error("template", "name", name, "err", err)
		c.String(http.StatusInternalServerError, s.Catalog.T(p.Lang, "internal", nil))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

// fail renders the error page with a catalog message.
func (s *Server) fail(c *gin.Context, status int, key string) {
	p := s.newPage(c, "", "web.error.title")
	p.Error = s.Catalog.T(p.Lang, key, nil)
	s.render(c, status, "error", p)
	c.Abort()
}

// message words a domain error in the user's language, with the first
// field problem named; internal errors are logged and shown as such.
func (s *Server) message(c *gin.Context, err error) (int, string) {
	lang := langOf(c)
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code == fault.Internal {
		s.Log.Error("page failed", "method", c.Request.Method, "path", c.FullPath(), "err", err)
		return http.StatusInternalServerError, s.Catalog.T(lang, "internal", nil)
	}
	msg := s.Catalog.T(lang, fe.Key, fe.Params)
	if len(fe.Problems) > 0 {
		p := fe.Problems[0]
		field := p.Field
		if k := fmt.Sprintf("web.field.%s", fieldName(field)); s.Catalog.Has(lang, k) {
			field = s.Catalog.T(lang, k, nil)
		}
		msg = s.Catalog.T(lang, "invalid.with_field", map[string]any{"Field": field, "Message": s.Catalog.T(lang, p.Key, p.Params)})
	}
	return api.Status(fe.Code), msg
}

// fieldName is the last name in a field path: "petitions[0].summary" →
// "summary".
func fieldName(f string) string {
	if i := strings.LastIndexByte(f, '.'); i >= 0 {
		f = f[i+1:]
	}
	if i := strings.IndexByte(f, '['); i >= 0 {
		f = f[:i]
	}
	return f
}

// failErr renders the error page for a domain error.
func (s *Server) failErr(c *gin.Context, err error) {
	status, msg := s.message(c, err)
	p := s.newPage(c, "", "web.error.title")
	p.Error = msg
	s.render(c, status, "error", p)
	c.Abort()
}
