-- Legal deadlines: the holiday calendar, rule sets with their values and
-- the record of corrections, and each petition's deadlines. Calendar days
-- are stored as 'YYYY-MM-DD' text.

-- +goose Up
ALTER TABLE petitions ADD COLUMN several_locations INTEGER NOT NULL DEFAULT 0;
-- A deadline moved by a calendar or rule change, as JSON, on a history row
-- of event 'recompute'.
ALTER TABLE petition_history ADD COLUMN detail TEXT;

-- Days that break the Monday–Friday pattern: holidays and make-up working
-- days, for the whole deployment (unit_id 0) or one unit.
CREATE TABLE holidays (
    id         INTEGER PRIMARY KEY,
    day        TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'make_up_workday')),
    name_vi    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    source     TEXT NOT NULL,
    unit_id    INTEGER NOT NULL DEFAULT 0,
    tentative  INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (day, unit_id)
);

CREATE TABLE rule_sets (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    effective_from TEXT NOT NULL UNIQUE,
    source         TEXT NOT NULL
);

CREATE TABLE rule_values (
    rule_set_id INTEGER NOT NULL REFERENCES rule_sets(id),
    key         TEXT NOT NULL,
    limit_n     INTEGER NOT NULL,
    count_unit  TEXT NOT NULL,
    source      TEXT NOT NULL,
    PRIMARY KEY (rule_set_id, key)
);

-- Every correction of a rule value: who, when, why, before and after.
CREATE TABLE rule_changes (
    id          INTEGER PRIMARY KEY,
    rule_set_id INTEGER NOT NULL REFERENCES rule_sets(id),
    key         TEXT NOT NULL,
    old_limit   INTEGER NOT NULL,
    new_limit   INTEGER NOT NULL,
    old_unit    TEXT NOT NULL,
    new_unit    TEXT NOT NULL,
    old_source  TEXT NOT NULL,
    new_source  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    actor_id    INTEGER NOT NULL REFERENCES users(id),
    at          TIMESTAMP NOT NULL
);

-- A counter bumped in the same transaction as every change to holidays or
-- rule values, so a cached calendar and rule sets know they are stale.
CREATE TABLE revisions (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO revisions (name, value) VALUES ('rules', 1);
-- 'search': the highest petition id whose text is in petition_search.
INSERT INTO revisions (name, value) VALUES ('search', (SELECT COALESCE(max(docid), 0) FROM petition_search));

CREATE TABLE deadlines (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    step        TEXT NOT NULL,
    rule_set_id INTEGER NOT NULL REFERENCES rule_sets(id),
    rule_key    TEXT NOT NULL,
    start_day   TEXT NOT NULL,
    limit_n     INTEGER NOT NULL,
    count_unit  TEXT NOT NULL,
    extended_by INTEGER NOT NULL DEFAULT 0,
    extensions  INTEGER NOT NULL DEFAULT 0,
    pauses      TEXT NOT NULL DEFAULT '[]',
    due_day     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'suspended', 'met', 'missed', 'cancelled')),
    done_day    TEXT,
    explanation TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX deadlines_petition ON deadlines(petition_id);
-- The overdue and due-soon lists read open deadlines in due order, for the
-- whole deployment or per unit; both indexes hold open rows only.
CREATE INDEX deadlines_open_due ON deadlines(due_day, unit_id) WHERE status = 'open';
CREATE INDEX deadlines_open_unit_due ON deadlines(unit_id, due_day) WHERE status = 'open';

-- +goose Down
DROP TABLE deadlines;
DROP TABLE revisions;
DROP TABLE rule_changes;
DROP TABLE rule_values;
DROP TABLE rule_sets;
DROP TABLE holidays;
ALTER TABLE petition_history DROP COLUMN detail;
ALTER TABLE petitions DROP COLUMN several_locations;
