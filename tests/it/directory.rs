//! The organisation, the officials' directory and the leaders' work schedules (issue 15):
//! imports idempotent by key with a reason for every refused line, positions brought in as
//! history, and schedule weeks whose published entries are changed or cancelled, never lost.

use std::io::Write;

use chrono::NaiveDate;
use cong::clock::Clock;
use cong::directory::import::{self, ImportReport};
use cong::directory::store;
use cong::import::Outcome;

use crate::common::{system_import, Backend, Setup, TestApp};

fn import_text(t: &TestApp, suffix: &str, text: &str) -> ImportReport {
    let mut file = tempfile::NamedTempFile::with_suffix(suffix).unwrap();
    write!(file, "{text}").unwrap();
    let lines = import::read_lines(file.path()).unwrap();
    system_import(t, |options| {
        import::import(
            &mut t.conn(),
            lines,
            options,
            t.clock.now().naive_utc(),
            None,
        )
    })
}

fn reasons(report: &ImportReport) -> Vec<(usize, &str)> {
    report
        .lines
        .iter()
        .filter(|l| l.outcome == Outcome::Rejected)
        .map(|l| (l.line, l.reason.as_deref().unwrap_or("")))
        .collect()
}

const UNITS: &str = "type,key,parent,kind,name,name_en,phone,email,ended_on,successor,order\n\
unit,t.ubnd,,province,Ủy ban nhân dân tỉnh,Provincial People's Committee,0255 3822 100,ubnd@t.gov.vn,,,1\n\
unit,t.skhcn,t.ubnd,department,Sở Khoa học và Công nghệ,Department of Science and Technology,,,,,2\n\
unit,t.stttt,t.ubnd,department,Sở Thông tin và Truyền thông,Department of Information and Communications,,,2025-03-01,t.skhcn,3\n\
unit,t.loop,t.loop,department,Vòng,Loop,,,,,4\n\
unit,t.bad,t.khong-co,department,Không có cấp trên,No parent,,,,,5\n";

const OFFICIALS: &str = "key,name,unit,title,title_en,from,to,concurrent,order,phone,email\n\
nguyen-an,Nguyễn Văn An,t.stttt,Giám đốc Sở,Director,2020-01-01,,,20,0255 3822 101,an@t.gov.vn\n\
tran-binh,Trần Thị Bình,t.ubnd,Phó Chủ tịch,Vice Chairwoman,2024-01-01,,,2,,binh@t.gov.vn\n\
le-chi,Lê Chí,t.khong-co,Chuyên viên,Officer,2024-01-01,,,50,,\n\
pham-dung,Phạm Dũng,t.ubnd,Chuyên viên,Officer,2024-01-01,2023-01-01,,50,,\n\
vo-em,Võ Em,t.ubnd,Chuyên viên,Officer,2024-01-01,,,50,gọi tổng đài,\n\
do-gia,Đỗ Gia,t.ubnd,Chuyên viên,Officer,2024-01-01,,,50,,gia@\n";

on_both_backends!(units_and_officials_import_idempotently_and_bad_lines_say_why);
async fn units_and_officials_import_idempotently_and_bad_lines_say_why(backend: Backend) {
    let Some(t) = TestApp::with(Setup {
        backend,
        ..Setup::default()
    }) else {
        return;
    };
    let units = import_text(&t, ".csv", UNITS);
    assert_eq!((units.created, units.rejected), (3, 2), "{:?}", units.lines);
    assert_eq!(
        reasons(&units),
        [
            (5, "parent: directory-unit-own-parent"),
            (6, "parent: directory-unknown-unit")
        ]
    );
    let officials = import_text(&t, ".csv", OFFICIALS);
    assert_eq!(officials.created, 2, "{:?}", officials.lines);
    assert_eq!(
        reasons(&officials),
        [
            (4, "positions: directory-unknown-unit"),
            (5, "positions: directory-position-end-before-start"),
            (6, "phone: directory-bad-phone"),
            (7, "email: directory-bad-email"),
        ]
    );
    // The same files again change nothing.
    let again = import_text(&t, ".csv", UNITS);
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
    let again = import_text(&t, ".csv", OFFICIALS);
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));

    // A new post comes in as history: the principal post held before ends when it begins.
    let moved = import_text(
        &t,
        ".csv",
        "key,name,unit,title,title_en,from,order,phone,email\n\
         nguyen-an,Nguyễn Văn An,t.skhcn,Giám đốc Sở,Director,2025-03-01,20,0255 3822 101,an@t.gov.vn\n",
    );
    assert_eq!(moved.updated, 1, "{:?}", moved.lines);
    // A refused line leaves the stored record as it was: a second principal post that
    // overlaps the current one is refused.
    let overlap = import_text(
        &t,
        ".jsonl",
        r#"{"type":"official","key":"nguyen-an","name":"Nguyễn Văn An","positions":[{"unit":"t.skhcn","title":"Giám đốc","from":"2025-03-01"},{"unit":"t.ubnd","title":"Phó Chủ tịch","from":"2025-06-01"}]}"#,
    );
    assert_eq!(
        reasons(&overlap),
        [(1, "positions: directory-position-overlap")]
    );
    let people = store::officials(&mut t.conn()).unwrap();
    let an = people
        .iter()
        .find(|p| p.record.key == "nguyen-an")
        .expect("imported");
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let current = an.record.current_positions(today);
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].unit, "t.skhcn");
    let former = an.record.former_positions(today);
    assert_eq!(former[0].unit, "t.stttt");
    assert_eq!(former[0].to, NaiveDate::from_ymd_opt(2025, 3, 1));
    assert_eq!(an.record.email, "an@t.gov.vn");

    // The dissolved unit is kept with its end date and successor.
    let all = store::units(&mut t.conn()).unwrap();
    let stttt = all.iter().find(|u| u.record.key == "t.stttt").unwrap();
    assert_eq!(stttt.record.successor.as_deref(), Some("t.skhcn"));
    assert!(!stttt.record.is_current(today));
}

fn week_line(entries: &str) -> String {
    format!(r#"{{"type":"week","week":"2026-W48","site_slug":"sonha","entries":[{entries}]}}"#)
}

const MEETING: &str = r#"{"uid":"hop","day":"2026-11-23","start":"08:00","end":"11:00","content":"Họp Ủy ban","leader":"tran-binh"}"#;
const RECEPTION: &str = r#"{"uid":"tiep","day":"2026-11-24","start":"14:00","content":"Tiếp công dân","leader":"tran-binh"}"#;

on_both_backends!(a_published_week_marks_changes_and_keeps_cancelled_entries);
async fn a_published_week_marks_changes_and_keeps_cancelled_entries(backend: Backend) {
    let Some(t) = TestApp::with(Setup {
        backend,
        ..Setup::default()
    }) else {
        return;
    };
    import_text(&t, ".csv", UNITS);
    import_text(&t, ".csv", OFFICIALS);
    let first = import_text(&t, ".jsonl", &week_line(&format!("{MEETING},{RECEPTION}")));
    assert_eq!(first.created, 1, "{:?}", first.lines);
    let site = crate::common::site_id(&t, "sonha");
    let from = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let read = |leader: Option<&str>| {
        store::entries(
            &mut t.conn(),
            store::EntryScope::Site(site),
            from,
            to,
            leader,
        )
        .unwrap()
    };
    assert_eq!(read(None).len(), 2);
    assert!(read(None).iter().all(|e| e.changed_at.is_none()));

    // An hour later the meeting moves and the reception is cancelled.
    t.clock.advance(chrono::Duration::hours(1));
    let moved = MEETING.replace("08:00", "09:00");
    let cancelled = RECEPTION.replace("\"leader\"", "\"cancelled\":true,\"leader\"");
    let second = import_text(&t, ".jsonl", &week_line(&format!("{moved},{cancelled}")));
    assert_eq!(second.updated, 1, "{:?}", second.lines);
    let entries = read(Some("tran-binh"));
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].changed_at, Some(t.clock.now().naive_utc()));
    assert!(entries[1].entry.cancelled);

    // Leaving a published entry out is refused, and nothing changes.
    let dropped = import_text(&t, ".jsonl", &week_line(&moved));
    assert_eq!(reasons(&dropped), [(1, "entries: schedule-entry-removed")]);
    assert_eq!(read(None).len(), 2);
    // An unknown leader is named.
    let stranger = import_text(
        &t,
        ".jsonl",
        &week_line(&format!(
            "{moved},{cancelled},{}",
            RECEPTION
                .replace("tiep", "khac")
                .replace("tran-binh", "ai-do")
        )),
    );
    assert_eq!(
        reasons(&stranger),
        [(1, "entries: schedule-unknown-leader")]
    );
}
