package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/org"
	"tiepdan/static"
)

// Who may open which pages: the same sets as the API's routes.
var (
	caseReaders = []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader, org.RoleAuditor}
	loggers     = []org.Role{org.RoleReception, org.RoleLeader}
	actors      = []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader}
	handling    = []org.Role{org.RoleHandler, org.RoleLeader}
	watchers    = []org.Role{org.RoleHandler, org.RoleLeader, org.RoleAuditor}
	admins      = []org.Role{org.RoleAdmin}
)

// routes lists every page on one screen, with who may open it.
func (s *Server) routes(r *gin.Engine) {
	r.StaticFS("/static", http.FS(static.Files))
	r.GET("/", s.home)
	r.GET("/login", s.loginPage)
	r.POST("/login", s.login)
	r.GET("/lang", s.switchLanguage)

	// Citizens, without signing in.
	r.GET("/lookup", s.lookup)
	r.GET("/schedule", s.publicSchedule)

	r.POST("/logout", s.allow(), s.logout)
	r.GET("/notifications", s.allow(), s.notifications)
	r.POST("/notifications/:id/read", s.allow(), s.markRead) // :id "all": every one

	r.GET("/reception", s.allow(loggers...), s.desk)
	r.POST("/reception/visits", s.allow(loggers...), s.createVisit)
	r.GET("/reception/visits/:id/receipt", s.allow(caseReaders...), s.receipt)
	r.GET("/reception/logbook", s.allow(caseReaders...), s.logbook)

	r.GET("/petitions", s.allow(caseReaders...), s.petitions)
	r.GET("/petitions/:id", s.allow(caseReaders...), s.petition)
	r.POST("/petitions/:id/events", s.allow(actors...), s.fireEvent)
	r.POST("/petitions/:id/confidential", s.allow(handling...), s.markConfidential)

	r.GET("/dashboard", s.allow(watchers...), s.dashboard)
	r.GET("/reports", s.allow(watchers...), s.reports)

	r.GET("/admin", s.allow(admins...), s.admin)
	r.POST("/admin/users", s.allow(admins...), s.createUser)
	r.POST("/admin/units", s.allow(admins...), s.createUnit)
	r.POST("/admin/holidays", s.allow(admins...), s.addHoliday)
	r.POST("/admin/rules", s.allow(admins...), s.changeRule)
	r.GET("/admin/retention", s.allow(admins...), s.retentionReview)
	r.GET("/admin/jobs", s.allow(admins...), s.jobStatuses)

	r.GET("/admin/schedules", s.allow(schedulers...), s.scheduleAdmin)
	r.POST("/admin/schedules/rules", s.allow(schedulers...), s.createScheduleRule)
	r.POST("/admin/schedules/rules/:id/end", s.allow(schedulers...), s.endScheduleRule)
	r.POST("/admin/schedules/sessions", s.allow(schedulers...), s.addScheduleSession)
	r.POST("/admin/schedules/sessions/:id/postpone", s.allow(schedulers...), s.postponeScheduleSession)
}

// home sends each official to the page of their work.
func (s *Server) home(c *gin.Context) {
	u, ok := userOf(c)
	switch {
	case !ok:
		c.Redirect(http.StatusSeeOther, "/login")
	case u.Has(org.RoleReception):
		c.Redirect(http.StatusSeeOther, "/reception")
	case u.Has(org.RoleLeader):
		c.Redirect(http.StatusSeeOther, "/dashboard")
	case u.Has(org.RoleAdmin):
		c.Redirect(http.StatusSeeOther, "/admin")
	default:
		c.Redirect(http.StatusSeeOther, "/petitions")
	}
}
