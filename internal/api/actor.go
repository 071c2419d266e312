package api

import (
	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

// ActorHeader names the official making a request. It identifies, it does
// not authenticate: until sessions and API tokens exist, the API must be
// reachable only by trusted front ends (it listens on localhost by default).
const ActorHeader = "X-Tiepdan-User"

const actorKey = "actor"

// requireActor resolves the acting official; every write records them.
func (s *Server) requireActor() gin.HandlerFunc {
	return func(c *gin.Context) {
		name := c.GetHeader(ActorHeader)
		if name == "" {
			fail(c, fault.New(fault.Unauthorized, "auth.actor_required", nil))
			return
		}
		u, err := s.OrgStore.UserByUsername(c, name)
		if fault.Is(err, fault.NotFound) || (err == nil && !u.Active) {
			fail(c, fault.New(fault.Unauthorized, "auth.actor_unknown", map[string]any{"Username": name}))
			return
		}
		if err != nil {
			fail(c, err)
			return
		}
		c.Set(actorKey, *u)
		c.Next()
	}
}

func actorOf(c *gin.Context) org.User {
	u, _ := c.Get(actorKey)
	return u.(org.User)
}
