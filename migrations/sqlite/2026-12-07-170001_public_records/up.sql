-- Published records of the store-backed kinds (projects, procurement notices, statistics
-- datasets, plans, budget disclosures, science tasks): the record as published (JSON), and
-- the few typed columns their lists filter and order on. What each column holds is the
-- kind's choice (`record::stored::Columns`).
CREATE TABLE public_records (
    content_id INTEGER PRIMARY KEY NOT NULL REFERENCES content_items(id),
    kind TEXT NOT NULL,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    lang TEXT NOT NULL,
    record TEXT NOT NULL,
    status TEXT NOT NULL,
    field TEXT NOT NULL,
    area TEXT NOT NULL,
    year INTEGER NULL,
    -- The moment lists are ordered by (newest first): posted, released, approved.
    dated_at TIMESTAMP NULL,
    -- The moment something falls due: bid closing, next release, deadline.
    due_at TIMESTAMP NULL,
    published_at TIMESTAMP NOT NULL
);
CREATE INDEX public_records_list ON public_records(kind, lang, site_id, dated_at);
CREATE INDEX public_records_due ON public_records(kind, due_at);
