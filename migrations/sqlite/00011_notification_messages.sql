-- A deadline's reminder is stored as a message of the catalog and its
-- parameters, rendered for whoever reads it in their language, and names
-- its petition, whose code and summary are read with it. A scan after a
-- year of deadlines thus writes rows of a few dozen bytes instead of the
-- written-out text, and renders nothing. Notifications posted before keep
-- their written subject and body (message is empty). petition_id carries
-- no foreign key: petitions are never deleted, and checking it would read
-- a petition row per reminder inside the write.

-- +goose Up
ALTER TABLE notifications ADD COLUMN message TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN params TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN petition_id INTEGER;

-- +goose Down
ALTER TABLE notifications DROP COLUMN petition_id;
ALTER TABLE notifications DROP COLUMN params;
ALTER TABLE notifications DROP COLUMN message;
