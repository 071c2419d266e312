-- Confidential petitions: a denouncer's identity (and that of anyone on a
-- petition a handler marks confidential) is kept apart from the petition
-- and from the register of citizens, readable by the officials granted
-- access to the case and by the head of its unit.

-- +goose Up
ALTER TABLE petitions ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;

CREATE TABLE protected_parties (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    position    INTEGER NOT NULL,
    full_name   TEXT NOT NULL,
    id_kind     TEXT NOT NULL DEFAULT '',
    id_number   TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (petition_id, position)
) WITHOUT ROWID;

CREATE TABLE petition_access (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    granted_by  INTEGER REFERENCES users(id),
    granted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (petition_id, user_id)
) WITHOUT ROWID;

-- Denunciations already recorded: their identities move apart, and their
-- search entries (which held the names) are dropped, to be written again
-- without them when the database is next opened.
UPDATE petitions SET confidential = 1 WHERE type = 'denunciation';
INSERT INTO protected_parties (petition_id, position, full_name, id_kind, id_number, phone, address)
    SELECT l.petition_id, l.position, c.full_name, c.id_kind, COALESCE(c.id_number, ''), c.phone, c.address
    FROM petition_complainants l JOIN citizens c ON c.id = l.citizen_id
    WHERE l.petition_id IN (SELECT id FROM petitions WHERE confidential = 1);
DELETE FROM petition_complainants WHERE petition_id IN (SELECT id FROM petitions WHERE confidential = 1);
DELETE FROM petition_search WHERE docid IN (SELECT id FROM petitions WHERE confidential = 1);
INSERT INTO revisions (name, value) VALUES ('reindex_confidential', 1);

-- +goose Down
-- The identities go back to the register of citizens, not to the petitions.
DELETE FROM revisions WHERE name = 'reindex_confidential';
INSERT OR IGNORE INTO citizens (full_name, id_kind, id_number, phone, address, created_at, updated_at)
    SELECT full_name, id_kind, NULLIF(id_number, ''), phone, address, datetime('now'), datetime('now') FROM protected_parties;
DROP TABLE petition_access;
DROP TABLE protected_parties;
ALTER TABLE petitions DROP COLUMN confidential;
