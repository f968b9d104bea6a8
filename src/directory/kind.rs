//! The directory's three kinds of record (see [`crate::record`]): organisation units,
//! officials and schedule weeks. Each item is a Vietnamese content item whose record holds
//! both languages, so the English page is the same item's English fields. The three differ
//! only in their record, addresses, templates and store functions, declared once each.

use chrono::NaiveDateTime;

use super::official::Official;
use super::schedule::ScheduleWeek;
use super::store;
use super::unit::OrgUnit;
use crate::content::{ContentId, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::{Paths, RecordError, RecordKind};
use crate::site::SiteId;

/// A directory kind: each record is checked and written as stored (normalised), by the
/// store's functions for it.
macro_rules! directory_kind {
    (
        $(#[$doc:meta])*
        $kind:ident: $record:ty, $content:ident, ($vi:literal, $en:literal), $page:literal,
        $print:expr, $missing:literal, $check:path, $write:path, $read:path
    ) => {
        $(#[$doc])*
        pub struct $kind;

        impl RecordKind for $kind {
            type Record = $record;

            const KIND: ContentKind = ContentKind::$content;
            const PATHS: Paths = Paths { vi: $vi, en: $en };
            const PAGE_TEMPLATE: &'static str = $page;
            const PRINT_TEMPLATE: Option<&'static str> = $print;
            const RECORD_MISSING: &'static str = $missing;

            fn check(
                conn: &mut DbConn,
                _lang: Lang,
                content: Option<ContentId>,
                record: &$record,
                _now: NaiveDateTime,
            ) -> Result<(), RecordError> {
                $check(conn, content, &record.clone().normalised())
            }

            fn publish(
                conn: &mut DbConn,
                site: SiteId,
                content: ContentId,
                record: &$record,
                now: NaiveDateTime,
            ) -> Result<(), RecordError> {
                let record = record.clone().normalised();
                Ok($write(conn, content, site, &record, now)?)
            }

            fn current(conn: &mut DbConn, content: ContentId) -> Result<Option<$record>, RecordError> {
                Ok($read(conn, content)?)
            }
        }
    };
}

directory_kind! {
    /// Cơ cấu tổ chức: the organisation units.
    OrgUnits: OrgUnit, OrgUnit, ("/co-cau-to-chuc", "/en/organisation"), "directory_unit.html",
    None, "directory-record-missing", store::check_unit, store::write_unit, store::unit_record
}

directory_kind! {
    /// Danh bạ: officials and leaders with their positions over time.
    Officials: Official, Official, ("/danh-ba", "/en/directory"), "directory_official.html",
    None, "directory-record-missing", store::check_official, store::write_official,
    store::official_record
}

directory_kind! {
    /// Lịch công tác: a site's schedule, one item a week.
    ScheduleWeeks: ScheduleWeek, ScheduleWeek, ("/lich-cong-tac", "/en/work-schedule"),
    "schedule_week.html", Some("schedule_print.html"), "schedule-record-missing",
    store::check_week, store::write_week, store::week_record
}
