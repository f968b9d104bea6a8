ALTER TABLE content_items DROP COLUMN on_portal;
