-- The legal registry (văn bản) and the gazette (Công báo). A document is a content item of
-- kind 'legal' (site, language, workflow, URL history, change log); its record lives here,
-- written when a revision is published or a document imported.

CREATE TABLE legal_documents (
    content_id INTEGER PRIMARY KEY NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    doc_type TEXT NOT NULL,
    type_key TEXT NOT NULL,
    normative BOOLEAN NOT NULL,
    number_symbol TEXT NOT NULL,
    symbol_canonical TEXT NOT NULL,
    symbol_key TEXT NOT NULL,
    year INTEGER NULL,
    issuers TEXT NOT NULL,
    issuer_key TEXT NOT NULL,
    signer TEXT NOT NULL,
    signer_position TEXT NOT NULL,
    issued_on DATE NULL,
    effective_on DATE NULL,
    expires_on DATE NULL,
    field TEXT NOT NULL,
    field_key TEXT NOT NULL,
    abstract_text TEXT NOT NULL,
    preamble TEXT NOT NULL,
    status_override TEXT NULL,
    status_reason TEXT NULL,
    status_since DATE NULL,
    issued_by_site BOOLEAN NOT NULL,
    record_sha256 TEXT NOT NULL
);
CREATE INDEX legal_documents_symbol ON legal_documents(symbol_key);
CREATE INDEX legal_documents_year ON legal_documents(year);

CREATE TABLE legal_articles (
    content_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    heading TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (content_id, position)
);

CREATE TABLE legal_files (
    content_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    media_id INTEGER NOT NULL REFERENCES media_files(id),
    label TEXT NOT NULL,
    PRIMARY KEY (content_id, position)
);

-- Stated by the source document; the target is named by its folded number-symbol, so a
-- relation to a document not yet in the registry resolves when that document arrives.
CREATE TABLE legal_relations (
    source_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    target_symbol TEXT NOT NULL,
    target_key TEXT NOT NULL,
    target_title TEXT NOT NULL,
    scope TEXT NOT NULL,
    PRIMARY KEY (source_id, position)
);
CREATE INDEX legal_relations_target ON legal_relations(target_key);

-- Other sites that list a document besides its own.
CREATE TABLE legal_listings (
    content_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    PRIMARY KEY (content_id, site_id)
);

CREATE TABLE gazette_issues (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    year INTEGER NOT NULL,
    number TEXT NOT NULL,
    issued_on DATE NOT NULL,
    media_id INTEGER NULL REFERENCES media_files(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, year, number)
);

CREATE TABLE gazette_entries (
    issue_id INTEGER NOT NULL REFERENCES gazette_issues(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    content_id INTEGER NOT NULL REFERENCES content_items(id),
    PRIMARY KEY (issue_id, position)
);
