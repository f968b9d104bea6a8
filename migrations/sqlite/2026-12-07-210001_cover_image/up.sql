-- A news item's cover image (ảnh đại diện), chosen from its site's media library: on the
-- revision an author writes, and on the item once that revision is published. Its caption
-- and credit stay in the library.
ALTER TABLE content_items ADD COLUMN cover_media_id INTEGER NULL REFERENCES media_files(id);
ALTER TABLE content_revisions ADD COLUMN cover_media_id INTEGER NULL REFERENCES media_files(id);
