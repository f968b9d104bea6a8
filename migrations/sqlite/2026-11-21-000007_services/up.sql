-- The catalogue of administrative procedures (thủ tục hành chính) and online public
-- services. A procedure is a content item of kind 'procedure' (site, language, workflow,
-- URL history, change log); its record is written here when a revision is published or a
-- procedure imported. The columns lists filter by are kept beside the whole record.

CREATE TABLE service_procedures (
    content_id INTEGER PRIMARY KEY NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    code_key TEXT NOT NULL,
    name TEXT NOT NULL,
    gov_level TEXT NOT NULL,
    field TEXT NOT NULL,
    field_key TEXT NOT NULL,
    agency TEXT NOT NULL,
    agency_key TEXT NOT NULL,
    online_level TEXT NOT NULL,
    legacy_level INTEGER NULL,
    record TEXT NOT NULL,
    record_sha256 TEXT NOT NULL
);
CREATE INDEX service_procedures_code ON service_procedures(code_key);
CREATE INDEX service_procedures_field ON service_procedures(field_key);
CREATE INDEX service_procedures_agency ON service_procedures(agency_key);
-- A procedure is found by its code in any state: a draft never published by its
-- translation key, in whichever site it was entered.
CREATE INDEX content_items_translation ON content_items(translation_key, lang);

-- Usage figures of an online service over a period, as the public-service system reports
-- them; keyed by the procedure's code so figures may arrive before the procedure.
CREATE TABLE service_usage (
    code_key TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    views INTEGER NOT NULL,
    uses INTEGER NOT NULL,
    received INTEGER NOT NULL,
    processed INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    PRIMARY KEY (code_key, period_start, period_end)
);
