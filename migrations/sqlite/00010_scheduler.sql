-- The scheduler and what it runs: job leases (one node per job), the in-app
-- inbox and its delivery queue, the record of reminders already sent, and
-- reception-day schedules with their sessions. Legal values the jobs need
-- (reception minimums, how long filed petitions are kept) join the rule
-- sets as data with their source.

-- +goose Up
-- A job runs on the node holding its lease; a node that dies stops
-- renewing it, and another takes it over once expires_at has passed.
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    -- The last run that ended, for "tiepdan jobs list" and the admins.
    last_started_at  TIMESTAMP,
    last_finished_at TIMESTAMP,
    last_error       TEXT NOT NULL DEFAULT ''
);

ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

-- Each notification leaves by email and by webhook when those channels are
-- configured; a delivery waits here until it goes out, retried with
-- growing delays while the server it goes to does not answer.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications(id),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    address         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TIMESTAMP NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX deliveries_pending ON deliveries(next_at) WHERE status = 'pending';
CREATE INDEX deliveries_status ON deliveries(status, id);

-- One row per reminder sent: a deadline's window or escalation step, a
-- digest of a day, a session's eve, to one person. Inserted in the
-- transaction of the notification, so a second run or a restart finds it
-- and sends nothing twice.
CREATE TABLE sent_reminders (
    topic           TEXT NOT NULL,
    object_id       INTEGER NOT NULL,
    step            TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    notification_id INTEGER REFERENCES notifications(id),
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (topic, object_id, step, user_id)
);

-- The reminder scan reads open deadlines in due order from the index of
-- open deadlines alone: it now also holds the petition and the step (and
-- the status, always 'open' here, without which SQLite reads each row to
-- check it), so the rows, with their long explanations, are never read.
-- The lists read it in the same order as before.
DROP INDEX deadlines_open_due;
CREATE INDEX deadlines_open_due ON deadlines(due_day, unit_id, id, petition_id, step, status) WHERE status = 'open';

-- A leader's recurring reception day (lịch tiếp công dân định kỳ).
CREATE TABLE reception_rules (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    leader_id  INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly_day', 'monthly_nth')),
    weekday    INTEGER NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 6), -- 0 is Sunday
    month_day  INTEGER NOT NULL DEFAULT 0 CHECK (month_day BETWEEN 0 AND 31),
    nth        INTEGER NOT NULL DEFAULT 0 CHECK (nth BETWEEN -1 AND 5),   -- -1 is the last
    start_time TEXT NOT NULL, -- HH:MM in Asia/Ho_Chi_Minh
    end_time   TEXT NOT NULL,
    place      TEXT NOT NULL,
    topic      TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reception_rules_unit ON reception_rules(unit_id);

CREATE TABLE reception_sessions (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    leader_id     INTEGER NOT NULL REFERENCES users(id),
    rule_id       INTEGER REFERENCES reception_rules(id), -- NULL: added by hand
    nominal_day   TEXT NOT NULL, -- the day the rule gives
    day           TEXT NOT NULL, -- the day it is held: moved off holidays
    moved_reason  TEXT NOT NULL DEFAULT '',
    start_time    TEXT NOT NULL,
    end_time      TEXT NOT NULL,
    place         TEXT NOT NULL,
    topic         TEXT NOT NULL DEFAULT '',
    -- cancelled: its rule was ended; the notice says why.
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'postponed', 'cancelled')),
    notice        TEXT NOT NULL DEFAULT '',
    postponed_to  INTEGER REFERENCES reception_sessions(id),
    published_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (rule_id, nominal_day)
);
CREATE INDEX reception_sessions_unit_day ON reception_sessions(unit_id, day);
CREATE INDEX reception_sessions_day ON reception_sessions(day);

ALTER TABLE visits ADD COLUMN session_id INTEGER REFERENCES reception_sessions(id);

-- Filed petitions are reviewed once kept long enough: the review list reads
-- them by state and the day they were filed.
CREATE INDEX petitions_state_outcome ON petitions(state, outcome_at) WHERE outcome_at IS NOT NULL;

-- The reception minimums and the retention period join every rule set
-- (a new deployment gets them from the shipped defaults instead).
INSERT INTO rule_values (rule_set_id, key, limit_n, count_unit, source)
    SELECT id, 'reception.min.commune', 1, 'week', 'Luật Tiếp công dân 2013, Điều 15 khoản 2 điểm d (Chủ tịch UBND cấp xã: ít nhất 01 ngày trong 01 tuần)' FROM rule_sets;
INSERT INTO rule_values (rule_set_id, key, limit_n, count_unit, source)
    SELECT id, 'reception.min.other', 1, 'month', 'Luật Tiếp công dân 2013, Điều 13 khoản 5 (Chủ tịch UBND cấp tỉnh); Nghị định 154/2026/NĐ-CP, Điều 10 khoản 2 (thủ trưởng cơ quan, đơn vị): ít nhất 01 ngày trong 01 tháng' FROM rule_sets;
INSERT INTO rule_values (rule_set_id, key, limit_n, count_unit, source)
    SELECT id, 'reception.notice', 5, 'working_days', 'Luật Tiếp công dân 2013, Điều 24 khoản 4 (lịch tiếp công dân niêm yết chậm nhất 05 ngày làm việc trước ngày tiếp; lùi lịch phải thông báo)' FROM rule_sets;
INSERT INTO rule_values (rule_set_id, key, limit_n, count_unit, source)
    SELECT id, 'retention.filed', 12, 'month', 'Thông tư 05/2021/TT-TTCP (xếp lưu đơn); Thông tư 03/2016/TT-BTTTT, Điều 10 khoản 4: thời hạn lưu trữ 01 năm, việc tiêu hủy do thủ trưởng quyết định' FROM rule_sets;
UPDATE revisions SET value = value + 1 WHERE name = 'rules';

-- +goose Down
DELETE FROM rule_values WHERE key IN ('reception.min.commune', 'reception.min.other', 'reception.notice', 'retention.filed');
DROP INDEX petitions_state_outcome;
ALTER TABLE visits DROP COLUMN session_id;
DROP TABLE reception_sessions;
DROP TABLE reception_rules;
DROP TABLE sent_reminders;
DROP INDEX deadlines_open_due;
CREATE INDEX deadlines_open_due ON deadlines(due_day, unit_id) WHERE status = 'open';
DROP TABLE deliveries;
DROP TABLE notifications;
ALTER TABLE users DROP COLUMN email;
DROP TABLE job_leases;
