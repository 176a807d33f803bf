-- newsgraph store, version 3: who said what. One row per quote of a document; the
-- speaker is an entity id within the document (or NULL for an unnamed source).

CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    quote TEXT NOT NULL,                 -- q1, q2 … within the document
    speaker TEXT,                        -- entity id in the document
    speaker_text TEXT,
    speaker_ref TEXT,                    -- the earlier quote of the same speaker ("he", "the source")
    anonymous INTEGER NOT NULL,
    cue TEXT, channel TEXT,
    direct INTEGER NOT NULL,
    stance TEXT,
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content TEXT NOT NULL,
    chain TEXT NOT NULL,                 -- JSON list: speaker, channel, agencies, outlets
    stage TEXT NOT NULL,
    PRIMARY KEY (doc_id, quote)
);
CREATE INDEX quotes_speaker ON quotes(doc_id, speaker);
CREATE INDEX quotes_anonymous ON quotes(anonymous);

-- documents stored before version 3 keep no quotes: re-extract them to fill this table
