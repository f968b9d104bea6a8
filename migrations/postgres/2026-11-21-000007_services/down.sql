DROP INDEX content_items_translation;
DROP TABLE service_usage;
DROP TABLE service_procedures;
