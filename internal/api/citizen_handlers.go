package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
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
	ct, err := s.Citizens.CitizenByIDNumber(c.Request.Context(), number)
	if err != nil && !fault.Is(err, fault.NotFound) {
		fail(c, err)
		return
	}
	// Every lookup is on the trail before anything is answered, found or
	// not: either answer tells something about a person.
	if err := s.Audit.RecordAudit(c.Request.Context(), lookupTrail(ct)); err != nil {
		fail(c, err)
		return
	}
	if ct == nil {
		fail(c, err)
		return
	}
	unitID, err := s.scopedUnit(c, 0)
	if err != nil {
		fail(c, err)
		return
	}
	res, err := s.Petitions.List(c.Request.Context(), petition.Filter{CitizenID: ct.ID, UnitID: unitID, Limit: 20})
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"citizen": ct, "petitions": res.Items, "petition_count": res.Total})
}

// lookupTrail is the audit entry of a lookup: the person found, by id (the
// number asked for is not kept), or that nobody was.
func lookupTrail(ct *citizen.Citizen) audit.Entry {
	e := audit.Entry{Action: audit.LookupCitizen, ObjectType: "citizen", After: json.RawMessage(`{"found":false}`)}
	if ct != nil {
		e.ObjectID = strconv.FormatInt(ct.ID, 10)
		e.After = json.RawMessage(`{"found":true}`)
	}
	return e
}
