package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// routes lists every route of the API on one screen, with who may call it.
// The OpenAPI document (openapi.yaml) describes each; a test fails when one
// is missing there, and the access test fails when one lets through a role
// or a unit it should not.
func (s *Server) routes(r *gin.Engine) {
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/api/openapi.yaml", s.openapi)

	v1 := r.Group("/api/v1")
	v1.GET("/reference", s.reference)
	v1.POST("/auth/login", s.login)
	v1.GET("/public/petitions/:code", s.limitPublic(), s.publicPetition)
	v1.GET("/public/units/:code/reception-schedule", s.limitPublic(), s.publicSchedule)
	v1.GET("/public/units/:code/reception-schedule.ics", s.limitPublic(), s.publicScheduleICS)

	// Everything below needs a signed-in official (authenticate.go).
	a := v1.Group("", s.authenticate())
	a.GET("/auth/me", allow(anyone), s.me)
	a.POST("/auth/logout", allow(anyone), s.logout)
	a.POST("/auth/password", allow(anyone), s.changePassword)
	a.GET("/auth/tokens", allow(anyone), s.listTokens)
	a.POST("/auth/tokens", allow(anyone), s.createToken)
	a.DELETE("/auth/tokens/:id", allow(anyone), s.revokeToken)

	a.GET("/units", allow(anyone), s.listUnits)
	a.POST("/units", allow(admins), s.createUnit)
	a.GET("/units/:id", allow(anyone), s.getUnit)
	a.GET("/users", allow(staffReaders), s.listUsers)
	a.POST("/users", allow(admins), s.createUser)
	a.GET("/fields", allow(anyone), s.listFields)
	a.POST("/fields", allow(admins), s.rootOnly(), s.createField)
	a.GET("/citizens/lookup", allow(lookups), s.lookupCitizen)

	a.GET("/visits", allow(caseReaders), s.listVisits)
	a.POST("/visits", allow(loggers), s.createVisit)
	a.GET("/visits/:id", allow(caseReaders), s.getVisit)
	a.GET("/visits/:id/attachments", allow(caseReaders), s.listVisitAttachments)
	a.POST("/visits/:id/attachments", allow(loggers), s.attachToVisit)

	a.GET("/petitions", allow(caseReaders), s.listPetitions)
	a.POST("/petitions", allow(recorders), s.createPetition)
	a.GET("/petitions/:id", allow(caseReaders), s.getPetition)
	a.POST("/petitions/:id/events", allow(actors), s.fireEvent)
	a.POST("/petitions/:id/confidential", allow(handling), s.markConfidential)
	a.GET("/petitions/:id/access", allow(overseers), s.listAccess)
	a.POST("/petitions/:id/access", allow(heads), s.grantAccess)
	a.DELETE("/petitions/:id/access/:user_id", allow(heads), s.revokeAccess)
	a.GET("/petitions/:id/attachments", allow(caseReaders), s.listPetitionAttachments)
	a.POST("/petitions/:id/attachments", allow(actors), s.attachToPetition)
	a.GET("/attachments/:id", allow(caseReaders), s.downloadAttachment)

	a.GET("/deadlines/overdue", allow(watchers), s.overdue)
	a.GET("/deadlines/due-soon", allow(watchers), s.dueSoon)
	a.GET("/deadlines/counts", allow(watchers), s.deadlineCounts)
	a.GET("/reports", allow(watchers), s.periodicReport)

	a.GET("/audit", allow(auditors), s.rootOnly(), s.listAudit)

	a.GET("/notifications", allow(anyone), s.listNotifications)
	a.GET("/notifications/unread-count", allow(anyone), s.unreadCount)
	a.POST("/notifications/:id/read", allow(anyone), s.markRead)
	a.GET("/deliveries", allow(admins), s.rootOnly(), s.listDeliveries)
	a.GET("/jobs", allow(admins), s.rootOnly(), s.listJobs)

	a.GET("/reception/rules", allow(anyone), s.listReceptionRules)
	a.POST("/reception/rules", allow(schedulers), s.createReceptionRule)
	a.POST("/reception/rules/:id/end", allow(schedulers), s.endReceptionRule)
	a.GET("/reception/sessions", allow(anyone), s.listSessions)
	a.POST("/reception/sessions", allow(schedulers), s.createSession)
	a.POST("/reception/sessions/:id/postpone", allow(schedulers), s.postponeSession)
	a.GET("/reception/compliance", allow(anyone), s.receptionCompliance)

	a.GET("/retention/filed", allow(admins), s.listRetention)

	a.GET("/holidays", allow(anyone), s.listHolidays)
	a.GET("/rules", allow(anyone), s.listRules)
	a.POST("/holidays", allow(admins), s.rootOnly(), s.createHoliday)
	a.PUT("/holidays/:id", allow(admins), s.rootOnly(), s.updateHoliday)
	a.DELETE("/holidays/:id", allow(admins), s.rootOnly(), s.deleteHoliday)
	a.PUT("/rules/:set/:key", allow(admins), s.rootOnly(), s.updateRule)
}

// isUpload reports whether the request is for a route whose body is a file:
// limitBody holds it to the attachment limit instead of MaxBody.
func isUpload(c *gin.Context) bool {
	if c.Request.Method != http.MethodPost {
		return false
	}
	switch c.FullPath() {
	case "/api/v1/petitions/:id/attachments", "/api/v1/visits/:id/attachments":
		return true
	}
	return false
}

// Route is one method and path of the API, in OpenAPI's path syntax.
type Route struct{ Method, Path string }

// Routes lists every registered route, for checking the OpenAPI document.
func Routes() []Route {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	newServer(Deps{}).routes(r)
	var out []Route
	for _, ri := range r.Routes() {
		out = append(out, Route{Method: ri.Method, Path: openapiPath(ri.Path)})
	}
	return out
}

// openapiPath turns gin's "/petitions/:id" into "/petitions/{id}".
func openapiPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}
