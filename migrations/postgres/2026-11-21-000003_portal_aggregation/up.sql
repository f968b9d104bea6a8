-- The province board decides which department and commune items the portal aggregates.
ALTER TABLE content_items ADD COLUMN on_portal BOOLEAN NOT NULL DEFAULT TRUE;
