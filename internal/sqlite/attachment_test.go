package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/attachment"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
	"tiepdan/internal/testdb"
)

// The table keeps its own rules even when the caller does not: one owner,
// an owner that exists, bytes that match their size.
func TestAttachmentRowsKeepTheirRules(t *testing.T) {
	f := testdb.New(t)
	ctx := context.Background()
	at := time.Date(2026, 7, 7, 2, 0, 0, 0, time.UTC)
	rec, _, err := petition.NewService(f.DB, f.DB, func() time.Time { return at }).Create(ctx, f.Reception,
		petition.Draft{UnitID: f.Province.ID, Type: petition.TypeFeedback, Field: "land", Summary: "Phản ánh lấn chiếm đất công"}, petition.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	one, missing := rec.ID, int64(424242)
	content := []byte("%PDF-1.7\n%%EOF\n")
	good := attachment.Attachment{FileName: "don.pdf", MediaType: "application/pdf", Size: int64(len(content)),
		SHA256: strings.Repeat("0", 64), CreatedBy: f.Handler.ID, CreatedAt: at}
	for _, tc := range []struct {
		name string
		edit func(a *attachment.Attachment)
		code fault.Code
	}{
		{"no owner", func(a *attachment.Attachment) {}, fault.Invalid},
		{"two owners", func(a *attachment.Attachment) { a.PetitionID, a.VisitID = &one, &one }, fault.Invalid},
		{"unknown visit", func(a *attachment.Attachment) { a.VisitID = &missing }, fault.Invalid},
		{"unknown petition", func(a *attachment.Attachment) { a.PetitionID = &missing }, fault.NotFound},
		{"size not the bytes'", func(a *attachment.Attachment) { a.VisitID, a.Size = &missing, 1 }, fault.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := good
			tc.edit(&a)
			if _, err := f.DB.AddAttachment(ctx, a, content); !fault.Is(err, tc.code) {
				t.Errorf("got %v, want %s", err, tc.code)
			}
		})
	}
	for _, o := range []attachment.Owner{attachment.OfPetition(one), attachment.OfPetition(missing), attachment.OfVisit(missing)} {
		if as, err := f.DB.Attachments(ctx, o); err != nil || as == nil || len(as) != 0 {
			t.Errorf("%+v: %v %v", o, as, err)
		}
	}
	if _, err := f.DB.AttachmentFile(ctx, 1); !fault.Is(err, fault.NotFound) {
		t.Errorf("a refused row was stored: %v", err)
	}
	if h, err := f.DB.History(ctx, one); err != nil || len(h) != 1 {
		t.Errorf("history of the petition: %v %v", h, err)
	}
}
