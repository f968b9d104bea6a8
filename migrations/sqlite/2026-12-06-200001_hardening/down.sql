ALTER TABLE content_revisions DROP COLUMN edited_by;
DROP TABLE upload_usage;
