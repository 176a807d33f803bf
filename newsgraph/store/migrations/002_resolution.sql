-- newsgraph store, version 2: canonical entities across documents, the judgements that
-- made them, and the corrections people make to them.

ALTER TABLE entities ADD COLUMN canonical TEXT;     -- NULL until resolved
ALTER TABLE entities ADD COLUMN roles TEXT;         -- JSON list of role phrases
CREATE INDEX entities_canonical ON entities(canonical);

-- blocking keys of each document entity: candidates share a key
CREATE TABLE resolution_keys (
    key TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity TEXT NOT NULL
);
CREATE INDEX resolution_keys_key ON resolution_keys(key);
CREATE INDEX resolution_keys_doc ON resolution_keys(doc_id, entity);

-- every judgement on a candidate pair that was not plainly apart: link or unsure
CREATE TABLE resolution_links (
    doc_a TEXT NOT NULL, entity_a TEXT NOT NULL,
    doc_b TEXT NOT NULL, entity_b TEXT NOT NULL,
    decision TEXT NOT NULL,              -- link | unsure
    score REAL NOT NULL,
    reasons TEXT NOT NULL,               -- JSON list
    stage TEXT NOT NULL,
    PRIMARY KEY (doc_a, entity_a, doc_b, entity_b)
);
CREATE INDEX resolution_links_b ON resolution_links(doc_b, entity_b);

CREATE TABLE canonical_entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL, type TEXT NOT NULL,
    country TEXT, sector TEXT, kb_id TEXT,
    documents INTEGER NOT NULL,
    reports INTEGER NOT NULL,            -- documents that are not syndicated copies
    mentions INTEGER NOT NULL
);
CREATE INDEX canonical_entities_name ON canonical_entities(name);

-- people's corrections; selectors are doc:<doc id>:<group>:<name key> or form:<group>:<name key>,
-- so they survive re-ingest and re-resolution
CREATE TABLE resolution_corrections (
    n INTEGER PRIMARY KEY,
    action TEXT NOT NULL,                -- merge | split
    a TEXT NOT NULL, b TEXT NOT NULL,
    note TEXT,
    made_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
