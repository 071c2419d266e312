-- The periodic report counts every petition of a unit received before the
-- period's end, by where it stood then. petitions_report holds all it reads
-- of a petition, in unit order, so a province's annual report reads a
-- narrow index once instead of every wide petition row, and groups without
-- sorting. The two partial indexes answer "was it resolved late?" and "is
-- its reply still awaited?" without reading deadline rows; they are
-- written only when a resolution is missed or a petition forwarded.

-- +goose Up
CREATE INDEX petitions_report ON petitions(unit_id, received_at, updated_at, state, type, field, channel, competence);
CREATE INDEX deadlines_resolve_missed ON deadlines(petition_id) WHERE step = 'resolve' AND status = 'missed';
CREATE INDEX deadlines_forward_reply ON deadlines(petition_id, status, done_day) WHERE step = 'forward_reply';

-- +goose Down
DROP INDEX deadlines_forward_reply;
DROP INDEX deadlines_resolve_missed;
DROP INDEX petitions_report;
