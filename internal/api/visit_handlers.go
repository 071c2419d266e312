package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
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
	for i := 0; err == nil && i < len(d.Petitions); i++ {
		if u := d.Petitions[i].UnitID; u != 0 {
			err = s.inScope(c, u)
		}
	}
	if err != nil {
		fail(c, err)
		return
	}
	v, replayed, err := s.Visits.Create(c.Request.Context(), actorOf(c), d, idem)
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
	v, err := s.Visits.Get(c.Request.Context(), id)
	if err == nil {
		err = s.visible(c, v.UnitID)
	}
	if err == nil {
		err = s.guardVisitor(c, v, true)
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
	if f.UnitID, err = s.unitParam(c); err != nil {
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
	if format := c.Query("format"); format != "" {
		s.exportLogbook(c, f, format)
		return
	}
	res, err := s.Visits.List(c.Request.Context(), f)
	if err != nil {
		fail(c, err)
		return
	}
	for i := range res.Items {
		if err := s.guardVisitor(c, &res.Items[i], false); err != nil {
			fail(c, err)
			return
		}
	}
	ok(c, http.StatusOK, listResponse[visit.Visit]{Items: res.Items, Total: res.Total, Page: page, PerPage: per})
}

// guardVisitor hides the people of a visit that brought a confidential
// petition (a denunciation, most often) from officials not cleared for it:
// the visitor is the denouncer. A cleared official sees them on the visit's
// own page, and that reading is recorded; lists show them to nobody.
func (s *Server) guardVisitor(c *gin.Context, v *visit.Visit, page bool) error {
	p := v.Protected()
	if p == nil {
		return nil
	}
	cleared := false
	if page {
		var err error
		if cleared, err = s.Petitions.MaySeeIdentity(c.Request.Context(), actorOf(c), p); err != nil {
			return err
		}
	}
	if !cleared {
		redactVisitors(v)
		return nil
	}
	return s.Audit.RecordAudit(c.Request.Context(), audit.Entry{Action: audit.ReadIdentity, ObjectType: "visit", ObjectID: strconv.FormatInt(v.ID, 10)})
}

// redactVisitors leaves of a visit's people only that they were there.
func redactVisitors(v *visit.Visit) {
	v.Citizen = citizen.Citizen{FullName: hiddenName}
	for i := range v.Representatives {
		v.Representatives[i] = citizen.Citizen{FullName: hiddenName}
	}
}

// hiddenName stands for a person whose identity is kept confidential.
const hiddenName = "(Đã bảo mật danh tính)"
