DROP TABLE media_references;
DROP TABLE media_files;
