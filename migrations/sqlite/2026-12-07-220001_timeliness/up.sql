-- The board's changes to the timeliness rules (issue of the oversight page): per category,
-- for every site (site_id 0) or one site. The defaults live in the code with their sources.
CREATE TABLE timeliness_rules (
    category TEXT NOT NULL,
    site_id INTEGER NOT NULL DEFAULT 0,
    days INTEGER NULL,
    enabled BOOLEAN NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (category, site_id)
);

-- The weekly digest went to a recipient (a site, or 0 for the board) for an ISO week: it is
-- sent once per week whichever server's job runs it.
CREATE TABLE timeliness_digests (
    site_id INTEGER NOT NULL,
    week TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (site_id, week)
);

-- API tokens for system administrators' reports: only a SHA-256 of the token is kept; the
-- token itself is shown once, when created.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NULL,
    revoked_at TIMESTAMP NULL
);
