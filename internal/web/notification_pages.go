package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/notify"
)

// inboxSize is how many notifications the inbox shows, newest first.
const inboxSize = 100

type inboxItem struct {
	notify.Notification
	Href string // the page the notification is about, "" when none
}

type inboxData struct {
	Items  []inboxItem
	Unread int
	Older  string // the next page's address, "" on the last
	Newest bool   // the first page
}

// notifications is the official's inbox: newest first, unread marked,
// each linked to the petition or the reception calendar it is about.
func (s *Server) notifications(c *gin.Context) {
	u, _ := userOf(c)
	p := s.newPage(c, "notifications", "web.notifications.title")
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	ns, err := s.Notify.Inbox(c.Request.Context(), u.ID, string(p.Lang), false, max(before, 0), inboxSize)
	if err != nil {
		s.failErr(c, err)
		return
	}
	d := inboxData{Unread: p.Unread, Newest: before <= 0}
	if len(ns) == inboxSize {
		d.Older = "/notifications?before=" + strconv.FormatInt(ns[len(ns)-1].ID, 10)
	}
	for _, n := range ns {
		d.Items = append(d.Items, inboxItem{Notification: n, Href: pageOf(n)})
	}
	switch c.Query("done") {
	case "read":
		p.Message = p.T("web.notifications.marked")
	case "all":
		p.Message = p.T("web.notifications.marked_all")
	}
	p.Data = d
	s.render(c, http.StatusOK, "notifications", p)
}

// pageOf maps a notification's link, written for the API's resources, to
// the page that shows the same thing.
func pageOf(n notify.Notification) string {
	switch {
	case strings.HasPrefix(n.Link, "/petitions/"):
		return n.Link
	case strings.HasPrefix(n.Link, "/deadlines/overdue"):
		if _, q, ok := strings.Cut(n.Link, "unit_id="); ok {
			if id, err := strconv.ParseInt(q, 10, 64); err == nil {
				return "/petitions?overdue=1&unit=" + strconv.FormatInt(id, 10)
			}
		}
		return "/petitions?overdue=1"
	case n.Kind == "reception" || n.Kind == "reception_minimum":
		return "/dashboard#calendar"
	}
	return ""
}

// markRead marks one notification read, or all of them with id "all".
func (s *Server) markRead(c *gin.Context) {
	u, _ := userOf(c)
	ctx := c.Request.Context()
	if c.Param("id") == "all" {
		if err := s.Notify.MarkAllRead(ctx, u.ID); err != nil {
			s.failErr(c, err)
			return
		}
		c.Redirect(http.StatusSeeOther, "/notifications?done=all")
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, http.StatusNotFound, "not_found")
		return
	}
	if err := s.Notify.MarkRead(ctx, u.ID, id); err != nil {
		s.failErr(c, err)
		return
	}
	if next := localPath(c.PostForm("next")); next != "" && next != "/" {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	c.Redirect(http.StatusSeeOther, "/notifications?done=read")
}
