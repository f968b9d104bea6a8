DROP TABLE schedule_entries;
DROP TABLE schedule_weeks;
DROP TABLE officials;
DROP TABLE org_units;
