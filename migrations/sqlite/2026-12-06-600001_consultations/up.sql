-- Public consultation on draft documents (lấy ý kiến dự thảo).

-- A published consultation: the columns lists and limits filter on, and the whole record
-- as published (JSON). The phase (upcoming/open/closed) is derived from the clock.
CREATE TABLE consultations (
    content_id INTEGER PRIMARY KEY NOT NULL REFERENCES content_items(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    draft_type TEXT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    record TEXT NOT NULL,
    -- When the closing job noticed the closing moment passed (pages check the clock).
    closed_noted_at TIMESTAMP NULL,
    report_published_at TIMESTAMP NULL,
    -- The legal document issued after the consultation.
    final_document_id INTEGER NULL REFERENCES content_items(id)
);
CREATE INDEX consultations_site ON consultations(site_id, opens_at);
CREATE INDEX consultations_final ON consultations(final_document_id);

-- The other sites a consultation appears on.
CREATE TABLE consultation_sites (
    content_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    PRIMARY KEY (content_id, site_id)
);

-- A citizen's comment (góp ý): personal data seen only by the board, the e-mail address
-- anonymised after the retention period; public only once approved.
CREATE TABLE consultation_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER NOT NULL REFERENCES content_items(id),
    lang TEXT NOT NULL,
    article TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    organisation TEXT NOT NULL,
    body TEXT NOT NULL,
    consent BOOLEAN NOT NULL,
    client_addr TEXT NOT NULL,
    client_network TEXT NOT NULL,
    -- The site address the comment came through: the links mailed to its commenter.
    origin TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    moderation TEXT NOT NULL,
    reject_reason TEXT NULL,
    moderated_by TEXT NULL,
    moderated_at TIMESTAMP NULL,
    attachment_sha256 TEXT NULL,
    attachment_name TEXT NULL,
    attachment_type TEXT NULL,
    attachment_size BIGINT NULL,
    anonymised_at TIMESTAMP NULL
);
CREATE INDEX consultation_comments_of ON consultation_comments(consultation_id, moderation);
CREATE INDEX consultation_comments_addr ON consultation_comments(client_addr, received_at);
CREATE INDEX consultation_comments_network ON consultation_comments(client_network, received_at);
