DROP TABLE api_tokens;
DROP TABLE timeliness_digests;
DROP TABLE timeliness_rules;
