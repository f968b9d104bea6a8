ALTER TABLE content_revisions DROP COLUMN record;
