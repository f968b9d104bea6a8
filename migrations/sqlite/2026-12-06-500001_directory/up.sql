-- Organisation units (cơ quan, đơn vị), officials (cán bộ) and leaders' work schedules
-- (lịch công tác), Decree 42/2022 art. 7 and the portal regulation art. 8. Each is a content
-- item of its own kind (site, workflow, change log) whose record is written here when a
-- revision is published or a line imported; the columns lists need sit beside the record.

CREATE TABLE org_units (
    content_id INTEGER PRIMARY KEY NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    -- The stable key imports and other records name the unit by (`sonha.so-tai-chinh`).
    unit_key TEXT NOT NULL UNIQUE,
    parent_key TEXT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    ended_on DATE NULL,
    successor_key TEXT NULL,
    record TEXT NOT NULL,
    record_sha256 TEXT NOT NULL
);
CREATE INDEX org_units_parent ON org_units(parent_key);

CREATE TABLE officials (
    content_id INTEGER PRIMARY KEY NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    official_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    record TEXT NOT NULL,
    record_sha256 TEXT NOT NULL
);

-- A week of a site's schedule is one record; its entries are kept one a row so that feeds
-- and the API read a range of days, and so that a change after publication is dated.
CREATE TABLE schedule_weeks (
    content_id INTEGER PRIMARY KEY NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    iso_week TEXT NOT NULL,
    record TEXT NOT NULL,
    record_sha256 TEXT NOT NULL
);
CREATE INDEX schedule_weeks_week ON schedule_weeks(site_id, iso_week);

CREATE TABLE schedule_entries (
    content_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    day DATE NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NULL,
    leader_key TEXT NULL,
    on_portal BOOLEAN NOT NULL,
    cancelled BOOLEAN NOT NULL,
    -- When a published entry last changed (điều chỉnh); NULL while it is as first published.
    changed_at TIMESTAMP NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (content_id, uid)
);
CREATE INDEX schedule_entries_day ON schedule_entries(day);
CREATE INDEX schedule_entries_leader ON schedule_entries(leader_key, day);
