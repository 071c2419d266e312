package api

import (
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/audit"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

// ActorHeader names the official making a request. It identifies, it does
// not authenticate: until sessions and API tokens exist, the API must be
// reachable only by trusted front ends (it listens on localhost by default).
const ActorHeader = "X-Tiepdan-User"

const actorKey = "actor"

// actorTTL is how long a resolved official is remembered: every request
// names one, and looking them up cost a sixth of recording a petition. A
// disabled account stops acting within this time.
const actorTTL = 2 * time.Second

// actors remembers recently resolved officials.
type actors struct {
	mu    sync.Mutex
	users map[string]cachedActor
}

type cachedActor struct {
	user    org.User
	expires time.Time
}

func (a *actors) get(name string, now time.Time) (org.User, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.users[name]
	return c.user, ok && now.Before(c.expires)
}

func (a *actors) put(u org.User, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.users) > 10000 {
		a.users = map[string]cachedActor{}
	}
	a.users[u.Username] = cachedActor{user: u, expires: now.Add(actorTTL)}
}

// requireActor resolves the acting official; every write records them.
func (s *Server) requireActor() gin.HandlerFunc {
	return func(c *gin.Context) {
		name := c.GetHeader(ActorHeader)
		if name == "" {
			fail(c, fault.New(fault.Unauthorized, "auth.actor_required", nil))
			return
		}
		if u, ok := s.actors.get(name, time.Now()); ok {
			setActor(c, u)
			c.Next()
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
		s.actors.put(*u, time.Now())
		setActor(c, *u)
		c.Next()
	}
}

// setActor records the acting official for the handlers, and for the
// stores' audit trail in the request's context.
func setActor(c *gin.Context, u org.User) {
	c.Set(actorKey, u)
	who := audit.Who{UserID: u.ID, Username: u.Username, Address: c.ClientIP()}
	c.Request = c.Request.WithContext(audit.WithWho(c.Request.Context(), who))
}

func actorOf(c *gin.Context) org.User {
	u, _ := c.Get(actorKey)
	return u.(org.User)
}
