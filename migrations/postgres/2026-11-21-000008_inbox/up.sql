-- Mail and the citizens' questions (hỏi đáp).

-- The outbox: every e-mail is written here in the transaction of the event that causes
-- it, then delivered by the mail job with retries. The message is rendered when it is
-- sent, from its template, language and context (JSON).
CREATE TABLE mail_outbox (
    id SERIAL PRIMARY KEY,
    recipient TEXT NOT NULL,
    template TEXT NOT NULL,
    lang TEXT NOT NULL,
    context TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP NULL,
    last_error TEXT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, next_attempt_at);

-- A question: who asked (personal data, seen only by its handlers, anonymised after the
-- retention period), what, where it is (site_id: the queue it is in) and its deadline.
CREATE TABLE questions (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    asked_site_id INTEGER NOT NULL REFERENCES sites(id),
    lang TEXT NOT NULL,
    asker_name TEXT NOT NULL,
    asker_email TEXT NOT NULL,
    asker_phone TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    client_network TEXT NOT NULL,
    field TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    edited_body TEXT NULL,
    publish_consent BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    triage_due_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    deadline_days INTEGER NOT NULL,
    paused_days INTEGER NOT NULL DEFAULT 0,
    extended_to DATE NULL,
    paused_at TIMESTAMP NULL,
    forwarded_at TIMESTAMP NULL,
    closed_at TIMESTAMP NULL,
    closed_note TEXT NULL,
    merged_into INTEGER NULL REFERENCES questions(id),
    answer_content_id INTEGER NULL REFERENCES content_items(id),
    reminded_due_soon BOOLEAN NOT NULL DEFAULT FALSE,
    reminded_overdue BOOLEAN NOT NULL DEFAULT FALSE,
    reminded_board BOOLEAN NOT NULL DEFAULT FALSE,
    anonymised_at TIMESTAMP NULL
);
CREATE INDEX questions_site ON questions(site_id, status);
CREATE INDEX questions_addr ON questions(client_addr, received_at);
CREATE INDEX questions_network ON questions(client_network, received_at);

-- A question's attachment: a document or image the citizen sent, kept in the file store
-- under its hash like the media library's files, but never public (handlers download it).
CREATE TABLE question_attachments (
    question_id INTEGER PRIMARY KEY NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL
);

-- A question's history: what happened, when, by whom, and why.
CREATE TABLE question_events (
    id SERIAL PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX question_events_question ON question_events(question_id, id);

-- Announcements entered by an administrator: they override the shipped file
-- (src/calendar/announcements.toml) day by day.
CREATE TABLE calendar_announcements (
    day DATE PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TIMESTAMP NOT NULL
);
