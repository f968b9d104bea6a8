DROP TABLE gazette_entries;
DROP TABLE gazette_issues;
DROP TABLE legal_listings;
DROP TABLE legal_relations;
DROP TABLE legal_files;
DROP TABLE legal_articles;
DROP TABLE legal_documents;
