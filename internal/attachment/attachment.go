// Package attachment holds the files kept with petitions and visits: scanned
// petitions, PDFs and photos of the papers a citizen brings. A file is
// accepted for what its bytes are, never for its name or what the client
// says it is; it is kept with its SHA-256 checksum, which is checked again
// whenever it is read back.
package attachment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

// DefaultMaxSize is the largest file accepted unless configured otherwise:
// a few dozen scanned pages.
const DefaultMaxSize = 20 << 20

// Owner is what an attachment belongs to: a petition or a visit.
type Owner struct {
	Petition int64 // set for a petition's attachment
	Visit    int64 // set for a visit's attachment
}

// OfPetition is the owner for a petition's attachments.
func OfPetition(id int64) Owner { return Owner{Petition: id} }

// OfVisit is the owner for a visit's attachments.
func OfVisit(id int64) Owner { return Owner{Visit: id} }

// Attachment is a stored file without its bytes: what a list shows.
type Attachment struct {
	ID         int64     `json:"id"`
	PetitionID *int64    `json:"petition_id,omitempty"`
	VisitID    *int64    `json:"visit_id,omitempty"`
	FileName   string    `json:"file_name"`  // cleaned, see CleanName
	MediaType  string    `json:"media_type"` // detected from the content
	Size       int64     `json:"size"`       // bytes
	SHA256     string    `json:"sha256"`     // hex
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// Owner returns what a belongs to.
func (a *Attachment) Owner() Owner {
	var o Owner
	if a.PetitionID != nil {
		o.Petition = *a.PetitionID
	}
	if a.VisitID != nil {
		o.Visit = *a.VisitID
	}
	return o
}

// File is an attachment with its bytes.
type File struct {
	Attachment
	Content []byte
}

// Store keeps attachments.
type Store interface {
	// AddAttachment stores a file and, on a petition, the petition's
	// "attach" history row, in one transaction; it returns a with its id.
	AddAttachment(ctx context.Context, a Attachment, content []byte) (*Attachment, error)
	// Attachments lists an owner's attachments, oldest first, without bytes.
	Attachments(ctx context.Context, o Owner) ([]Attachment, error)
	// Attachment returns one attachment without its bytes.
	Attachment(ctx context.Context, id int64) (*Attachment, error)
	// AttachmentFile returns one attachment with its bytes.
	AttachmentFile(ctx context.Context, id int64) (*File, error)
}

// Service applies the rules of attachments over a store.
type Service struct {
	store   Store
	maxSize int64
	now     func() time.Time
}

// NewService returns a service over store accepting files of at most
// maxSize bytes (DefaultMaxSize when 0 or less); now is the clock.
func NewService(store Store, maxSize int64, now func() time.Time) *Service {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	return &Service{store: store, maxSize: maxSize, now: now}
}

// MaxSize is the largest file accepted, in bytes.
func (s *Service) MaxSize() int64 { return s.maxSize }

// TooLarge is the error for a file over the limit.
func (s *Service) TooLarge() error {
	return fault.New(fault.TooLarge, "attachment.too_large", map[string]any{"Max": FormatSize(s.maxSize)})
}

// Read reads a file being uploaded, refusing it with TooLarge as soon as
// it passes the limit rather than reading it all.
func (s *Service) Read(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, s.maxSize+1))
	if err != nil {
		return nil, err
	}
	if n > s.maxSize {
		return nil, s.TooLarge()
	}
	return buf.Bytes(), nil
}

// Attach checks a file and stores it for owner: it must not be empty nor
// over the limit, and its bytes must be one of MediaTypes. The name is
// cleaned (CleanName). Nothing is stored when a check fails.
func (s *Service) Attach(ctx context.Context, actor org.User, owner Owner, name string, content []byte) (*Attachment, error) {
	if (owner.Petition > 0) == (owner.Visit > 0) {
		return nil, errors.New("attachment: an attachment belongs to exactly one petition or visit")
	}
	switch {
	case len(content) == 0:
		return nil, fault.New(fault.Invalid, "attachment.empty", nil)
	case int64(len(content)) > s.maxSize:
		return nil, s.TooLarge()
	}
	t, ok := Detect(content)
	if !ok {
		return nil, fault.New(fault.Unsupported, "attachment.type", map[string]any{"Types": strings.Join(Labels(), ", ")})
	}
	sum := sha256.Sum256(content)
	a := Attachment{
		FileName: CleanName(name, t), MediaType: t.Name, Size: int64(len(content)),
		SHA256: hex.EncodeToString(sum[:]), CreatedBy: actor.ID, CreatedAt: s.now(),
	}
	if owner.Petition > 0 {
		a.PetitionID = &owner.Petition
	} else {
		a.VisitID = &owner.Visit
	}
	return s.store.AddAttachment(ctx, a, content)
}

// List returns an owner's attachments, oldest first.
func (s *Service) List(ctx context.Context, o Owner) ([]Attachment, error) {
	return s.store.Attachments(ctx, o)
}

// Get returns an attachment without its bytes.
func (s *Service) Get(ctx context.Context, id int64) (*Attachment, error) {
	return s.store.Attachment(ctx, id)
}

// Open returns an attachment with its bytes, after checking them against
// the checksum stored with them: a damaged file is an error, never
// served as if it were the one received.
func (s *Service) Open(ctx context.Context, id int64) (*File, error) {
	f, err := s.store.AttachmentFile(ctx, id)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(f.Content); hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil, fault.Wrap(fault.Internal, "internal", fmt.Errorf("attachment %d: content does not match its SHA-256 checksum", id))
	}
	return f, nil
}

// FormatSize writes a size as users read it, in whole units: "20 MB",
// "1536 KB", "1000 byte".
func FormatSize(n int64) string {
	const k, m = 1 << 10, 1 << 20
	switch {
	case n >= m && n%m == 0:
		return fmt.Sprintf("%d MB", n/m)
	case n >= k && n%k == 0:
		return fmt.Sprintf("%d KB", n/k)
	}
	return fmt.Sprintf("%d byte", n)
}
