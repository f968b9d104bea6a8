DROP TABLE audit_log;
DROP TABLE content_revisions;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE site_roles;
DROP TABLE users;
