-- The audit trail: every write, and every read of a protected identity,
-- one row each, committed in the transaction of what it records.
-- Append-only and hash-chained: each row's hash covers the previous row's
-- hash and every field of its own (see internal/audit/chain.go), so a row
-- edited or deleted, even with the triggers below dropped, breaks the chain
-- that `tiepdan audit verify` checks.
--
-- Ids are given by the writer as the previous id + 1 and are hashed, so
-- they run 1, 2, 3… without gaps: a write rolled back takes its row, and
-- its id, with it.
--
-- user_id has no foreign key: the trail records who acted as a fact of
-- the moment, and must neither block nor be blocked by changes to users.
-- before and after are JSON text (NULL when there is nothing to say).
-- One index only, for "what happened to this object": each index costs a
-- page on every write. Searches by user, action or time scan the trail.

-- +goose Up
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER,
    username    TEXT NOT NULL,
    address     TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;
-- +goose StatementEnd

-- INSERT OR REPLACE deletes the row it replaces without firing DELETE
-- triggers, so a row may only be added after the last one (and with its
-- id given, as the writer gives it).
-- +goose StatementBegin
CREATE TRIGGER audit_log_only_appended BEFORE INSERT ON audit_log
WHEN NEW.id <= (SELECT max(id) FROM audit_log)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows are added after the last one');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_only_appended;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
