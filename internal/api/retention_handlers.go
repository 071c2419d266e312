package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// listRetention is the filed petitions past their retention period, for
// an admin's review: unit_id, page, per_page.
func (s *Server) listRetention(c *gin.Context) {
	page, per, err := paging(c, 200)
	if err != nil {
		fail(c, err)
		return
	}
	unitID, err := s.unitParam(c)
	if err != nil {
		fail(c, err)
		return
	}
	out, err := s.Retention.Due(c, unitID, per, (page-1)*per)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, out)
}
