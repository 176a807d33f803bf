-- newsgraph store, version 5: what was resolved since the kept resolver state was written.
--
-- Writing the whole state after every ingest costs time in proportion to the store. Instead,
-- an ingest appends the document entities it resolved (one row, in the order they were
-- added); reading the state back replays these rows on top of it, which repeats exactly the
-- additions that were made. Every so often the whole state is written again and the log
-- emptied. A row belongs to the state whose generation it names; rows of a forgotten state
-- are ignored and removed at the next write.

CREATE TABLE resolver_log (
    n INTEGER PRIMARY KEY,
    generation TEXT NOT NULL,
    refs TEXT NOT NULL                   -- JSON list of [document id, entity]
);
