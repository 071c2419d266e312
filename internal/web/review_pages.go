package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/jobs"
	"tiepdan/internal/retention"
)

// retentionPageSize is how many filed petitions the review list shows.
const retentionPageSize = 50

type retentionData struct {
	Page retention.Page
	Prev string
	Next string
}

// retentionReview lists the filed petitions kept past their retention
// period, in the admin's scope, for the head to decide on; nothing is
// deleted here.
func (s *Server) retentionReview(c *gin.Context) {
	unitID, err := s.scope(c)
	if err != nil {
		s.failErr(c, err)
		return
	}
	offset, _ := strconv.Atoi(c.Query("offset"))
	offset = max(offset, 0)
	pg, err := s.Retention.Due(c.Request.Context(), unitID, retentionPageSize, offset)
	if err != nil {
		s.failErr(c, err)
		return
	}
	d := retentionData{Page: pg}
	if offset > 0 {
		d.Prev = "/admin/retention?offset=" + strconv.Itoa(max(offset-retentionPageSize, 0))
	}
	if offset+retentionPageSize < pg.Total {
		d.Next = "/admin/retention?offset=" + strconv.Itoa(offset+retentionPageSize)
	}
	p := s.newPage(c, "admin", "web.retention.title")
	p.Data = d
	s.render(c, http.StatusOK, "retention", p)
}

// jobStatuses shows the background jobs: when each last ran, how it
// ended, and which node holds it.
func (s *Server) jobStatuses(c *gin.Context) {
	if err := s.deploymentWide(c); err != nil {
		s.failErr(c, err)
		return
	}
	var st []jobs.Status
	if s.JobStatus != nil {
		var err error
		if st, err = s.JobStatus(c.Request.Context()); err != nil {
			s.failErr(c, err)
			return
		}
	}
	p := s.newPage(c, "admin", "web.jobs.title")
	p.Data = st
	s.render(c, http.StatusOK, "jobs", p)
}
