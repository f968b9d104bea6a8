-- Kinds with a structured record (a legal document's metadata and articles, a procedure's
-- components) keep it in each revision as JSON, so they go through the same workflow.
ALTER TABLE content_revisions ADD COLUMN record TEXT NULL;
