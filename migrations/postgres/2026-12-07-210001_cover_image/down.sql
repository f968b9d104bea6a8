ALTER TABLE content_revisions DROP COLUMN cover_media_id;
ALTER TABLE content_items DROP COLUMN cover_media_id;
