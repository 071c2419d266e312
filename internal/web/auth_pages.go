package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/api"
	"tiepdan/internal/audit"
	"tiepdan/internal/i18n"
)

type loginData struct {
	Username string
	Next     string
}

func (s *Server) loginPage(c *gin.Context) {
	if _, ok := userOf(c); ok {
		c.Redirect(http.StatusSeeOther, localPath(c.DefaultQuery("next", "/")))
		return
	}
	p := s.newPage(c, "login", "web.login.title")
	p.Data = loginData{Next: localPath(c.DefaultQuery("next", "/"))}
	s.render(c, http.StatusOK, "login", p)
}

// login signs in with the API's sessions: the same cookie serves the
// pages and the script's calls to the API.
func (s *Server) login(c *gin.Context) {
	username, password := strings.TrimSpace(c.PostForm("username")), c.PostForm("password")
	next := localPath(c.DefaultPostForm("next", "/"))
	who := audit.Who{Username: strings.ToLower(username), Address: c.ClientIP()}
	c.Request = c.Request.WithContext(audit.WithWho(c.Request.Context(), who))
	in, err := s.Auth.Login(c.Request.Context(), username, password, c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		status, msg := s.message(c, err)
		p := s.newPage(c, "login", "web.login.title")
		p.Error = msg
		p.Data = loginData{Username: username, Next: next}
		s.render(c, status, "login", p)
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: api.SessionCookie, Value: in.Cookie, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(c)})
	c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) logout(c *gin.Context) {
	if sess := sessionOf(c); sess != nil {
		if err := s.Auth.Logout(c.Request.Context(), sess.ID); err != nil {
			s.failErr(c, err)
			return
		}
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: api.SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(c)})
	c.Redirect(http.StatusSeeOther, "/login")
}

// switchLanguage keeps the chosen language in a cookie for a year and
// goes back to the page the switch was pressed on.
func (s *Server) switchLanguage(c *gin.Context) {
	lang := i18n.VI
	if c.Query("to") == string(i18n.EN) {
		lang = i18n.EN
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(c)})
	c.Redirect(http.StatusSeeOther, localPath(c.DefaultQuery("back", "/")))
}
