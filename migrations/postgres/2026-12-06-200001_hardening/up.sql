-- Upload bytes received from each client address (citizens' attachments), counted in the
-- rate limits whether the upload was kept or refused.
CREATE TABLE upload_usage (
    id BIGSERIAL PRIMARY KEY,
    client_addr TEXT NOT NULL,
    client_network TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX upload_usage_addr ON upload_usage(client_addr, at);
CREATE INDEX upload_usage_network ON upload_usage(client_network, at);
-- Who last changed a revision's text: an author too, for the two-person rule.
ALTER TABLE content_revisions ADD COLUMN edited_by INTEGER REFERENCES users(id);
