package web

import (
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
	"tiepdan/internal/org"
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

// units returns every unit, and those in the official's scope (their own
// and everything under it), read once: a unit's path names its ancestors.
func (s *Server) units(c *gin.Context) (all, inScope []org.Unit, err error) {
	u, _ := userOf(c)
	all, err = s.OrgStore.Units(c.Request.Context())
	if err != nil {
		return nil, nil, err
	}
	prefix := ""
	for _, un := range all {
		if un.ID == u.UnitID {
			prefix = un.Path
		}
	}
	for _, un := range all {
		if prefix != "" && strings.HasPrefix(un.Path, prefix) {
			inScope = append(inScope, un)
		}
	}
	return all, inScope, nil
}
