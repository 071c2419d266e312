package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/audit"
)

// listAudit searches the audit trail, newest first: user_id or username,
// action, object_type, object_id, from and to (days, inclusive), page,
// per_page.
func (s *Server) listAudit(c *gin.Context) {
	page, per, err := paging(c, 500)
	if err != nil {
		fail(c, err)
		return
	}
	f := audit.Filter{Limit: per, Offset: (page - 1) * per,
		Username: strings.TrimSpace(c.Query("username")), Action: audit.Action(strings.TrimSpace(c.Query("action"))),
		ObjectType: strings.TrimSpace(c.Query("object_type")), ObjectID: strings.TrimSpace(c.Query("object_id"))}
	if f.Action != "" && !oneOf(f.Action, audit.Actions) {
		fail(c, badParam("action"))
		return
	}
	if f.UserID, err = queryID(c, "user_id"); err != nil {
		fail(c, err)
		return
	}
	from, err := queryDay(c, "from")
	if err != nil {
		fail(c, err)
		return
	}
	to, err := queryDay(c, "to")
	if err != nil {
		fail(c, err)
		return
	}
	f.From, f.To = dayBounds(from, to)
	res, err := s.Audit.AuditEntries(c.Request.Context(), f)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, listResponse[audit.Entry]{Items: res.Items, Total: res.Total, Page: page, PerPage: per})
}
