package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/notify"
)

// listNotifications is the official's own inbox, newest first: unread
// (true for unread only), before (an id, to page back), limit.
func (s *Server) listNotifications(c *gin.Context) {
	before, err := queryID(c, "before")
	if err != nil {
		fail(c, err)
		return
	}
	limit, err := queryInt(c, "limit", 50, 1, 200)
	if err != nil {
		fail(c, err)
		return
	}
	items, err := s.Notify.Inbox(c.Request.Context(), actorOf(c).ID, string(langOf(c)), c.Query("unread") == "true", before, int(limit))
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": items})
}

func (s *Server) unreadCount(c *gin.Context) {
	n, err := s.Notify.UnreadCount(c.Request.Context(), actorOf(c).ID)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"unread": n})
}

// markRead marks one of the official's own notifications read; another's
// is not found.
func (s *Server) markRead(c *gin.Context) {
	id, err := pathID(c, "id")
	if err == nil {
		err = s.Notify.MarkRead(c, actorOf(c).ID, id)
	}
	if err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// listDeliveries is the queue of emails and webhook calls, for the admins:
// status (pending, sent, failed), page, per_page.
func (s *Server) listDeliveries(c *gin.Context) {
	page, per, err := paging(c, 200)
	if err != nil {
		fail(c, err)
		return
	}
	items, total, err := s.Notify.Deliveries(c, notify.DeliveryFilter{Status: c.Query("status"), Limit: per, Offset: (page - 1) * per})
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, listResponse[notify.Delivery]{Items: items, Total: total, Page: page, PerPage: per})
}

// listJobs is every background job's last run and lease, for the admins.
func (s *Server) listJobs(c *gin.Context) {
	st, err := s.JobStatus(c)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": st})
}
