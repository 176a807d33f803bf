-- newsgraph store, version 4: the resolver's working state, kept between processes so that
-- a new ingest links its entities without resolving the whole store again.
--
-- One row: the state after the last resolution, as zlib-compressed JSON (never pickle), with
-- the fingerprint of the code and data that computed it and a generation token new with
-- each save. The triggers below forget it when anything it was computed from changes in
-- place (an entity renamed or recoded, mentions or documents deleted, a date changed); new
-- documents do not touch it, they are what it is for.

CREATE TABLE resolver_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    generation TEXT NOT NULL,
    resolved INTEGER NOT NULL,           -- document entities it holds
    payload BLOB NOT NULL
);

CREATE TRIGGER resolver_state_entity_deleted AFTER DELETE ON entities
BEGIN DELETE FROM resolver_state; END;

CREATE TRIGGER resolver_state_entity_changed
AFTER UPDATE OF doc_id, entity, name, type, country, kb_id, roles ON entities
BEGIN DELETE FROM resolver_state; END;

CREATE TRIGGER resolver_state_mention_deleted AFTER DELETE ON mentions
BEGIN DELETE FROM resolver_state; END;

CREATE TRIGGER resolver_state_mention_changed AFTER UPDATE OF doc_id, entity, text ON mentions
BEGIN DELETE FROM resolver_state; END;

CREATE TRIGGER resolver_state_published_changed AFTER UPDATE OF published ON documents
BEGIN DELETE FROM resolver_state; END;
