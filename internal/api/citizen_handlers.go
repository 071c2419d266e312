package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
)

// lookupCitizen finds a citizen by CCCD or passport number and briefs the
// officer on their earlier petitions, newest first.
func (s *Server) lookupCitizen(c *gin.Context) {
	number := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(c.Query("id_number")), " ", ""))
	if number == "" {
		var p fault.Problems
		p.Add("id_number", "citizen.id_number_required", nil)
		fail(c, p.Err())
		return
	}
	ct, err := s.Citizens.CitizenByIDNumber(c, number)
	if err != nil {
		fail(c, err)
		return
	}
	res, err := s.Petitions.List(c, petition.Filter{CitizenID: ct.ID, Limit: 20})
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"citizen": ct, "petitions": res.Items, "petition_count": res.Total})
}
