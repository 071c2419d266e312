package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
	"tiepdan/internal/ratelimit"
)

// limitPublic slows each client address down on the routes anyone may
// call without signing in, so tracking codes cannot be tried in bulk.
func (s *Server) limitPublic() gin.HandlerFunc {
	return func(c *gin.Context) {
		if ok, wait := s.public.Allow(c.ClientIP(), time.Now()); !ok {
			fail(c, fault.New(fault.TooMany, "public.too_many", map[string]any{"RetryAfter": ratelimit.RetryAfter(wait)}))
			return
		}
		c.Next()
	}
}

// publicPetition is a citizen's lookup by the code on their receipt.
func (s *Server) publicPetition(c *gin.Context) {
	v, err := s.Petitions.ByCode(c.Request.Context(), c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	ok(c, http.StatusOK, v)
}
