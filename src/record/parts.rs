//! Parts several kinds' records share: their documents (tài liệu) and dated entries
//! (progress updates, yearly reports), with the cells their forms type them in.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::fields::{Cell, Input};

/// A document of a record: a file of the media library (`/tep/…`) or an address elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub label: String,
    pub url: String,
}

/// `label | address` a line.
pub const DOCUMENT_CELLS: &[Cell] = &[
    Cell {
        name: "label",
        input: Input::Text,
    },
    Cell {
        name: "url",
        input: Input::Link,
    },
];

/// A dated entry: a progress update (tiến độ), a report on how a plan is carried out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dated {
    pub date: NaiveDate,
    pub text: String,
}

/// `2026-05-01 | what happened` a line.
pub const DATED_CELLS: &[Cell] = &[
    Cell {
        name: "date",
        input: Input::Date,
    },
    Cell {
        name: "text",
        input: Input::Text,
    },
];

/// The start of a day, as the moment columns hold (lists are ordered by it).
pub fn start_of(day: NaiveDate) -> NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

/// Dated entries newest first, as pages show them: the day in the page's words, the ISO
/// date and the text.
pub fn newest_first(entries: &[Dated], p: &dyn super::public::Presenter) -> Vec<serde_json::Value> {
    let mut out = entries.to_vec();
    out.sort_by_key(|d| std::cmp::Reverse(d.date));
    out.iter()
        .map(|u| serde_json::json!({"day": p.day(u.date), "iso": u.date.to_string(), "text": u.text}))
        .collect()
}

/// Whether a deadline (bid closing, a call's deadline) is still open at `now`, the days and
/// hours left (the template says them with `stored-time-left`), and when it closes.
pub fn time_left(
    due: chrono::NaiveDateTime,
    now: chrono::NaiveDateTime,
    p: &dyn super::public::Presenter,
) -> serde_json::Value {
    let left = (due - now).max(chrono::Duration::zero());
    let days = left.num_days();
    let hours = (left - chrono::Duration::days(days)).num_hours();
    serde_json::json!({
        "open": due > now,
        "days": days,
        "hours": hours,
        "at": p.date(due),
        "iso": crate::clock::iso_time(due),
    })
}
