package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/attachment"
	"tiepdan/internal/audit"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
)

// formOverhead is the room an upload's body has beyond the file itself: the
// multipart boundaries and part headers, and small fields sent before it.
const formOverhead = 64 << 10

type attachmentList struct {
	Items []attachment.Attachment `json:"items"`
}

func (s *Server) attachToPetition(c *gin.Context) { s.attach(c, attachment.OfPetition) }
func (s *Server) attachToVisit(c *gin.Context)    { s.attach(c, attachment.OfVisit) }

func (s *Server) listPetitionAttachments(c *gin.Context) {
	s.listAttachments(c, attachment.OfPetition)
}

func (s *Server) listVisitAttachments(c *gin.Context) { s.listAttachments(c, attachment.OfVisit) }

// attach stores the file of a multipart/form-data body (field "file") for
// the petition or visit the path names.
func (s *Server) attach(c *gin.Context, of func(int64) attachment.Owner) {
	o, err := s.owner(c, of, false)
	if err != nil {
		fail(c, err)
		return
	}
	name, content, err := s.upload(c)
	if err != nil {
		fail(c, err)
		return
	}
	a, err := s.Attachments.Attach(c.Request.Context(), actorOf(c), o, name, content)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/attachments/"+strconv.FormatInt(a.ID, 10))
	ok(c, http.StatusCreated, a)
}

func (s *Server) listAttachments(c *gin.Context, of func(int64) attachment.Owner) {
	o, err := s.owner(c, of, true)
	if err != nil {
		fail(c, err)
		return
	}
	as, err := s.Attachments.List(c.Request.Context(), o)
	if err != nil {
		fail(c, err)
		return
	}
	ok(c, http.StatusOK, attachmentList{Items: as})
}

func (s *Server) downloadAttachment(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	a, err := s.Attachments.Get(c.Request.Context(), id)
	if err != nil {
		fail(c, err)
		return
	}
	if err := s.ownerVisible(c, a.Owner(), true); err != nil {
		fail(c, err)
		return
	}
	f, err := s.Attachments.Open(c.Request.Context(), id)
	if err != nil {
		fail(c, err)
		return
	}
	sendFile(c, f)
}

// owner is the petition or visit the path's id names, once it is known to
// be there for the acting official (and, to read, its files too).
func (s *Server) owner(c *gin.Context, of func(int64) attachment.Owner, read bool) (attachment.Owner, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return attachment.Owner{}, err
	}
	o := of(id)
	return o, s.ownerVisible(c, o, read)
}

// ownerVisible checks that the attachment's owner exists and lies in the
// official's scope, so files are seen exactly where their petition or
// visit is. The files of a confidential petition (scans that show the
// denouncer's hand and name) are read only by officials cleared for the
// case, and each reading is recorded.
func (s *Server) ownerVisible(c *gin.Context, o attachment.Owner, read bool) error {
	if o.Petition == 0 {
		v, err := s.Visits.Get(c.Request.Context(), o.Visit)
		if err != nil {
			return err
		}
		if err := s.visible(c, v.UnitID); err != nil || !read {
			return err
		}
		// A visit that brought a confidential petition: its files show
		// the visitor, who is the one protected.
		if p := v.Protected(); p != nil {
			return s.clearedForFiles(c, p)
		}
		return nil
	}
	p, err := s.Petitions.Get(c.Request.Context(), o.Petition)
	if err != nil {
		return err
	}
	if err := s.visible(c, p.UnitID); err != nil || !read || !p.Confidential {
		return err
	}
	return s.clearedForFiles(c, p)
}

// clearedForFiles lets through, and records, an official cleared for a
// confidential petition; anyone else is refused its files.
func (s *Server) clearedForFiles(c *gin.Context, p *petition.Petition) error {
	cleared, err := s.Petitions.MaySeeIdentity(c.Request.Context(), actorOf(c), p)
	if err != nil {
		return err
	}
	if !cleared {
		return fault.New(fault.Forbidden, "petition.files_confidential", nil)
	}
	return s.Audit.RecordAudit(c.Request.Context(), audit.Entry{Action: audit.ReadIdentity, ObjectType: "petition", ObjectID: strconv.FormatInt(p.ID, 10)})
}

// upload reads the first part named "file" of a multipart/form-data body:
// the name the client gave it and its bytes, refused as soon as they pass
// the attachment limit. Parts before it are skipped, parts after it not read.
func (s *Server) upload(c *gin.Context) (string, []byte, error) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return "", nil, fault.Wrap(codeBadRequest, "attachment.multipart", err)
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, fault.New(codeBadRequest, "attachment.file_required", nil)
		}
		if err != nil {
			return "", nil, s.uploadError(err)
		}
		if p.FormName() != "file" {
			continue
		}
		content, err := s.Attachments.Read(p)
		if err != nil {
			return "", nil, s.uploadError(err)
		}
		return p.FileName(), content, nil
	}
}

// uploadError explains a failure to read an upload: a body over its limit
// is a file too large; anything else, a malformed form.
func (s *Server) uploadError(err error) error {
	var tooBig *http.MaxBytesError
	var fe *fault.Error
	switch {
	case errors.As(err, &tooBig):
		return s.Attachments.TooLarge()
	case errors.As(err, &fe):
		return err
	}
	return fault.Wrap(codeBadRequest, "attachment.multipart", err)
}
