package postgres

import (
	"context"

	"tiepdan/internal/attachment"
	"tiepdan/internal/audit"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
)

// AddAttachment stores a file and, on a petition, its "attach" history row,
// in one transaction. The history row keeps the petition's state and
// version: attaching a scan must not make an official's open form stale.
func (db *DB) AddAttachment(ctx context.Context, a attachment.Attachment, content []byte) (*attachment.Attachment, error) {
	a.CreatedAt = sqlstore.Stored(a.CreatedAt)
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var h petition.HistoryEntry
		if a.PetitionID != nil {
			h = petition.HistoryEntry{PetitionID: *a.PetitionID, Event: petition.EventAttach, ActorID: a.CreatedBy, At: a.CreatedAt}
			if err := tx.QueryRowContext(ctx, `SELECT version, state FROM petitions WHERE id = ?`, *a.PetitionID).Scan(&h.Version, &h.From); err != nil {
				return err
			}
			h.To = h.From
		}
		var err error
		a.ID, err = tx.InsertID(ctx, `INSERT INTO attachments (petition_id, visit_id, file_name, media_type, size, sha256, created_by, created_at, content)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.PetitionID, a.VisitID, a.FileName, a.MediaType, a.Size, a.SHA256, a.CreatedBy, sqlstore.TS(a.CreatedAt), content)
		if err != nil {
			return err
		}
		owner, ownerID := "visit", a.VisitID
		if a.PetitionID != nil {
			owner, ownerID = "petition", a.PetitionID
			// The history names the file by id only: a scan's name may
			// carry the name of a denouncer.
			h.Data = petition.EventData{AttachmentID: &a.ID}
			if _, err := insertHistory(ctx, tx, h); err != nil {
				return err
			}
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.Attach, ObjectType: owner, ObjectID: sqlstore.IDText(*ownerID)}, nil,
			map[string]any{"attachment_id": a.ID, "media_type": a.MediaType, "size": a.Size, "sha256": a.SHA256})

	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

const attachmentColumns = `id, petition_id, visit_id, file_name, media_type, size, sha256, created_by, created_at`

func scanAttachment(s interface{ Scan(...any) error }, more ...any) (*attachment.Attachment, error) {
	var a attachment.Attachment
	err := s.Scan(append([]any{&a.ID, &a.PetitionID, &a.VisitID, &a.FileName, &a.MediaType, &a.Size, &a.SHA256,
		&a.CreatedBy, sqlstore.Instant(&a.CreatedAt)}, more...)...)
	if err != nil {
		return nil, translate(err)
	}
	return &a, nil
}

// Attachments lists an owner's attachments, oldest first, without their bytes.
func (db *DB) Attachments(ctx context.Context, o attachment.Owner) ([]attachment.Attachment, error) {
	where, id := `petition_id = ?`, o.Petition
	if o.Visit != 0 {
		where, id = `visit_id = ?`, o.Visit
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE `+where+` ORDER BY id`, id)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []attachment.Attachment{}
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, translate(rows.Err())
}

// Attachment returns one attachment without its bytes.
func (db *DB) Attachment(ctx context.Context, id int64) (*attachment.Attachment, error) {
	return scanAttachment(db.r.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = ?`, id))
}

// AttachmentFile returns one attachment with its bytes.
func (db *DB) AttachmentFile(ctx context.Context, id int64) (*attachment.File, error) {
	var content []byte
	a, err := scanAttachment(db.r.QueryRowContext(ctx, `SELECT `+attachmentColumns+`, content FROM attachments WHERE id = ?`, id), &content)
	if err != nil {
		return nil, err
	}
	return &attachment.File{Attachment: *a, Content: content}, nil
}
