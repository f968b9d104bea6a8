-- Alert and maintenance banners shown at the top of public pages, on one site or (site_id
-- NULL) on every site, from starts_at until ends_at (UTC). Maintenance names when the work
-- begins: announced at least a day ahead (seed 003 art. 17.4).
CREATE TABLE banners (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NULL REFERENCES sites(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_vi TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    work_starts_at TIMESTAMP NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX banners_ends_at ON banners(ends_at);
