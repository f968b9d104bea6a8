DROP TABLE calendar_announcements;
DROP TABLE question_events;
DROP TABLE question_attachments;
DROP TABLE questions;
DROP TABLE mail_outbox;
