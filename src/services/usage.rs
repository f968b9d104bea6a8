//! Usage figures of online public services (regulation art. 12: how often each service is
//! used and how many dossiers were processed), as the public-service system exports them:
//! CSV with a header row, one service and period a line. Reading and checking lines is pure;
//! [`import_usage`] records them.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::record::code_key;
use crate::lang::Lang;
use crate::legal::record::parse_day;
use crate::record::import::explain;
use crate::render::i18n::Messages;

/// The figures of one service over one period (read with `UsageFigures::as_select()`, the
/// code as its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Queryable, Selectable)]
#[diesel(table_name = crate::db::schema::service_usage)]
pub struct UsageFigures {
    /// The procedure's code (mã thủ tục).
    #[diesel(column_name = code_key)]
    pub code: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Lượt truy cập: how often its page on the public-service portal was viewed.
    pub views: i32,
    /// Lượt sử dụng: how often it was started online.
    pub uses: i32,
    /// Hồ sơ tiếp nhận.
    pub received: i32,
    /// Hồ sơ đã giải quyết.
    pub processed: i32,
    /// Of those, giải quyết đúng hạn.
    pub on_time: i32,
}

impl UsageFigures {
    /// The share processed on time, in percent, when any was processed.
    pub fn on_time_percent(&self) -> Option<f64> {
        on_time_percent(self.processed, self.on_time)
    }
}

/// `on_time` of `processed`, in percent with one decimal.
pub fn on_time_percent(processed: i32, on_time: i32) -> Option<f64> {
    (processed > 0).then(|| (f64::from(on_time) * 1000.0 / f64::from(processed)).round() / 10.0)
}

/// A line of a usage file: the figures, or why they were refused.
pub type UsageLine = (usize, Result<UsageFigures, String>);

/// Reads usage CSV: columns `code`, `period_start`, `period_end`, `views`, `uses`,
/// `received`, `processed`, `on_time` in any order (Vietnamese headers `ma_thu_tuc`,
/// `tu_ngay`, `den_ngay`, `luot_xem`, `luot_su_dung`, `tiep_nhan`, `da_giai_quyet`,
/// `dung_han` too). `Err` when the header lacks a column.
pub fn read_csv(text: &str) -> Result<Vec<UsageLine>, String> {
    const COLUMNS: [(&str, &str); 8] = [
        ("code", "ma_thu_tuc"),
        ("period_start", "tu_ngay"),
        ("period_end", "den_ngay"),
        ("views", "luot_xem"),
        ("uses", "luot_su_dung"),
        ("received", "tiep_nhan"),
        ("processed", "da_giai_quyet"),
        ("on_time", "dung_han"),
    ];
    let mut reader = crate::record::import::lines::csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| format!("no header row: {e}"))?
        .clone();
    let mut positions = [0usize; 8];
    for (i, (en, vi)) in COLUMNS.iter().enumerate() {
        positions[i] = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(en) || h.eq_ignore_ascii_case(vi))
            .ok_or_else(|| format!("the header has no column {en:?}"))?;
    }
    let mut lines = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let parsed = row
            .map_err(|e| format!("unreadable CSV row: {e}"))
            .and_then(|row| {
                let cell = |n: usize| row.get(positions[n]).unwrap_or("");
                figures(std::array::from_fn(cell))
            });
        lines.push((line, parsed));
    }
    Ok(lines)
}

/// The figures of one line's eight cells, checked.
fn figures(cells: [&str; 8]) -> Result<UsageFigures, String> {
    let day = |name: &str, text: &str| match parse_day(text) {
        Ok(Some(d)) => Ok(d),
        _ => Err(format!(
            "{name}: {text:?} is not a date (2026-01-31 or 31/01/2026)"
        )),
    };
    let count = |name: &str, text: &str| {
        text.replace(['.', ','], "")
            .parse::<i32>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| format!("{name}: {text:?} is not a count"))
    };
    let code = code_key(cells[0]);
    if code.is_empty() {
        return Err("code: services-usage-no-code".into());
    }
    let f = UsageFigures {
        code,
        period_start: day("period_start", cells[1])?,
        period_end: day("period_end", cells[2])?,
        views: count("views", cells[3])?,
        uses: count("uses", cells[4])?,
        received: count("received", cells[5])?,
        processed: count("processed", cells[6])?,
        on_time: count("on_time", cells[7])?,
    };
    if f.period_end < f.period_start {
        return Err("period_end: services-usage-bad-period".into());
    }
    if f.on_time > f.processed {
        return Err("on_time: services-usage-more-on-time".into());
    }
    Ok(f)
}

/// What an import of usage figures did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct UsageReport {
    pub recorded: usize,
    pub unchanged: usize,
    /// Line numbers with the reason (message ids where the catalogue has one).
    pub rejected: Vec<(usize, String)>,
}

/// Records every good line of a usage file; a line naming no procedure of the catalogue is
/// refused.
pub fn import_usage(
    conn: &mut crate::db::DbConn,
    lines: Vec<UsageLine>,
    now: chrono::NaiveDateTime,
) -> diesel::QueryResult<UsageReport> {
    let mut report = UsageReport::default();
    for (line, parsed) in lines {
        let figures = match parsed {
            Ok(f) => f,
            Err(reason) => {
                report.rejected.push((line, reason));
                continue;
            }
        };
        if !super::store::code_known(conn, &figures.code)? {
            report
                .rejected
                .push((line, "code: services-usage-unknown-code".into()));
            continue;
        }
        if super::store::record_usage(conn, &figures, now)? {
            report.recorded += 1;
        } else {
            report.unchanged += 1;
        }
    }
    Ok(report)
}

impl UsageReport {
    /// The rejected lines with their reasons said in `lang` (for the command line, English).
    pub fn rejected_said(&self, messages: &Messages, lang: Lang) -> Vec<serde_json::Value> {
        self.rejected
            .iter()
            .map(|(line, reason)| {
                serde_json::json!({"line": line, "reason": explain(messages, lang, reason)})
            })
            .collect()
    }
}

/// Records usage figures pasted as CSV, as the admin page shows the outcome: the counts and
/// the rejected lines with their reasons in `lang` (or the `error` that kept the text from
/// being read as the CSV at all), and whether every line was recorded.
pub fn import_pasted(
    conn: &mut crate::db::DbConn,
    text: &str,
    now: chrono::NaiveDateTime,
    messages: &Messages,
    lang: Lang,
) -> diesel::QueryResult<(serde_json::Value, bool)> {
    let lines = match read_csv(text) {
        Ok(lines) => lines,
        Err(reason) => return Ok((serde_json::json!({ "error": reason }), false)),
    };
    let report = import_usage(conn, lines, now)?;
    let result = serde_json::json!({
        "recorded": report.recorded,
        "unchanged": report.unchanged,
        "rejected": report.rejected_said(messages, lang),
    });
    Ok((result, report.rejected.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_usage_file_is_read_with_headers_in_any_order() {
        let text = "code,period_end,period_start,views,uses,received,processed,on_time\n\
                    1.001193.000.00.00.h12,31/03/2026,2026-01-01,\"1.250\",300,280,270,265\n";
        let lines = read_csv(text).unwrap();
        let f = lines[0].1.as_ref().unwrap();
        assert_eq!(f.code, "1.001193.000.00.00.H12");
        assert_eq!(f.views, 1250);
        assert_eq!(f.period_end, NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        assert_eq!(f.on_time_percent(), Some(98.1));
    }

    #[test]
    fn vietnamese_headers_are_read_too() {
        let text =
            "ma_thu_tuc,tu_ngay,den_ngay,luot_xem,luot_su_dung,tiep_nhan,da_giai_quyet,dung_han\n\
                    X.1,2026-01-01,2026-01-31,1,1,1,1,1\n";
        assert!(read_csv(text).unwrap()[0].1.is_ok());
    }

    #[test]
    fn impossible_figures_are_refused_with_the_reason() {
        let text = "code,period_start,period_end,views,uses,received,processed,on_time\n\
                    X.1,2026-02-01,2026-01-01,1,1,1,1,1\n\
                    X.1,2026-01-01,2026-01-31,1,1,5,2,3\n\
                    X.1,2026-01-01,2026-01-31,-4,1,1,1,1\n\
                    ,2026-01-01,2026-01-31,1,1,1,1,1\n";
        let lines = read_csv(text).unwrap();
        let reasons: Vec<String> = lines.into_iter().map(|l| l.1.unwrap_err()).collect();
        assert!(reasons[0].contains("services-usage-bad-period"));
        assert!(reasons[1].contains("services-usage-more-on-time"));
        assert!(reasons[2].starts_with("views"));
        assert!(reasons[3].contains("services-usage-no-code"));
    }

    #[test]
    fn a_header_without_a_column_is_refused() {
        assert!(read_csv("code,views\nX,1\n").is_err());
    }
}
