package api

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/audit"
	"tiepdan/internal/auth"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

// Credentials a request may carry: the session cookie a browser got at
// login, or an API token in "Authorization: Bearer". A request with the
// cookie that changes something must also carry the session's CSRF token,
// in the X-CSRF-Token header or, in a plain (urlencoded) form, a csrf_token
// field.
const (
	SessionCookie = "tiepdan_session"
	CSRFHeader    = "X-CSRF-Token"
	csrfField     = "csrf_token"
)

const (
	actorKey   = "actor"
	sessionKey = "session"
)

// credentialTTL is how long a checked cookie or token is remembered: every
// request carries one, and checking it costs a read. A session ended on
// another node, or a disabled account, stops working within this time; a
// logout on this node, at once.
const credentialTTL = 2 * time.Second

// credentials remembers recently checked cookies and tokens by digest.
type credentials struct {
	mu      sync.Mutex
	entries map[string]credential
}

type credential struct {
	user    org.User
	session *auth.Session // nil for a token
	expires time.Time
}

func (cs *credentials) get(key string, now time.Time) (credential, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c, ok := cs.entries[key]
	return c, ok && now.Before(c.expires)
}

func (cs *credentials) put(key string, c credential) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if len(cs.entries) > 10000 {
		clear(cs.entries)
	}
	cs.entries[key] = c
}

func (cs *credentials) forget(key string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	delete(cs.entries, key)
}

// authenticate resolves the signed-in official from the request's token or
// session cookie; a request with neither gets 401.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		cred, err := s.credential(c)
		if err != nil {
			fail(c, err)
			return
		}
		if cred.session != nil && unsafeMethod(c.Request.Method) {
			if err := checkCSRF(c, cred.session.CSRFToken); err != nil {
				fail(c, err)
				return
			}
		}
		if cred.session != nil {
			c.Set(sessionKey, cred.session)
		}
		setActor(c, cred.user)
		c.Next()
	}
}

func (s *Server) credential(c *gin.Context) (credential, error) {
	now := time.Now()
	if h := c.GetHeader("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			return credential{}, fault.New(fault.Unauthorized, "auth.token_invalid", nil)
		}
		key := "t" + auth.Digest(token)
		if cr, ok := s.creds.get(key, now); ok {
			return cr, nil
		}
		_, u, err := s.Auth.Token(c.Request.Context(), token)
		if err != nil {
			return credential{}, err
		}
		cr := credential{user: *u, expires: now.Add(credentialTTL)}
		s.creds.put(key, cr)
		return cr, nil
	}
	cookie, err := c.Cookie(SessionCookie)
	if err != nil || cookie == "" {
		return credential{}, fault.New(fault.Unauthorized, "auth.required", nil)
	}
	key := "s" + auth.Digest(cookie)
	if cr, ok := s.creds.get(key, now); ok {
		return cr, nil
	}
	sess, u, err := s.Auth.Session(c.Request.Context(), cookie)
	if err != nil {
		return credential{}, err
	}
	cr := credential{user: *u, session: sess, expires: now.Add(credentialTTL)}
	s.creds.put(key, cr)
	return cr, nil
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// checkCSRF accepts a cookie-authenticated change only with the session's
// token, and only from this site when the browser names an origin.
func checkCSRF(c *gin.Context, want string) error {
	if o := c.GetHeader("Origin"); o != "" {
		if u, err := url.Parse(o); err != nil || u.Host != c.Request.Host {
			return fault.New(fault.Forbidden, "auth.csrf", nil)
		}
	}
	got := c.GetHeader(CSRFHeader)
	if got == "" {
		// Only a plain form carries it in a field: reading a multipart
		// body here would consume the upload it carries (such posts send
		// the header).
		if c.ContentType() == "application/x-www-form-urlencoded" {
			got = c.PostForm(csrfField)
		}
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fault.New(fault.Forbidden, "auth.csrf", nil)
	}
	return nil
}

// setActor records the acting official for the handlers, and for the
// stores' audit trail in the request's context.
func setActor(c *gin.Context, u org.User) {
	c.Set(actorKey, u)
	who := audit.Who{UserID: u.ID, Username: u.Username, Address: c.ClientIP()}
	c.Request = c.Request.WithContext(audit.WithWho(c.Request.Context(), who))
}

func actorOf(c *gin.Context) org.User {
	u, _ := c.Get(actorKey)
	return u.(org.User)
}

// sessionOf is the request's session; nil when it came with a token.
func sessionOf(c *gin.Context) *auth.Session {
	s, _ := c.Get(sessionKey)
	sess, _ := s.(*auth.Session)
	return sess
}
