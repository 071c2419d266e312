package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/visit"
)

func (s *Server) createVisit(c *gin.Context) {
	var d visit.Draft
	raw, err := decode(c, &d)
	if err != nil {
		fail(c, err)
		return
	}
	idem, err := idempotency(c, raw)
	if err == nil && d.UnitID != 0 {
		err = s.inScope(c, d.UnitID)
	}
	if err != nil {
		fail(c, err)
		return
	}
	v, replayed, err := s.Visits.Create(c, actorOf(c), d, idem)
	if err != nil {
		fail(c, err)
		return
	}
	created(c, replayed, v)
}

func (s *Server) getVisit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	v, err := s.Visits.Get(c, id)
	if err == nil {
		err = s.visible(c, v.UnitID)
	}
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, v)
}

// listVisits is the logbook: unit (with everything under it), from and to
// (days, inclusive), page, per_page.
func (s *Server) listVisits(c *gin.Context) {
	page, per, err := paging(c, 500)
	if err != nil {
		fail(c, err)
		return
	}
	f := visit.Filter{Limit: per, Offset: (page - 1) * per}
	if f.UnitID, err = queryID(c, "unit_id"); err != nil {
		fail(c, err)
		return
	}
	if f.UnitID, err = s.scopedUnit(c, f.UnitID); err != nil {
		fail(c, err)
		return
	}
	if f.FromDay, err = queryDay(c, "from"); err != nil {
		fail(c, err)
		return
	}
	if f.ToDay, err = queryDay(c, "to"); err != nil {
		fail(c, err)
		return
	}
	res, err := s.Visits.List(c, f)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, listResponse[visit.Visit]{Items: res.Items, Total: res.Total, Page: page, PerPage: per})
}
