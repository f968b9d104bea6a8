ALTER TABLE sites DROP COLUMN office_sessions;
