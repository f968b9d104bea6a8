-- The sessions a site's office works, for the deadlines of the questions it receives
-- ("07:30–11:30, 13:30–17:00"); empty: the installation's office hours.
ALTER TABLE sites ADD COLUMN office_sessions TEXT NOT NULL DEFAULT '';
