package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/org"
	"tiepdan/internal/petition"
)

func (s *Server) listUnits(c *gin.Context) {
	us, err := s.OrgStore.Units(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	if us == nil {
		us = []org.Unit{}
	}
	ok(c, http.StatusOK, gin.H{"items": us})
}

func (s *Server) getUnit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	u, err := s.OrgStore.Unit(c.Request.Context(), id)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, u)
}

func (s *Server) createUnit(c *gin.Context) {
	var u org.Unit
	_, err := decode(c, &u)
	if err == nil && u.ParentID != nil {
		err = s.inScope(c, *u.ParentID)
	} else if err == nil {
		err = s.deploymentWide(c)
	}
	if err != nil {
		fail(c, err)
		return
	}
	out, err := s.Org.CreateUnit(c.Request.Context(), u)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusCreated, out)
}

func (s *Server) listUsers(c *gin.Context) {
	unitID, err := s.unitParam(c)
	if err != nil {
		fail(c, err)
		return
	}
	us, err := s.OrgStore.Users(c.Request.Context(), unitID)
	if err != nil {
		fail(c, err)
		return
	}
	if us == nil {
		us = []org.User{}
	}
	ok(c, http.StatusOK, gin.H{"items": us})
}

func (s *Server) createUser(c *gin.Context) {
	var u org.User
	_, err := decode(c, &u)
	if err == nil && u.UnitID != 0 {
		err = s.inScope(c, u.UnitID)
	}
	if err != nil {
		fail(c, err)
		return
	}
	out, err := s.Org.CreateUser(c.Request.Context(), u)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusCreated, out)
}

func (s *Server) listFields(c *gin.Context) {
	fs, err := s.Fields.Fields(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": fs})
}

func (s *Server) createField(c *gin.Context) {
	var f petition.Field
	if _, err := decode(c, &f); err != nil {
		fail(c, err)
		return
	}
	if err := petition.ValidateField(&f); err != nil {
		fail(c, err)
		return
	}
	if err := s.Fields.CreateField(c.Request.Context(), f); err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusCreated, f)
}
