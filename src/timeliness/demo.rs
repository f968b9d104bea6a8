//! Six months of the demo province's history for the oversight page: the sites joined the
//! portal half a year before the demo was first loaded, the Department of Construction
//! posts its own decisions on time only some of the time, and the province posts its own
//! promptly; it also posts a plan weeks after its approval, and the Department of Science
//! and Technology the acceptance of a task weeks late. (The commune of Tân Phú lets its news go stale by itself: its demo articles
//! stop in October; a question answered late comes with the inbox's demo.) Dates are set
//! relative to the first load and never move afterwards: a second load changes nothing.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::account::audit::{Entry, Via};
use crate::calendar::Calendar;
use crate::db::schema::{legal_documents, sites};
use crate::db::DbConn;
use crate::legal::import::{ImportOptions, Outcome};
use crate::media::files::FileStore;
use crate::media::Limits;
use crate::site::hosts::Directory;

/// How long before the first load the demo sites joined the portal.
const HISTORY_DAYS: i64 = 190;

/// Why the demo history could not be loaded (a defect of this module's data).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("timeliness demo document {0}: {1}")]
    Line(usize, String),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// The Monday `weeks` weeks before the week of `today`.
fn monday(today: NaiveDate, weeks: i64) -> NaiveDate {
    let back = i64::from(today.weekday().num_days_from_monday());
    today - Duration::days(back + 7 * weeks)
}

/// One demo document: the site posting it, whether it issued it, its number, what it is
/// about, the week it was issued (weeks ago) and the working days it took to be posted.
struct Posted {
    site: &'static str,
    own: bool,
    number: &'static str,
    doc_type: &'static str,
    issuer: &'static str,
    abstract_text: &'static str,
    weeks_ago: i64,
    took: u32,
}

const POSTED: [Posted; 9] = [
    Posted {
        site: "sxd",
        own: true,
        number: "101/QĐ-SXD",
        doc_type: "Quyết định",
        issuer: "Sở Xây dựng tỉnh Sơn Hà",
        abstract_text: "Công bố đơn giá nhân công xây dựng quý II năm 2026 trên địa bàn tỉnh",
        weeks_ago: 25,
        took: 1,
    },
    Posted {
        site: "sxd",
        own: true,
        number: "118/QĐ-SXD",
        doc_type: "Quyết định",
        issuer: "Sở Xây dựng tỉnh Sơn Hà",
        abstract_text: "Ban hành kế hoạch kiểm tra công tác quản lý chất lượng công trình năm 2026",
        weeks_ago: 22,
        took: 5,
    },
    Posted {
        site: "sxd",
        own: true,
        number: "135/QĐ-SXD",
        doc_type: "Quyết định",
        issuer: "Sở Xây dựng tỉnh Sơn Hà",
        abstract_text: "Công bố giá vật liệu xây dựng tháng 7 năm 2026",
        weeks_ago: 19,
        took: 2,
    },
    Posted {
        site: "sxd",
        own: true,
        number: "152/QĐ-SXD",
        doc_type: "Quyết định",
        issuer: "Sở Xây dựng tỉnh Sơn Hà",
        abstract_text: "Phê duyệt danh mục nhà ở xã hội được công khai năm 2026",
        weeks_ago: 16,
        took: 7,
    },
    Posted {
        site: "sxd",
        own: true,
        number: "170/QĐ-SXD",
        doc_type: "Quyết định",
        issuer: "Sở Xây dựng tỉnh Sơn Hà",
        abstract_text: "Công bố giá vật liệu xây dựng tháng 9 năm 2026",
        weeks_ago: 12,
        took: 4,
    },
    Posted {
        site: "sxd",
        own: true,
        number: "188/QĐ-SXD",
        doc_type: "Quyết định",
        issuer: "Sở Xây dựng tỉnh Sơn Hà",
        abstract_text: "Công bố đơn giá nhân công xây dựng quý IV năm 2026",
        weeks_ago: 8,
        took: 1,
    },
    Posted {
        site: "sxd",
        own: true,
        number: "203/QĐ-SXD",
        doc_type: "Quyết định",
        issuer: "Sở Xây dựng tỉnh Sơn Hà",
        abstract_text: "Công bố giá vật liệu xây dựng tháng 11 năm 2026",
        weeks_ago: 4,
        took: 6,
    },
    Posted {
        site: "sonha",
        own: true,
        number: "1450/QĐ-UBND",
        doc_type: "Quyết định",
        issuer: "Ủy ban nhân dân tỉnh Sơn Hà",
        abstract_text: "Phê duyệt kế hoạch chuyển đổi số của tỉnh giai đoạn 2026 - 2030",
        weeks_ago: 20,
        took: 1,
    },
    Posted {
        site: "sonha",
        own: true,
        number: "1722/QĐ-UBND",
        doc_type: "Quyết định",
        issuer: "Ủy ban nhân dân tỉnh Sơn Hà",
        abstract_text: "Ban hành kế hoạch phòng, chống thiên tai mùa mưa bão năm 2026",
        weeks_ago: 11,
        took: 2,
    },
];

/// Loads the history (idempotent); returns how many documents and plans it created.
pub fn load(
    conn: &mut DbConn,
    files: &dyn FileStore,
    limits: &Limits,
    directory: &Directory,
    calendar: &Calendar,
    now: NaiveDateTime,
) -> Result<usize, DemoError> {
    let Some(portal) = directory.province() else {
        return Ok(0);
    };
    // Loaded once: the dates were set relative to the first load and stay.
    let loaded: i64 = legal_documents::table
        .filter(legal_documents::number_symbol.eq(POSTED[0].number))
        .count()
        .get_result(conn)?;
    if loaded > 0 {
        return Ok(0);
    }
    // The sites joined the portal half a year ago: only then does their history count.
    diesel::update(sites::table.filter(sites::created_at.gt(now - Duration::days(HISTORY_DAYS))))
        .set(sites::created_at.eq(now - Duration::days(HISTORY_DAYS)))
        .execute(conn)?;
    let today = crate::clock::today_in_vietnam(now);
    let no_files = |path: &str| -> std::io::Result<Vec<u8>> {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            path.to_string(),
        ))
    };
    let options = ImportOptions {
        site: portal.id,
        force_site: false,
        directory,
        entry: Entry::named(None, "demo", Via::Import),
        actor: None,
        draft: false,
        files,
        limits,
        read_file: &no_files,
    };
    let mut created = 0;
    for (i, p) in POSTED.iter().enumerate() {
        let issued = monday(today, p.weeks_ago) + Duration::days(1);
        let published = super::due_day(calendar, issued, p.took)
            .map_err(|e| DemoError::Line(i + 1, e.to_string()))?;
        let line = serde_json::json!({
            "number_symbol": p.number,
            "doc_type": p.doc_type,
            "normative": false,
            "issuers": [p.issuer],
            "signer": "Nguyễn Văn Minh",
            "signer_position": "Giám đốc",
            "issued_on": issued.to_string(),
            "effective_on": issued.to_string(),
            "field": "Xây dựng",
            "abstract_text": p.abstract_text,
            "text": format!("Điều 1. {}\n\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.", p.abstract_text),
            "site": p.site,
            "issued_by_site": p.own,
            "published_on": published.to_string(),
        });
        let parsed = serde_json::from_value(line).map_err(|e| e.to_string());
        let report = crate::record::import::import::<crate::legal::kind::LegalDocuments>(
            conn,
            vec![(i + 1, parsed)],
            &options,
            now,
            None,
        );
        let first = report.lines.first();
        created += tally(i + 1, first.map(|l| (l.outcome, l.reason.as_deref())))?;
    }
    // A plan of the Department of Construction approved seven weeks ago and posted only
    // now: late against the 10 working days of 004 art. 9.1d.
    let plan = serde_json::json!({
        "site": "sxd",
        "code": "KH-SXD-KTCL",
        "name": "Kế hoạch kiểm tra chất lượng nhà ở xã hội đợt 3 năm 2026",
        "plan_type": "plan",
        "field": "Nhà ở",
        "agency": "Sở Xây dựng",
        "period_from": today.year(),
        "period_to": today.year(),
        "approved_on": (monday(today, 7) + Duration::days(2)).to_string(),
        // A short round of inspections, already carried out.
        "status": "ended",
        "summary": "Kiểm tra chất lượng các dự án nhà ở xã hội đang triển khai trên địa bàn tỉnh.",
    });
    let line = POSTED.len() + 1;
    created += one::<crate::plans::Plans>(conn, line, plan, &options, now)?;
    // A task of the Department of Science and Technology accepted six weeks ago and posted
    // only now: late against the 20 working days of 004 art. 9.1e.
    let task = serde_json::json!({
        "site": "skhcn",
        "code": "ĐTKHCN.2024.03",
        "name": "Xây dựng cơ sở dữ liệu nguồn gen cây dược liệu của tỉnh Sơn Hà",
        "level": "grassroots",
        "field": "Nông nghiệp",
        "host": "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh",
        "leader": "ThS. Lê Thị Hồng",
        "starts_on": "2024-03-01",
        "ends_on": monday(today, 10).to_string(),
        "status": "accepted",
        "approved_on": "2024-01-22",
        "accepted_on": (monday(today, 6) + Duration::days(1)).to_string(),
        "results": "Cơ sở dữ liệu 126 loài cây dược liệu, bản đồ phân bố và quy trình bảo tồn 5 loài quý.",
    });
    created += one::<crate::science::Tasks>(conn, line + 1, task, &options, now)?;
    Ok(created)
}

/// Imports one demo record of a store-backed kind as line `line`: 1 when created.
fn one<K: crate::record::stored::StoredKind>(
    conn: &mut DbConn,
    line: usize,
    record: serde_json::Value,
    options: &ImportOptions,
    now: NaiveDateTime,
) -> Result<usize, DemoError> {
    let report =
        crate::record::import::import::<K>(conn, vec![(line, Ok(record))], options, now, None);
    tally(
        line,
        report
            .lines
            .first()
            .map(|l| (l.outcome, l.reason.as_deref())),
    )
}

/// 1 for a line created, 0 for one already there; a refused line is a defect of the demo.
fn tally(line: usize, outcome: Option<(Outcome, Option<&str>)>) -> Result<usize, DemoError> {
    match outcome {
        Some((Outcome::Rejected, reason)) => Err(DemoError::Line(
            line,
            reason.unwrap_or_default().to_string(),
        )),
        Some((Outcome::Created, _)) => Ok(1),
        _ => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_count_back_from_the_monday_of_this_week() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(monday(d("2026-12-06"), 0), d("2026-11-30"));
        assert_eq!(monday(d("2026-12-07"), 1), d("2026-11-30"));
    }
}
