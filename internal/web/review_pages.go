package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/jobs"
	"tiepdan/internal/notify"
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

type jobsData struct {
	Jobs       []jobs.Status
	Deliveries []notify.Delivery
	Total      int
	Status     string
	Statuses   []string
}

// deliveriesShown is how many queued copies the jobs page lists.
const deliveriesShown = 50

// jobStatuses shows the background jobs (when each last ran, how it
// ended, which node holds it) and the queue of email and webhook copies,
// where a failing one waits for its retry; the messages' text is left
// out, as the API leaves it out for admins.
func (s *Server) jobStatuses(c *gin.Context) {
	if err := s.deploymentWide(c); err != nil {
		s.failErr(c, err)
		return
	}
	d := jobsData{Status: c.Query("status"), Statuses: []string{"", "pending", "failed", "sent"}}
	if s.JobStatus != nil {
		var err error
		if d.Jobs, err = s.JobStatus(c.Request.Context()); err != nil {
			s.failErr(c, err)
			return
		}
	}
	var err error
	if d.Deliveries, d.Total, err = s.Notify.Deliveries(c.Request.Context(), notify.DeliveryFilter{Status: d.Status, Limit: deliveriesShown}); err != nil {
		s.failErr(c, err)
		return
	}
	p := s.newPage(c, "admin", "web.jobs.title")
	p.Data = d
	s.render(c, http.StatusOK, "jobs", p)
}
