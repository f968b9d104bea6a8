DROP TABLE calendar_announcements;
DROP TABLE question_events;
DROP TABLE questions;
DROP TABLE mail_outbox;
