-- Foundation: sites and their hosts, menus, content items with URL history,
-- the change log (outbox) and the job runner's leases.
-- Times are UTC, stored as diesel Timestamps.

CREATE TABLE sites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    short_name_vi TEXT NOT NULL,
    short_name_en TEXT NOT NULL,
    address_vi TEXT NOT NULL DEFAULT '',
    address_en TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    fax TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    office_hours_vi TEXT NOT NULL DEFAULT '',
    office_hours_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    redirect_site_id INTEGER NULL REFERENCES sites(id),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE site_aliases (
    label TEXT PRIMARY KEY NOT NULL,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE
);

CREATE TABLE menu_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    parent_id INTEGER NULL REFERENCES menu_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    url TEXT NOT NULL
);
CREATE INDEX menu_items_site_lang ON menu_items(site_id, lang, position);

CREATE TABLE content_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL,
    lang TEXT NOT NULL,
    translation_key TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    author TEXT NOT NULL,
    source TEXT NOT NULL,
    category TEXT NULL,
    tags TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    state_note TEXT NULL,
    published_at TIMESTAMP NOT NULL,
    revised_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, lang, translation_key)
);
CREATE INDEX content_items_listing ON content_items(site_id, lang, kind, state, published_at);

CREATE TABLE url_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    content_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, path)
);

CREATE TABLE change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    site_id INTEGER NULL,
    action TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE change_log_cursors (
    consumer TEXT PRIMARY KEY NOT NULL,
    last_change_id BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE jobs (
    name TEXT PRIMARY KEY NOT NULL,
    next_run_at TIMESTAMP NOT NULL,
    lease_owner TEXT NULL,
    lease_until TIMESTAMP NULL
);

CREATE TABLE job_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job TEXT NOT NULL,
    runner TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_runs_job ON job_runs(job, started_at);
