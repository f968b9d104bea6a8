-- Editorial board: personal accounts, roles per site, sessions, login throttling,
-- content revisions under review, and the append-only audit log.

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    is_system_admin BOOLEAN NOT NULL DEFAULT FALSE,
    disabled_at TIMESTAMP NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE site_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    role TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, site_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    account TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_account ON login_failures(account, at);
CREATE INDEX login_failures_ip ON login_failures(client_ip, at);

CREATE TABLE content_revisions (
    id SERIAL PRIMARY KEY,
    content_id INTEGER NOT NULL REFERENCES content_items(id),
    number INTEGER NOT NULL,
    state TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body_markdown TEXT NOT NULL,
    author TEXT NOT NULL,
    source TEXT NOT NULL,
    category TEXT NULL,
    tags TEXT NOT NULL DEFAULT '',
    change_note TEXT NULL,
    created_by INTEGER NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    submitted_by INTEGER NULL REFERENCES users(id),
    submitted_at TIMESTAMP NULL,
    reviewed_by INTEGER NULL REFERENCES users(id),
    reviewed_at TIMESTAMP NULL,
    review_comment TEXT NULL,
    publish_at TIMESTAMP NULL,
    published_by INTEGER NULL REFERENCES users(id),
    published_at TIMESTAMP NULL,
    emergency_reason TEXT NULL,
    UNIQUE (content_id, number)
);
CREATE INDEX content_revisions_state ON content_revisions(state, publish_at);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id INTEGER NULL REFERENCES users(id),
    actor_name TEXT NOT NULL,
    via TEXT NOT NULL,
    site_id INTEGER NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_site ON audit_log(site_id, at);
