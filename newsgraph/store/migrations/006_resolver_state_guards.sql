-- newsgraph store, version 6: more that makes the kept resolver state stale.
--
-- A resolved entity is seen by the resolver with its mentions and with the other actors of
-- its document, so a mention added to it, or an entity added to a document that already has
-- resolved ones, changes what was resolved. A canonical id set back to NULL is a reset by
-- any version of newsgraph, even one that does not know this table. Each of these forgets
-- the kept state (and its log), so the next resolution starts from the stored entities.

CREATE TRIGGER resolver_state_mention_added AFTER INSERT ON mentions
WHEN EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = NEW.doc_id AND e.entity = NEW.entity
             AND e.canonical IS NOT NULL)
BEGIN DELETE FROM resolver_state; END;

CREATE TRIGGER resolver_state_entity_added AFTER INSERT ON entities
WHEN EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = NEW.doc_id AND e.canonical IS NOT NULL)
BEGIN DELETE FROM resolver_state; END;

CREATE TRIGGER resolver_state_canonical_reset AFTER UPDATE OF canonical ON entities
WHEN NEW.canonical IS NULL AND OLD.canonical IS NOT NULL
BEGIN DELETE FROM resolver_state; END;
