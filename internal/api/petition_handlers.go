package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
)

// petitionView is a petition with its history, deadlines and the events it
// allows now.
type petitionView struct {
	*petition.Record
	FormattedCode string           `json:"formatted_code"`
	AllowedEvents []petition.Event `json:"allowed_events"`
}

// view is the petition as the official sees it: the events offered are
// those they may fire.
func view(c *gin.Context, r *petition.Record) *petitionView {
	return &petitionView{Record: r, FormattedCode: petition.FormatCode(r.Code), AllowedEvents: petition.AllowedFor(r.State, actorOf(c))}
}

// record loads a petition's page, the view of every petition response; a
// petition outside the official's scope is not found.
func (s *Server) record(c *gin.Context, id int64) (*petitionView, error) {
	r, err := s.Petitions.Record(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := s.visible(c, r.UnitID); err != nil {
		return nil, err
	}
	return view(c, r), nil
}

func (s *Server) createPetition(c *gin.Context) {
	var d petition.Draft
	raw, err := decode(c, &d)
	if err != nil {
		fail(c, err)
		return
	}
	idem, err := idempotency(c, raw)
	if err == nil && d.UnitID != 0 {
		err = s.inScope(c, d.UnitID)
	}
	if err == nil {
		err = s.referenceInScope(c, "first_round_id", d.FirstRound)
	}
	if err != nil {
		fail(c, err)
		return
	}
	r, replayed, err := s.Petitions.Create(c.Request.Context(), actorOf(c), d, idem)
	if err != nil {
		fail(c, err)
		return
	}
	created(c, replayed, view(c, r))
}

func (s *Server) getPetition(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	v, err := s.record(c, id)
	if err == nil {
		// The one read that shows a confidential petition's identities, to
		// those cleared for it, and records that it did.
		_, err = s.Petitions.Identity(c.Request.Context(), actorOf(c), v.Petition)
	}
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, v)
}

// eventBody is the body of POST /petitions/{id}/events: the event, the
// version the official saw, and the event's data.
type eventBody struct {
	Event   petition.Event `json:"event"`
	Version *int           `json:"version"`
	petition.EventData
}

func (s *Server) fireEvent(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	var b eventBody
	if _, err := decode(c, &b); err != nil {
		fail(c, err)
		return
	}
	var pr fault.Problems
	if b.Event == "" {
		pr.Add("event", "invalid.required", nil)
	}
	if b.Version == nil {
		pr.Add("version", "invalid.required", nil)
	}
	if err := pr.Err(); err != nil {
		fail(c, err)
		return
	}
	// The unit a petition belongs to never changes, so the scope checked
	// here still holds when the event is written.
	if err := s.referenceInScope(c, "duplicate_of_id", b.DuplicateOf); err != nil {
		fail(c, err)
		return
	}
	if _, err := s.record(c, id); err != nil {
		fail(c, err)
		return
	}
	r, err := s.Petitions.Fire(c.Request.Context(), actorOf(c), id, petition.EventRequest{Event: b.Event, Version: *b.Version, Data: b.EventData})
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, view(c, r))
}

type listResponse[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
	// TotalCapped: a text search counted no further than total.
	TotalCapped bool `json:"total_capped,omitempty"`
}

func (s *Server) listPetitions(c *gin.Context) {
	f, page, per, err := s.petitionFilter(c)
	if err != nil {
		fail(c, err)
		return
	}
	if format := c.Query("format"); format != "" {
		s.exportPetitions(c, f, format)
		return
	}
	res, err := s.Petitions.List(c.Request.Context(), f)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, listResponse[petition.Petition]{Items: res.Items, Total: res.Total, Page: page, PerPage: per, TotalCapped: res.TotalCapped})
}

// petitionFilter reads the list's query: unit (with everything under it),
// state, type (comma lists), field, handler, received_from/received_to
// (days, inclusive), q, sort, page, per_page.
func (s *Server) petitionFilter(c *gin.Context) (petition.Filter, int, int, error) {
	var f petition.Filter
	sc, err := s.readScope(c)
	if err != nil {
		return f, 0, 0, err
	}
	page, per := sc.page, sc.per
	f.Limit, f.Offset, f.UnitID, f.HandlerID = sc.per, sc.offset(), sc.unitID, sc.handlerID
	if f.CitizenID, err = queryID(c, "citizen_id"); err != nil {
		return f, 0, 0, err
	}
	if f.States, err = choices(c, "state", petition.States); err != nil {
		return f, 0, 0, err
	}
	if f.Types, err = choices(c, "type", petition.Types); err != nil {
		return f, 0, 0, err
	}
	f.Field = strings.TrimSpace(c.Query("field"))
	from, err := queryDay(c, "received_from")
	if err != nil {
		return f, 0, 0, err
	}
	to, err := queryDay(c, "received_to")
	if err != nil {
		return f, 0, 0, err
	}
	f.ReceivedMin, f.ReceivedMax = dayBounds(from, to)
	f.Query = c.Query("q")
	if len(f.Query) > 200 {
		return f, 0, 0, badParam("q")
	}
	switch c.DefaultQuery("sort", "-received_at") {
	case "-received_at":
	case "received_at":
		f.Sort = "received_at"
	default:
		return f, 0, 0, badParam("sort")
	}
	return f, page, per, nil
}

func list(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func oneOf[T comparable](v T, l []T) bool {
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

// markConfidential keeps a petition's identities apart from now on.
func (s *Server) markConfidential(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	var b struct {
		Version *int   `json:"version"`
		Reason  string `json:"reason"`
	}
	if _, err := decode(c, &b); err != nil {
		fail(c, err)
		return
	}
	if b.Version == nil {
		var pr fault.Problems
		pr.Add("version", "invalid.required", nil)
		fail(c, pr.Err())
		return
	}
	if _, err := s.record(c, id); err != nil {
		fail(c, err)
		return
	}
	r, err := s.Petitions.MarkConfidential(c.Request.Context(), actorOf(c), id, *b.Version, b.Reason)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, view(c, r))
}

// scopedPetition is the petition the path names, within the official's
// scope.
func (s *Server) scopedPetition(c *gin.Context) (*petition.Petition, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.Petitions.Get(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	return p, s.visible(c, p.UnitID)
}

// listAccess, grantAccess and revokeAccess let the head of a confidential
// petition's unit say who else may read the identities on it.
func (s *Server) listAccess(c *gin.Context) {
	p, err := s.scopedPetition(c)
	if err != nil {
		fail(c, err)
		return
	}
	gs, err := s.Petitions.Grants(c.Request.Context(), actorOf(c), p)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"items": gs})
}

func (s *Server) grantAccess(c *gin.Context) {
	p, err := s.scopedPetition(c)
	if err != nil {
		fail(c, err)
		return
	}
	var b struct {
		UserID int64 `json:"user_id"`
	}
	if _, err := decode(c, &b); err != nil {
		fail(c, err)
		return
	}
	if err := s.Petitions.GrantAccess(c.Request.Context(), actorOf(c), p, b.UserID); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) revokeAccess(c *gin.Context) {
	p, err := s.scopedPetition(c)
	if err != nil {
		fail(c, err)
		return
	}
	userID, err := pathID(c, "user_id")
	if err != nil {
		fail(c, err)
		return
	}
	if err := s.Petitions.RevokeAccess(c.Request.Context(), actorOf(c), p, userID); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// referenceInScope refuses a reference to a petition outside the
// official's scope as unknown, as for one that does not exist: that it
// exists, or what it is, is not theirs to learn.
func (s *Server) referenceInScope(c *gin.Context, field string, id *int64) error {
	if id == nil {
		return nil
	}
	p, err := s.Petitions.Get(c.Request.Context(), *id)
	if err == nil {
		err = s.visible(c, p.UnitID)
	}
	if fault.Is(err, fault.NotFound) {
		var pr fault.Problems
		pr.Add(field, "petition.unknown", nil)
		return pr.Err()
	}
	return err
}
