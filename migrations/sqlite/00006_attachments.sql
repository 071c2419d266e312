-- Files kept with a petition or a visit: scans, PDFs, photos. The bytes are
-- in the database, the one place a deployment backs up and every app node
-- reads. The content column comes last: a list reads the columns before it
-- without walking the file's overflow pages.

-- +goose Up
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER REFERENCES petitions(id),
    visit_id    INTEGER REFERENCES visits(id),
    file_name   TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    content     BLOB NOT NULL CHECK (length(content) = size),
    -- Owned by exactly one petition or one visit.
    CHECK ((petition_id IS NULL) <> (visit_id IS NULL))
);
-- Partial: each owner's index holds only its own attachments.
CREATE INDEX attachments_petition ON attachments(petition_id, id) WHERE petition_id IS NOT NULL;
CREATE INDEX attachments_visit ON attachments(visit_id, id) WHERE visit_id IS NOT NULL;

-- +goose Down
DROP TABLE attachments;
