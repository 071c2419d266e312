-- The search index grows by small batches; automerge folds its segments
-- together a little at every write, so searches keep reading few lists per
-- word as the index grows (FTS4's default merges only when a level fills).

-- +goose Up
INSERT INTO petition_search (petition_search) VALUES ('automerge=8');

-- +goose Down
INSERT INTO petition_search (petition_search) VALUES ('automerge=0');
