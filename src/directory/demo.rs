//! The demo province's organisation, officials and work schedules, built into the binary from
//! the repository's `content/directory/` and loaded with the rest of the demo. Schedules are
//! written relative to the week the demo is first loaded (this week and the next) and are not
//! moved by later loads; one entry is changed after publication and one cancelled, as a board
//! would do in the week.

use chrono::{Duration, NaiveDateTime};
use serde_json::Value;

use super::import::{self, ImportReport};
use super::week::IsoWeek;
use crate::db::schema::schedule_weeks;
use crate::db::DbConn;
use crate::record::import::{embedded_text, jsonl_lines, DemoError, DemoPlace, ImportOptions};
use diesel::prelude::*;

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/content/directory/"]
#[exclude = "README.md"]
struct DemoDirectory;

/// A demo week as first published (`before`: an entry's earlier times; a cancelled entry not
/// cancelled yet), or as it stands after the board's changes.
fn week_line(demo: &Value, week: IsoWeek, adjusted: bool) -> Value {
    let mut line = demo.clone();
    let target = demo["week_offset"]
        .as_i64()
        .map_or(week, |n| if n > 0 { week.next() } else { week });
    line["type"] = "week".into();
    line["week"] = target.to_string().into();
    if let Some(entries) = line["entries"].as_array_mut() {
        for e in entries {
            let weekday = e["weekday"].as_i64().unwrap_or(1).clamp(1, 7);
            e["day"] = (target.monday() + Duration::days(weekday - 1))
                .to_string()
                .into();
            if !adjusted {
                if let Some(before) = e["before"].as_object().cloned() {
                    for (k, v) in before {
                        e[k] = v;
                    }
                }
                e["cancelled"] = false.into();
            }
        }
    }
    line
}

/// Loads the demo units, officials and (once) schedules; idempotent.
pub fn load(
    conn: &mut DbConn,
    place: &DemoPlace,
    now: NaiveDateTime,
) -> Result<ImportReport, DemoError> {
    const PEOPLE: &str = "danh-ba.jsonl";
    const WEEKS: &str = "lich-cong-tac.jsonl";
    let in_content = |file: &str| format!("directory/{file}");
    let read = |path: &str| -> std::io::Result<Vec<u8>> {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            path.to_string(),
        ))
    };
    let options = ImportOptions::demo(place.portal()?, place, &read);
    let lines = jsonl_lines(&embedded_text::<DemoDirectory>(PEOPLE));
    let report =
        crate::record::import::import::<import::DirectoryLine>(conn, lines, &options, now, None)
            .accepted(&in_content(PEOPLE))?;
    // Schedules are dated from the first load: a later load leaves them where they are.
    let any_week: i64 = schedule_weeks::table.count().get_result(conn)?;
    if any_week == 0 {
        let week = IsoWeek::at(now);
        let demos: Vec<Value> = embedded_text::<DemoDirectory>(WEEKS)
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        for adjusted in [false, true] {
            let lines: String = demos
                .iter()
                .map(|d| format!("{}\n", week_line(d, week, adjusted)))
                .collect();
            // The week was published an hour before the board's changes.
            let at = now - Duration::hours(i64::from(!adjusted));
            crate::record::import::import::<import::DirectoryLine>(
                conn,
                jsonl_lines(&lines),
                &options,
                at,
                None,
            )
            .accepted(&in_content(WEEKS))?;
        }
    }
    Ok(report)
}
