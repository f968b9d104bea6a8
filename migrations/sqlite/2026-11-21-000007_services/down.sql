DROP TABLE service_usage;
DROP TABLE service_procedures;
