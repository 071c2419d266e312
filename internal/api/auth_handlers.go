package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/audit"
	"tiepdan/internal/auth"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

// signedIn is the answer to a login and to "who am I": the official and,
// for a browser session, the CSRF token its changes must carry.
type signedIn struct {
	User      org.User   `json:"user"`
	CSRFToken string     `json:"csrf_token,omitempty"`
	Expires   *time.Time `json:"expires_at,omitempty"`
}

func (s *Server) login(c *gin.Context) {
	var b struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if _, err := decode(c, &b); err != nil {
		fail(c, err)
		return
	}
	var p fault.Problems
	if b.Username == "" {
		p.Add("username", "invalid.required", nil)
	}
	if b.Password == "" {
		p.Add("password", "invalid.required", nil)
	}
	if err := p.Err(); err != nil {
		fail(c, err)
		return
	}
	// The trail records a login, failed or not, under the name tried.
	who := audit.Who{Username: strings.ToLower(strings.TrimSpace(b.Username)), Address: c.ClientIP()}
	c.Request = c.Request.WithContext(audit.WithWho(c.Request.Context(), who))
	in, err := s.Auth.Login(c.Request.Context(), b.Username, b.Password, c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		fail(c, err)
		return
	}
	// A session cookie (no Expires): the browser forgets it when closed,
	// and the server ends the session when idle or too old.
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: in.Cookie, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c)})
	ok(c, http.StatusOK, signedIn{User: in.User, CSRFToken: in.Session.CSRFToken, Expires: &in.Session.Expires})
}

func (s *Server) secureCookies(c *gin.Context) bool { return s.SecureCookies || c.Request.TLS != nil }

func (s *Server) logout(c *gin.Context) {
	if sess := sessionOf(c); sess != nil {
		if err := s.Auth.Logout(c.Request.Context(), sess.ID); err != nil {
			fail(c, err)
			return
		}
		s.creds.forget("s" + sess.ID)
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c)})
	c.Status(http.StatusNoContent)
}

func (s *Server) me(c *gin.Context) {
	out := signedIn{User: actorOf(c)}
	if sess := sessionOf(c); sess != nil {
		out.CSRFToken, out.Expires = sess.CSRFToken, &sess.Expires
	}
	ok(c, http.StatusOK, out)
}

func (s *Server) changePassword(c *gin.Context) {
	var b struct {
		Current string `json:"current_password"`
		New     string `json:"new_password"`
	}
	if _, err := decode(c, &b); err != nil {
		fail(c, err)
		return
	}
	keep := ""
	if sess := sessionOf(c); sess != nil {
		keep = sess.ID
	}
	if err := s.Auth.ChangePassword(c.Request.Context(), actorOf(c), keep, b.Current, b.New); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listTokens(c *gin.Context) {
	ts, err := s.Auth.Tokens(c.Request.Context(), actorOf(c))
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": ts})
}

func (s *Server) createToken(c *gin.Context) {
	var b struct {
		Name string `json:"name"`
	}
	if _, err := decode(c, &b); err != nil {
		fail(c, err)
		return
	}
	t, secret, err := s.Auth.CreateToken(c.Request.Context(), actorOf(c), b.Name)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusCreated, struct {
		*auth.Token
		Secret string `json:"token"`
	}{t, secret})
}

func (s *Server) revokeToken(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	if err := s.Auth.RevokeToken(c.Request.Context(), actorOf(c), id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
