DROP TABLE consultation_comments;
DROP TABLE consultation_sites;
DROP TABLE consultations;
