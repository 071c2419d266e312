package web

import (
	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
)

// scope is the unit the official's lists cover: their own, with
// everything under it; 0 when that is the whole deployment.
func (s *Server) scope(c *gin.Context) (int64, error) {
	u, _ := userOf(c)
	all, err := s.Org.Everything(c.Request.Context(), u.UnitID)
	if err != nil || all {
		return 0, err
	}
	return u.UnitID, nil
}

// visible hides a record of a unit outside the official's scope as if it
// did not exist, as the API does.
func (s *Server) visible(c *gin.Context, unitID int64) error {
	u, _ := userOf(c)
	in, err := s.Org.Within(c.Request.Context(), u.UnitID, unitID)
	if err != nil {
		return err
	}
	if !in {
		return fault.New(fault.NotFound, "not_found", nil)
	}
	return nil
}
