-- newsgraph store, version 1: documents, their facts with provenance, text search,
-- and the ingest log that makes re-runs skip what is done.

CREATE TABLE documents (
    docno INTEGER PRIMARY KEY,           -- rowid, for the FTS index
    id TEXT NOT NULL UNIQUE,             -- content identity (see Document.id)
    title TEXT, url TEXT, outlet TEXT, original_outlet TEXT,
    published TEXT, published_basis TEXT, language TEXT,
    text TEXT NOT NULL,
    source TEXT,
    duplicate_of TEXT,                   -- a near-duplicate (syndicated copy) of this document
    duplicate_score REAL,
    record TEXT NOT NULL,                -- the whole record as JSON
    stored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE entities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity TEXT NOT NULL,                -- id within the document: e1, e2 …
    name TEXT NOT NULL, name_key TEXT NOT NULL, type TEXT NOT NULL,
    country TEXT, sector TEXT, kb_id TEXT,
    mention_count INTEGER NOT NULL,
    stage TEXT NOT NULL,
    PRIMARY KEY (doc_id, entity)
);
CREATE INDEX entities_key ON entities(name_key);
CREATE INDEX entities_kb ON entities(kb_id);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    name_key TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id, entity);
CREATE INDEX mentions_key ON mentions(name_key);

CREATE TABLE dates (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    value TEXT, precision TEXT,
    stage TEXT NOT NULL
);
CREATE INDEX dates_doc ON dates(doc_id);

CREATE TABLE places (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    name TEXT, gazetteer_id TEXT, country TEXT, lat REAL, lon REAL,
    stage TEXT NOT NULL
);
CREATE INDEX places_doc ON places(doc_id);

CREATE TABLE events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    type TEXT, mode TEXT, verb TEXT,
    sources TEXT NOT NULL, targets TEXT NOT NULL,      -- JSON lists of entity ids
    date_value TEXT, date_precision TEXT,
    evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, evidence TEXT NOT NULL,
    negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, future INTEGER NOT NULL,
    historical INTEGER NOT NULL,
    stage TEXT NOT NULL,
    PRIMARY KEY (doc_id, event)
);
CREATE INDEX events_date ON events(date_value);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='docno', tokenize='unicode61 remove_diacritics 2'
);

-- the progress marker: an input item is done once its documents are committed
CREATE TABLE ingest_log (
    source TEXT PRIMARY KEY,
    doc_id TEXT,
    status TEXT NOT NULL,                -- stored | duplicate | error
    reason TEXT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- near-duplicate detection: MinHash band keys of each document's word shingles
CREATE TABLE minhash_bands (
    band TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX minhash_bands_band ON minhash_bands(band);
CREATE TABLE minhash_signatures (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    signature BLOB NOT NULL
);
