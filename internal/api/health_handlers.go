package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
)

//go:embed openapi.yaml
var openapiDoc []byte

// OpenAPI returns the API's OpenAPI 3 document.
func OpenAPI() []byte { return openapiDoc }

// healthz says the process is up.
func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

// readyz says the process can serve: the database answers.
func (s *Server) readyz(c *gin.Context) {
	if err := s.Ready(c.Request.Context()); err != nil {
		s.Log.Warn("not ready", "err", err)
		fail(c, fault.New(codeUnavailable, "unavailable", nil))
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (s *Server) openapi(c *gin.Context) {
	c.Data(http.StatusOK, "application/yaml; charset=utf-8", openapiDoc)
}
