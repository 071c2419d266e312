package api

import (
	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

// Who may call what. Every signed-in route names one of these sets in
// routes.go; scope (the official's unit and everything under it) is
// checked by the handlers through inScope and visible.
var (
	anyone = org.Roles
	// Petitions and the logbook hold personal data: those who work the
	// cases read them, and auditors; administrators run the system and do
	// not.
	caseReaders = []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader, org.RoleAuditor}
	// Petitions are recorded at the desk and from the post.
	recorders = []org.Role{org.RoleReception, org.RoleHandler}
	// Visits are logged by reception officers, and by leaders on their
	// reception days.
	loggers = []org.Role{org.RoleReception, org.RoleLeader}
	// Events: each event's own roles are checked by the state machine.
	actors = []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader}
	// A petition is marked confidential by those who handle it; who else
	// may read its identities is the unit head's to say.
	handling  = []org.Role{org.RoleHandler, org.RoleLeader}
	heads     = []org.Role{org.RoleLeader}
	overseers = []org.Role{org.RoleLeader, org.RoleAuditor} // who is cleared is also the auditors' to read
	// Deadline lists are for those who must meet the deadlines and those
	// who watch them.
	watchers     = []org.Role{org.RoleHandler, org.RoleLeader, org.RoleAuditor}
	lookups      = []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader, org.RoleAuditor}
	staffReaders = []org.Role{org.RoleLeader, org.RoleAdmin, org.RoleAuditor}
	admins       = []org.Role{org.RoleAdmin}
	// Reception schedules are kept by the leaders whose days they are
	// and by the admins.
	schedulers = []org.Role{org.RoleLeader, org.RoleAdmin}
	// The audit trail covers the whole deployment: its administrators and
	// auditors at the root unit search it.
	auditors = []org.Role{org.RoleAdmin, org.RoleAuditor}
)

// allow lets through officials holding one of the roles.
func allow(roles []org.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !actorOf(c).HasAny(roles...) {
			fail(c, fault.New(fault.Forbidden, "auth.role_forbidden", nil))
			return
		}
		c.Next()
	}
}

// scopedUnit is the unit a list is for: the one asked (0: the official's
// own), which must be within the official's scope (see inScope). It is 0
// when that unit is the deployment's only root: its scope is everything,
// and the lists are spared a condition every record meets.
func (s *Server) scopedUnit(c *gin.Context, unitID int64) (int64, error) {
	if unitID == 0 {
		unitID = actorOf(c).UnitID
	}
	if err := s.inScope(c, unitID); err != nil {
		return 0, err
	}
	if all, err := s.Org.Everything(c.Request.Context(), unitID); err != nil || all {
		return 0, err
	}
	return unitID, nil
}

// unitParam reads the unit_id a list asks for, scoped as scopedUnit does.
func (s *Server) unitParam(c *gin.Context) (int64, error) {
	unitID, err := queryID(c, "unit_id")
	if err != nil {
		return 0, err
	}
	return s.scopedUnit(c, unitID)
}

// inScope checks that a unit a record is written for lies within the
// official's scope. Units are public, so a unit outside it is refused as
// forbidden; an unknown unit passes, for validation to name it (a list of
// it is empty).
func (s *Server) inScope(c *gin.Context, unitID int64) error {
	in, err := s.Org.Within(c.Request.Context(), actorOf(c).UnitID, unitID)
	if err != nil || in {
		return err
	}
	if known, err := s.Org.Known(c.Request.Context(), unitID); err != nil || !known {
		return err
	}
	return fault.New(fault.Forbidden, "scope.outside", nil)
}

// deploymentWide allows settings that apply to the whole deployment (a
// new root unit, fields, holidays, rule values) only to officials of the
// root unit.
func (s *Server) deploymentWide(c *gin.Context) error {
	u, err := s.OrgStore.Unit(c.Request.Context(), actorOf(c).UnitID)
	if err != nil {
		return err
	}
	if u.ParentID != nil {
		return fault.New(fault.Forbidden, "scope.deployment_wide", nil)
	}
	return nil
}

// rootOnly is deploymentWide for a whole route.
func (s *Server) rootOnly() gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := s.deploymentWide(c); err != nil {
			fail(c, err)
			return
		}
		c.Next()
	}
}

// visible hides a record of a unit outside the official's scope as if it
// did not exist: its existence is itself information.
func (s *Server) visible(c *gin.Context, unitID int64) error {
	in, err := s.Org.Within(c.Request.Context(), actorOf(c).UnitID, unitID)
	if err != nil {
		return err
	}
	if !in {
		return fault.New(fault.NotFound, "not_found", nil)
	}
	return nil
}
