package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/attachment"
	"tiepdan/internal/deadline"
	"tiepdan/internal/fault"
	"tiepdan/internal/i18n"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
)

// perPage is the length of a page of the petitions list.
const perPage = 25

type petitionsData struct {
	Query       url.Values
	Items       []petition.Petition
	Overdue     []deadline.Item // when the list asks for overdue petitions only
	OverdueOnly bool
	Total       int
	Capped      bool
	Page        int
	Pages       int
	PrevURL     string
	NextURL     string
	States      []petition.State
	Types       []petition.Type
	Fields      []petition.Field
	Units       []org.Unit
	Handlers    []org.User
	Names       map[int64]string // units and officials by id, for the table
}

// petitions is the handler's workbench: every petition in scope, with
// filters, sorting, pages and a text search that ignores diacritics.
func (s *Server) petitions(c *gin.Context) {
	q := c.Request.URL.Query()
	d := &petitionsData{Query: q, States: petition.States, Types: petition.Types, Names: map[int64]string{}}
	d.Page, _ = strconv.Atoi(q.Get("page"))
	if d.Page < 1 {
		d.Page = 1
	}
	var err error
	if d.Fields, err = s.Fields.Fields(c.Request.Context()); err != nil {
		s.failErr(c, err)
		return
	}
	if err := s.scopeChoices(c, d); err != nil {
		s.failErr(c, err)
		return
	}
	unitID, err := s.filterUnit(c, q.Get("unit"))
	if err != nil {
		s.failErr(c, err)
		return
	}
	handlerID, _ := strconv.ParseInt(q.Get("handler"), 10, 64)
	var types []petition.Type
	if t := petition.Type(q.Get("type")); t != "" {
		types = []petition.Type{t}
	}
	if q.Get("overdue") != "" {
		d.OverdueOnly = true
		f := deadline.Filter{UnitID: unitID, HandlerID: handlerID, Limit: perPage, Offset: (d.Page - 1) * perPage}
		for _, t := range types {
			f.Types = append(f.Types, string(t))
		}
		res, err := s.Deadlines.Overdue(c.Request.Context(), f)
		if err != nil {
			s.failErr(c, err)
			return
		}
		d.Overdue, d.Total, d.Capped = res.Items, res.Total, res.TotalCapped
	} else {
		f := petition.Filter{UnitID: unitID, HandlerID: handlerID, Types: types, Field: q.Get("field"),
			Query: strings.TrimSpace(q.Get("q")), Limit: perPage, Offset: (d.Page - 1) * perPage}
		if st := petition.State(q.Get("state")); st != "" {
			f.States = []petition.State{st}
		}
		if t, ok := parseDay(q.Get("from")); ok {
			f.ReceivedMin = t
		}
		if t, ok := parseDay(q.Get("to")); ok {
			end := t.AddDate(0, 0, 1)
			f.ReceivedMax = &end
		}
		if q.Get("sort") == "received_at" {
			f.Sort = "received_at"
		}
		if len([]rune(f.Query)) > 200 {
			s.failErr(c, fault.New(fault.Invalid, "invalid.too_long", map[string]any{"Max": 200}))
			return
		}
		res, err := s.Petitions.List(c.Request.Context(), f)
		if err != nil {
			s.failErr(c, err)
			return
		}
		d.Items, d.Total, d.Capped = res.Items, res.Total, res.TotalCapped
	}
	d.Pages = (d.Total + perPage - 1) / perPage
	if d.Page > 1 {
		d.PrevURL = pageURL(q, d.Page-1)
	}
	if d.Page < d.Pages {
		d.NextURL = pageURL(q, d.Page+1)
	}
	p := s.newPage(c, "petitions", "web.petitions.title")
	p.Data = d
	s.render(c, http.StatusOK, "petitions", p)
}

func pageURL(q url.Values, n int) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	v.Set("page", strconv.Itoa(n))
	return "/petitions?" + v.Encode()
}

// scopeChoices fills the unit and handler choices with those in scope.
func (s *Server) scopeChoices(c *gin.Context, d *petitionsData) error {
	u, _ := userOf(c)
	all, in, err := s.units(c)
	if err != nil {
		return err
	}
	for _, un := range all {
		d.Names[un.ID] = un.Name
	}
	d.Units = in
	users, err := s.OrgStore.Users(c.Request.Context(), u.UnitID)
	if err != nil {
		return err
	}
	for _, us := range users {
		if us.Has(org.RoleHandler) || us.Has(org.RoleLeader) {
			d.Handlers = append(d.Handlers, us)
		}
	}
	return nil
}

// filterUnit is the unit a list asks for, which must be in scope; none
// asked is the official's scope.
func (s *Server) filterUnit(c *gin.Context, v string) (int64, error) {
	id, _ := strconv.ParseInt(v, 10, 64)
	if id <= 0 {
		return s.scope(c)
	}
	u, _ := userOf(c)
	in, err := s.Org.Within(c.Request.Context(), u.UnitID, id)
	if err != nil {
		return 0, err
	}
	if !in {
		return 0, fault.New(fault.Forbidden, "scope.outside", nil)
	}
	return id, nil
}

type petitionData struct {
	*petition.Record
	Code          string
	Revealed      bool
	Attachments   []attachment.Attachment
	FilesHidden   bool
	Allowed       []petition.Event
	Open          petition.Event // the event form to show open (after an error)
	Form          url.Values
	Units         []org.Unit
	Names         map[int64]string
	FileReasons   []petition.FileReason
	Complexities  []petition.Complexity
	Conclusions   []petition.Conclusion
	UnitName      string
	FieldName     string
	HandlerName   string
	ForwardedName string
}

// petition is a petition's page: details, the people (hidden where the
// law keeps them secret), files, history, deadlines with their
// explanation, and a form for each event the official may fire.
func (s *Server) petition(c *gin.Context) {
	s.showPetition(c, http.StatusOK, nil, "", nil)
}

func (s *Server) showPetition(c *gin.Context, status int, fireErr error, open petition.Event, form url.Values) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, http.StatusNotFound, "not_found")
		return
	}
	d, err := s.petitionData(c, id)
	if err != nil {
		s.failErr(c, err)
		return
	}
	d.Open, d.Form = open, form
	if d.Form == nil {
		d.Form = url.Values{}
	}
	p := s.newPage(c, "petitions", "web.petition.title")
	p.Path = "/petitions/" + strconv.FormatInt(id, 10) // after a post too: the reload and the language switch come back here
	if fireErr != nil {
		status, p.Error = s.message(c, fireErr)
		p.Stale = fault.Is(fireErr, fault.Stale)
	}
	if c.Query("done") != "" {
		p.Message = p.T("web.petition.saved", "Event", p.L("event", c.Query("done")))
	}
	p.Data = d
	s.render(c, status, "petition", p)
}

func (s *Server) petitionData(c *gin.Context, id int64) (*petitionData, error) {
	r, err := s.Petitions.Record(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := s.visible(c, r.UnitID); err != nil {
		return nil, err
	}
	u, _ := userOf(c)
	// The one read that shows a confidential petition's people, to those
	// cleared for it, and records that it did.
	revealed, err := s.Petitions.Identity(c.Request.Context(), u, r.Petition)
	if err != nil {
		return nil, err
	}
	d := &petitionData{Record: r, Code: petition.FormatCode(r.Code), Revealed: revealed,
		Allowed: petition.AllowedFor(r.State, u), Names: map[int64]string{},
		FileReasons: petition.FileReasons, Complexities: petition.Complexities, Conclusions: petition.Conclusions}
	if r.Confidential && !revealed {
		d.FilesHidden = true
	} else if d.Attachments, err = s.Attachments.List(c.Request.Context(), attachment.OfPetition(id)); err != nil {
		return nil, err
	}
	units, err := s.OrgStore.Units(c.Request.Context())
	if err != nil {
		return nil, err
	}
	for _, un := range units {
		d.Names[un.ID] = un.Name
		if un.ID != r.UnitID {
			d.Units = append(d.Units, un)
		}
	}
	d.UnitName = d.Names[r.UnitID]
	if d.FieldName, err = s.fieldName(c, r.Field); err != nil {
		return nil, err
	}
	if r.Outcome.ForwardedToUnit != nil {
		d.ForwardedName = d.Names[*r.Outcome.ForwardedToUnit]
	}
	if r.HandlerID != nil {
		if h, err := s.OrgStore.User(c.Request.Context(), *r.HandlerID); err == nil {
			d.HandlerName = h.FullName
		}
	}
	return d, nil
}

// fireEvent applies an event with the version the official saw: another
// official's change in the meantime is a conflict the page explains.
func (s *Server) fireEvent(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, http.StatusNotFound, "not_found")
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.failErr(c, fault.New(fault.Invalid, "invalid.input", nil))
		return
	}
	f := c.Request.PostForm
	e := petition.Event(f.Get("event"))
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil {
		var pr fault.Problems
		pr.Add("version", "invalid.required", nil)
		s.showPetition(c, http.StatusUnprocessableEntity, pr.Err(), e, f)
		return
	}
	p, err := s.Petitions.Get(c.Request.Context(), id)
	if err == nil {
		err = s.visible(c, p.UnitID)
	}
	if err != nil {
		s.failErr(c, err)
		return
	}
	data := eventData(f)
	if data.DuplicateOf != nil {
		if dp, err := s.Petitions.Get(c.Request.Context(), *data.DuplicateOf); err != nil || s.visible(c, dp.UnitID) != nil {
			var pr fault.Problems
			pr.Add("duplicate_of_id", "petition.unknown", nil)
			s.showPetition(c, http.StatusUnprocessableEntity, pr.Err(), e, f)
			return
		}
	}
	u, _ := userOf(c)
	if _, err := s.Petitions.Fire(c.Request.Context(), u, id, petition.EventRequest{Event: e, Version: version, Data: data}); err != nil {
		s.showPetition(c, 0, err, e, f)
		return
	}
	c.Redirect(http.StatusSeeOther, "/petitions/"+strconv.FormatInt(id, 10)+"?done="+url.QueryEscape(string(e)))
}

// eventData reads an event's form; dates are typed dd/mm/yyyy.
func eventData(f url.Values) petition.EventData {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	d := petition.EventData{
		TargetBody: get("target_body"), DocNo: get("doc_no"), Text: get("text"), Reason: get("reason"),
		DecisionNo: get("decision_no"), Complexity: petition.Complexity(get("complexity")),
		Conclusion: petition.Conclusion(get("conclusion")), Note: get("note"),
		DecisionDate: isoDay(get("decision_date")), NewDeadline: isoDay(get("new_deadline")),
	}
	if n, err := strconv.ParseInt(get("target_unit_id"), 10, 64); err == nil && n > 0 {
		d.TargetUnitID = &n
	}
	if n, err := strconv.ParseInt(get("duplicate_of_id"), 10, 64); err == nil && n > 0 {
		d.DuplicateOf = &n
	}
	if f.Get("event") == string(petition.EventAccept) {
		remote := f.Get("remote_area") != ""
		d.RemoteArea = &remote
	}
	return d
}

// isoDay turns a typed dd/mm/yyyy into yyyy-mm-dd; anything else is left
// for the domain's check to refuse.
func isoDay(v string) string {
	if t, ok := parseDay(v); ok {
		return t.Format("2006-01-02")
	}
	return v
}

// fieldName is a field's name in the user's language; an unknown code
// shows as itself.
func (s *Server) fieldName(c *gin.Context, code string) (string, error) {
	fs, err := s.Fields.Fields(c.Request.Context())
	if err != nil {
		return "", err
	}
	for _, f := range fs {
		if f.Code == code {
			if langOf(c) == i18n.EN && f.NameEn != "" {
				return f.NameEn, nil
			}
			return f.NameVi, nil
		}
	}
	return code, nil
}

// markConfidential keeps the petition's people apart from now on (a
// handler's or leader's decision for a petition other than a
// denunciation, which always is).
func (s *Server) markConfidential(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, http.StatusNotFound, "not_found")
		return
	}
	p, err := s.Petitions.Get(c.Request.Context(), id)
	if err == nil {
		err = s.visible(c, p.UnitID)
	}
	if err != nil {
		s.failErr(c, err)
		return
	}
	version, _ := strconv.Atoi(c.PostForm("version"))
	u, _ := userOf(c)
	if _, err := s.Petitions.MarkConfidential(c.Request.Context(), u, id, version, strings.TrimSpace(c.PostForm("reason"))); err != nil {
		s.showPetition(c, 0, err, "", c.Request.PostForm)
		return
	}
	c.Redirect(http.StatusSeeOther, "/petitions/"+strconv.FormatInt(id, 10)+"?done=mark_confidential")
}
