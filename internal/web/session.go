package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/api"
	"tiepdan/internal/audit"
	"tiepdan/internal/auth"
	"tiepdan/internal/i18n"
	"tiepdan/internal/org"
)

// langCookie keeps the language a user switched to; without it the pages
// speak Vietnamese.
const langCookie = "tiepdan_lang"

const (
	langKey    = "page_lang"
	userKey    = "page_user"
	sessionKey = "page_session"
)

// language picks the page language from the cookie the switch sets;
// Vietnamese is the default whatever the browser asks for.
func (s *Server) language() gin.HandlerFunc {
	return func(c *gin.Context) {
		lang := i18n.VI
		if v, err := c.Cookie(langCookie); err == nil && v == string(i18n.EN) {
			lang = i18n.EN
		}
		c.Set(langKey, lang)
		c.Next()
	}
}

func langOf(c *gin.Context) i18n.Lang {
	if l, ok := c.Get(langKey); ok {
		return l.(i18n.Lang)
	}
	return i18n.VI
}

// session finds the signed-in official from the API's session cookie, when
// there is one; pages that need one ask with signedIn.
func (s *Server) session() gin.HandlerFunc {
	return func(c *gin.Context) {
		if cookie, err := c.Cookie(api.SessionCookie); err == nil && cookie != "" {
			if sess, u, err := s.Auth.Session(c.Request.Context(), cookie); err == nil {
				c.Set(sessionKey, sess)
				c.Set(userKey, *u)
				who := audit.Who{UserID: u.ID, Username: u.Username, Address: c.ClientIP()}
				c.Request = c.Request.WithContext(audit.WithWho(c.Request.Context(), who))
			}
		}
		c.Next()
	}
}

func userOf(c *gin.Context) (org.User, bool) {
	u, ok := c.Get(userKey)
	if !ok {
		return org.User{}, false
	}
	return u.(org.User), true
}

func sessionOf(c *gin.Context) *auth.Session {
	s, _ := c.Get(sessionKey)
	sess, _ := s.(*auth.Session)
	return sess
}

// allow lets through a signed-in official holding one of the roles; the
// others go to the login page (with the page to come back to) or get a
// page saying the role may not. A form post must carry the session's CSRF
// token.
func (s *Server) allow(roles ...org.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := userOf(c)
		if !ok {
			if c.Request.Method == http.MethodGet {
				c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
				c.Abort()
				return
			}
			s.fail(c, http.StatusUnauthorized, "auth.required")
			return
		}
		if len(roles) > 0 && !u.HasAny(roles...) {
			s.fail(c, http.StatusForbidden, "auth.role_forbidden")
			return
		}
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			if !csrfOK(c, sessionOf(c).CSRFToken) {
				s.fail(c, http.StatusForbidden, "auth.csrf")
				return
			}
		}
		c.Next()
	}
}

// csrfOK accepts a change only with the session's token, in the form or
// the header, and only from this site when the browser names an origin.
func csrfOK(c *gin.Context, want string) bool {
	if o := c.GetHeader("Origin"); o != "" {
		if u, err := url.Parse(o); err != nil || u.Host != c.Request.Host {
			return false
		}
	}
	got := c.GetHeader(api.CSRFHeader)
	if got == "" {
		got = c.PostForm("csrf_token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// localPath keeps a redirect target on this site: a path, never a URL
// another site could be named in.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}
