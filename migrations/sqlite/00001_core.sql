-- The core schema: units, users, citizens, the reception logbook and
-- petitions with their history. Times are stored in UTC; calendar dates as
-- 'YYYY-MM-DD' text. Tables keyed by their primary key alone are WITHOUT
-- ROWID: one B-tree instead of a table and an index, one page less to write
-- per petition each.

-- +goose Up
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES units(id),
    level       TEXT NOT NULL CHECK (level IN ('province', 'department', 'district', 'commune', 'other')),
    remote_area INTEGER NOT NULL DEFAULT 0,
    -- Materialized path '/1/4/9/' so "this unit and everything under it"
    -- is one prefix match.
    path        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    username   TEXT NOT NULL UNIQUE,
    full_name  TEXT NOT NULL,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('reception', 'handler', 'leader', 'admin')),
    PRIMARY KEY (user_id, role)
);

-- Fields (lĩnh vực) of petitions: a list an admin extends.
CREATE TABLE fields (
    code     TEXT PRIMARY KEY,
    name_vi  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1
);
INSERT INTO fields (code, name_vi, name_en, position) VALUES
    ('land',            'Đất đai',                           'Land',                            10),
    ('construction',    'Xây dựng',                          'Construction',                    20),
    ('site_clearance',  'Bồi thường, giải phóng mặt bằng',   'Compensation and site clearance', 30),
    ('policy',          'Chế độ, chính sách',                'Benefits and policy',             40),
    ('environment',     'Môi trường',                        'Environment',                     50),
    ('administration',  'Hành chính',                        'Administration',                  60),
    ('justice',         'Tư pháp',                           'Justice',                         70),
    ('party_officials', 'Đảng, đoàn thể, cán bộ',            'Party, organisations, officials', 80),
    ('other',           'Lĩnh vực khác',                     'Other',                           90);

CREATE TABLE citizens (
    id         INTEGER PRIMARY KEY,
    full_name  TEXT NOT NULL,
    id_kind    TEXT NOT NULL DEFAULT '' CHECK (id_kind IN ('', 'cccd', 'passport')),
    id_number  TEXT,
    phone      TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (id_kind, id_number)
);

-- Per-unit, per-year register numbers for visits and petitions.
CREATE TABLE counters (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year    INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    value   INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, kind)
) WITHOUT ROWID;

-- The reception logbook, form 03/TCD.
CREATE TABLE visits (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    year            INTEGER NOT NULL,
    number          INTEGER NOT NULL,
    visited_at      TIMESTAMP NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('regular', 'periodic', 'ad_hoc', 'online')),
    citizen_id      INTEGER NOT NULL REFERENCES citizens(id),
    head_count      INTEGER NOT NULL CHECK (head_count >= 1),
    summary         TEXT NOT NULL,
    petition_type   TEXT NOT NULL DEFAULT '',
    prior_resolver  TEXT NOT NULL DEFAULT '',
    in_competence   INTEGER NOT NULL DEFAULT 0,
    guided_to       TEXT NOT NULL DEFAULT '',
    guidance_doc_no TEXT NOT NULL DEFAULT '',
    accepting_body  TEXT NOT NULL DEFAULT '',
    transfer_doc_no TEXT NOT NULL DEFAULT '',
    result_note     TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    refused         INTEGER NOT NULL DEFAULT 0,
    refusal_reason  TEXT NOT NULL DEFAULT '',
    refusal_note    TEXT NOT NULL DEFAULT '',
    recorded_by     INTEGER NOT NULL REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (unit_id, year, number)
);
CREATE INDEX visits_unit_time ON visits(unit_id, visited_at);
CREATE INDEX visits_time ON visits(visited_at);

CREATE TABLE visit_representatives (
    visit_id   INTEGER NOT NULL REFERENCES visits(id),
    position   INTEGER NOT NULL,
    citizen_id INTEGER NOT NULL REFERENCES citizens(id),
    PRIMARY KEY (visit_id, position)
);

CREATE TABLE petitions (
    id                    INTEGER PRIMARY KEY,
    code                  TEXT NOT NULL UNIQUE,
    year                  INTEGER NOT NULL,
    number                INTEGER NOT NULL,
    unit_id               INTEGER NOT NULL REFERENCES units(id),
    visit_id              INTEGER REFERENCES visits(id),
    channel               TEXT NOT NULL,
    type                  TEXT NOT NULL CHECK (type IN ('complaint', 'denunciation', 'recommendation', 'feedback')),
    field                 TEXT NOT NULL REFERENCES fields(code),
    competence            TEXT NOT NULL,
    eligibility           TEXT NOT NULL,
    summary               TEXT NOT NULL,
    content               TEXT NOT NULL DEFAULT '',
    respondent            TEXT NOT NULL DEFAULT '',
    received_at           TIMESTAMP NOT NULL,
    round                 INTEGER NOT NULL DEFAULT 1 CHECK (round IN (1, 2)),
    first_round_id        INTEGER REFERENCES petitions(id),
    handler_id            INTEGER REFERENCES users(id),
    state                 TEXT NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    outcome_at            TIMESTAMP,
    outcome_body          TEXT NOT NULL DEFAULT '',
    outcome_doc_no        TEXT NOT NULL DEFAULT '',
    outcome_text          TEXT NOT NULL DEFAULT '',
    file_reason           TEXT NOT NULL DEFAULT '',
    duplicate_of_id       INTEGER REFERENCES petitions(id),
    forwarded_to_unit_id  INTEGER REFERENCES units(id),
    forwarded_petition_id INTEGER REFERENCES petitions(id),
    source_petition_id    INTEGER REFERENCES petitions(id),
    accept_decision_no    TEXT NOT NULL DEFAULT '',
    accepted_at           TIMESTAMP,
    complexity            TEXT NOT NULL DEFAULT '',
    remote_area           INTEGER NOT NULL DEFAULT 0,
    decision_no           TEXT NOT NULL DEFAULT '',
    decision_date         TEXT NOT NULL DEFAULT '',
    conclusion            TEXT NOT NULL DEFAULT '',
    extended_until        TEXT NOT NULL DEFAULT '',
    withdraw_reason       TEXT NOT NULL DEFAULT '',
    created_by            INTEGER NOT NULL REFERENCES users(id),
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    UNIQUE (unit_id, year, number)
);
-- Lists filter by unit subtree and state and show the newest first.
CREATE INDEX petitions_unit_state_received ON petitions(unit_id, state, received_at);
CREATE INDEX petitions_state_received ON petitions(state, received_at);
CREATE INDEX petitions_received ON petitions(received_at);
-- Partial: petitions recorded without a handler or a visit (most at intake)
-- write no entry here.
CREATE INDEX petitions_handler ON petitions(handler_id, state) WHERE handler_id IS NOT NULL;
CREATE INDEX petitions_visit ON petitions(visit_id) WHERE visit_id IS NOT NULL;

CREATE TABLE petition_complainants (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    position    INTEGER NOT NULL,
    citizen_id  INTEGER NOT NULL REFERENCES citizens(id),
    PRIMARY KEY (petition_id, position)
) WITHOUT ROWID;
CREATE INDEX petition_complainants_citizen ON petition_complainants(citizen_id);

-- Every event, in the transaction that changed the petition.
CREATE TABLE petition_history (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    version     INTEGER NOT NULL,
    event       TEXT NOT NULL,
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    actor_id    INTEGER NOT NULL REFERENCES users(id),
    at          TIMESTAMP NOT NULL
);
-- Several rows may share a version: a deadline recomputed after a calendar
-- change is history but does not change the petition's version.
CREATE INDEX petition_history_petition ON petition_history(petition_id, id);

-- A retried create returns what the first one made.
CREATE TABLE idempotency_keys (
    actor_id     INTEGER NOT NULL REFERENCES users(id),
    key          TEXT NOT NULL,
    scope        TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    resource_id  INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (actor_id, key)
) WITHOUT ROWID;

-- Diacritic-insensitive text search: the driver stores the folded text of
-- each petition (docid = petitions.id) and queries it folded the same way.
CREATE VIRTUAL TABLE petition_search USING fts4(body, tokenize=simple, prefix="2,3");

-- +goose Down
DROP TABLE petition_search;
DROP TABLE idempotency_keys;
DROP TABLE petition_history;
DROP TABLE petition_complainants;
DROP TABLE petitions;
DROP TABLE visit_representatives;
DROP TABLE visits;
DROP TABLE counters;
DROP TABLE citizens;
DROP TABLE fields;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE units;
