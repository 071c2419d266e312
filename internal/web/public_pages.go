package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/petition"
	"tiepdan/internal/ratelimit"
)

type lookupData struct {
	Code   string
	Result *petition.Public
}

// lookup is a citizen's status page by the code on their receipt: the
// public view only, and slowed down per address like the API's.
func (s *Server) lookup(c *gin.Context) {
	p := s.newPage(c, "lookup", "web.lookup.title")
	d := lookupData{Code: strings.TrimSpace(c.Query("code"))}
	status := http.StatusOK
	if d.Code != "" {
		if ok, wait := s.public.Allow(c.ClientIP(), s.Now()); !ok {
			status, p.Error = http.StatusTooManyRequests, p.T("public.too_many", "RetryAfter", ratelimit.RetryAfter(wait))
		} else if res, err := s.Petitions.ByCode(c.Request.Context(), d.Code); err != nil {
			status, p.Error = s.message(c, err)
		} else {
			d.Result = res
		}
	}
	p.Data = d
	c.Header("Cache-Control", "no-store")
	s.render(c, status, "lookup", p)
}
