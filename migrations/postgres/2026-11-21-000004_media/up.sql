-- The media library: every uploaded file, stored by content hash, with what readers and
-- editors need to know about it, and which content items use it.
CREATE TABLE media_files (
    id SERIAL PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    sha256 TEXT NOT NULL,
    served_sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    kind TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    alt_text TEXT NOT NULL DEFAULT '',
    caption TEXT NOT NULL DEFAULT '',
    credit TEXT NOT NULL DEFAULT '',
    width INTEGER NULL,
    height INTEGER NULL,
    renditions TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, sha256)
);
CREATE INDEX media_files_site ON media_files(site_id, created_at);

CREATE TABLE media_references (
    media_id INTEGER NOT NULL REFERENCES media_files(id) ON DELETE CASCADE,
    content_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    PRIMARY KEY (media_id, content_id)
);
