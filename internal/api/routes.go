package api

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// routes lists every route of the API on one screen. The OpenAPI document
// (openapi.yaml) describes each; a test fails when one is missing there.
func (s *Server) routes(r *gin.Engine) {
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/api/openapi.yaml", s.openapi)

	v1 := r.Group("/api/v1")
	v1.GET("/reference", s.reference)

	// Everything below names the official acting (see actor.go).
	a := v1.Group("", s.requireActor())
	a.GET("/units", s.listUnits)
	a.POST("/units", s.createUnit)
	a.GET("/units/:id", s.getUnit)
	a.GET("/users", s.listUsers)
	a.POST("/users", s.createUser)
	a.GET("/fields", s.listFields)
	a.POST("/fields", s.createField)
	a.GET("/citizens/lookup", s.lookupCitizen)

	a.GET("/visits", s.listVisits)
	a.POST("/visits", s.createVisit)
	a.GET("/visits/:id", s.getVisit)

	a.GET("/petitions", s.listPetitions)
	a.POST("/petitions", s.createPetition)
	a.GET("/petitions/:id", s.getPetition)
	a.POST("/petitions/:id/events", s.fireEvent)

	a.GET("/deadlines/overdue", s.overdue)
	a.GET("/deadlines/due-soon", s.dueSoon)
	a.GET("/deadlines/counts", s.deadlineCounts)

	a.GET("/audit", s.listAudit)

	a.GET("/holidays", s.listHolidays)
	a.GET("/rules", s.listRules)
	admin := a.Group("", s.requireAdmin())
	admin.POST("/holidays", s.createHoliday)
	admin.PUT("/holidays/:id", s.updateHoliday)
	admin.DELETE("/holidays/:id", s.deleteHoliday)
	admin.PUT("/rules/:set/:key", s.updateRule)
}

// Route is one method and path of the API, in OpenAPI's path syntax.
type Route struct{ Method, Path string }

// Routes lists every registered route, for checking the OpenAPI document.
func Routes() []Route {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	(&Server{actors: actors{users: map[string]cachedActor{}}}).routes(r)
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
