//! The organisation, the officials' directory and the leaders' work schedules (issue 15):
//! imports idempotent by key with a reason for every refused line, positions brought in as
//! history, and schedule weeks whose published entries are changed or cancelled, never lost.

use std::io::Write;

use chrono::NaiveDate;
use cong::clock::Clock;
use cong::directory::import::{self, ImportReport};
use cong::directory::store;
use cong::record::import::Outcome;

use crate::common::{system_import, Backend, Setup, TestApp};

fn import_text(t: &TestApp, suffix: &str, text: &str) -> ImportReport {
    let mut file = tempfile::NamedTempFile::with_suffix(suffix).unwrap();
    write!(file, "{text}").unwrap();
    let lines = import::read_lines(file.path()).unwrap();
    system_import(t, |options| {
        cong::record::import::import::<import::DirectoryLine>(
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
    format!(r#"{{"type":"week","week":"2026-W50","site_slug":"sonha","entries":[{entries}]}}"#)
}

const MEETING: &str = r#"{"uid":"hop","day":"2026-12-07","start":"08:00","end":"11:00","content":"Họp Ủy ban","leader":"tran-binh"}"#;
const RECEPTION: &str = r#"{"uid":"tiep","day":"2026-12-08","start":"14:00","content":"Tiếp công dân","leader":"tran-binh"}"#;

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
    let from = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 12, 13).unwrap();
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

fn demo(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

on_both_backends!(the_organisation_chart_and_its_units_read_in_both_languages);
async fn the_organisation_chart_and_its_units_read_in_both_languages(backend: Backend) {
    let Some(t) = demo(backend) else { return };
    let app = t.anon();
    let vi = app.get("localhost", "/co-cau-to-chuc").await;
    assert_eq!(vi.status, 200);
    assert!(vi.body.contains("Sở Khoa học và Công nghệ"));
    assert!(
        vi.body.contains("Phòng Chuyển đổi số"),
        "the chart nests divisions"
    );
    assert!(vi.body.contains("Đơn vị đã sáp nhập, giải thể"));
    let en = app.get("localhost", "/en/organisation").await;
    assert!(en.body.contains("Department of Science and Technology"));
    // A department's site shows its own part of the tree.
    let dept = app.get("skhcn.localhost", "/co-cau-to-chuc").await;
    assert!(dept.body.contains("Phòng Quản lý khoa học"));
    assert!(!dept.body.contains("Sở Tài chính"));
    // The API lists every site's units on the province host; site= narrows.
    let all = app
        .get("localhost", "/api/v1/organisation?per_page=100&lang=en")
        .await
        .json();
    assert!(all["total"].as_i64().unwrap() >= 12, "{all}");
    let units = all["results"].as_array().unwrap();
    let old = units
        .iter()
        .find(|u| u["key"] == "sonha.stttt")
        .expect("the dissolved unit");
    assert_eq!(old["successor"], "sonha.skhcn");
    assert_eq!(old["ended_on"], "2025-03-01");
    assert_eq!(old["name"], "Department of Information and Communications");
    let narrow = app
        .get("localhost", "/api/v1/organisation?site=skhcn")
        .await
        .json();
    assert!(narrow["total"].as_i64().unwrap() < all["total"].as_i64().unwrap());
    // The dissolved unit's page points to its successor, in both languages.
    let url = old["url"].as_str().unwrap();
    let path = url.trim_start_matches("http://localhost");
    let page = app.get("localhost", path).await;
    assert_eq!(page.status, 200, "{path}");
    assert!(page.body.contains("Ceased on"));
    assert!(page.body.contains("Department of Science and Technology"));
    let vi_path = path.replace("/en/organisation", "/co-cau-to-chuc");
    let page = app.get("localhost", &vi_path).await;
    assert!(page.body.contains("Đơn vị kế thừa"));
    // A wrong slug redirects to the unit's address.
    let id = vi_path
        .trim_start_matches("/co-cau-to-chuc/")
        .split('-')
        .next()
        .unwrap();
    let wrong = app
        .get("localhost", &format!("/co-cau-to-chuc/{id}-sai"))
        .await;
    assert_eq!(wrong.status, 301);
    assert_eq!(wrong.header("location"), vi_path);
}

on_both_backends!(the_directory_is_searched_filtered_by_unit_and_gives_vcards);
async fn the_directory_is_searched_filtered_by_unit_and_gives_vcards(backend: Backend) {
    let Some(t) = demo(backend) else { return };
    let app = t.anon();
    let all = app
        .get("localhost", "/api/v1/directory?per_page=100")
        .await
        .json();
    assert!(all["total"].as_i64().unwrap() >= 25, "{all}");
    assert_eq!(all["results"][0]["name"], "Trần Văn Hùng", "protocol order");
    let en = app
        .get(
            "localhost",
            "/api/v1/directory?lang=en&q=nguyen%20thi%20lan",
        )
        .await
        .json();
    let lan = &en["results"][0];
    assert_eq!(
        lan["position"],
        "Director of the Department of Science and Technology"
    );
    assert_eq!(lan["unit"], "Department of Science and Technology");
    assert!(lan["phone"].as_str().unwrap().starts_with("0255"));
    assert!(lan["email"].as_str().unwrap().ends_with("@sonha.gov.vn"));
    // Filtering by a department includes its divisions.
    let unit = app
        .get(
            "localhost",
            "/api/v1/directory?unit=sonha.skhcn&per_page=100",
        )
        .await
        .json();
    let names: Vec<&str> = unit["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(names.contains(&"Đỗ Minh Khoa"), "{names:?}");
    assert!(!names.contains(&"Trần Văn Hùng"));
    let page = app
        .get("localhost", "/danh-ba?q=khoa&unit=sonha.skhcn")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Đỗ Minh Khoa"));
    let bad = app.get("localhost", "/danh-ba?unit=khong-co").await;
    assert_eq!(bad.status, 400);
    // A person's page keeps former posts as history; the vCard has the official contacts.
    let url = lan["url"].as_str().unwrap();
    let (host, path) = url.trim_start_matches("http://").split_once('/').unwrap();
    let page = app.get(host, &format!("/{path}")).await;
    assert_eq!(page.status, 200, "{url}");
    assert!(page.body.contains("Former positions"));
    assert!(page
        .body
        .contains("Department of Information and Communications"));
    let card = app.get(host, &format!("/{path}/vcard.vcf")).await;
    assert_eq!(card.status, 200);
    assert!(card.header("content-type").starts_with("text/vcard"));
    assert!(card.body.contains("BEGIN:VCARD\r\nVERSION:4.0"));
    assert!(card.body.contains("FN:Nguyễn Thị Lan"));
    assert!(card
        .body
        .contains("TITLE:Director of the Department of Science and Technology"));
}

on_both_backends!(the_week_shows_changed_and_cancelled_entries_and_its_feed_parses);
async fn the_week_shows_changed_and_cancelled_entries_and_its_feed_parses(backend: Backend) {
    let Some(t) = demo(backend) else { return };
    let app = t.anon();
    // The demo was loaded on Friday 20 November 2026: its week is 2026-W47.
    let week = app.get("localhost", "/lich-cong-tac").await;
    assert_eq!(week.status, 200);
    assert!(week.body.contains("2026-W47"));
    assert!(week.body.contains("Họp Ủy ban nhân dân tỉnh thường kỳ"));
    assert!(week.body.contains("Điều chỉnh"));
    assert!(week.body.contains("Đã hủy"));
    let en = app
        .get("localhost", "/en/work-schedule?week=2026-W47")
        .await;
    assert!(en.body.contains("Regular meeting of the Provincial"));
    assert!(en.body.contains("Changed"));
    assert!(en.body.contains("Cancelled"));
    let next = app.get("localhost", "/lich-cong-tac?tuan=2026-W48").await;
    assert!(next.body.contains("Giao ban lãnh đạo UBND tỉnh"));
    let bad = app.get("localhost", "/lich-cong-tac?tuan=2026-W99").await;
    assert_eq!(bad.status, 400);
    let print = app
        .get("localhost", "/lich-cong-tac?tuan=2026-W47&print=1")
        .await;
    assert!(print.body.contains("print-view"));
    // The province's week includes a department's entries marked for the portal.
    assert!(week.body.contains("Chủ trì Hội thảo chuyển đổi số"));
    let dept = app.get("skhcn.localhost", "/lich-cong-tac").await;
    assert!(dept.body.contains("Nghiệm thu nhiệm vụ khoa học"));
    assert!(!dept.body.contains("Họp Ủy ban nhân dân tỉnh thường kỳ"));

    // The feed is text/calendar and parses back, cancelled entries included.
    let feed = app.get("localhost", "/lich-cong-tac.ics").await;
    assert_eq!(feed.status, 200);
    assert!(feed.header("content-type").starts_with("text/calendar"));
    let calendar: icalendar::Calendar = feed.body.parse().expect("the feed parses");
    use icalendar::Component;
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert!(events.len() >= 9, "{}", events.len());
    assert!(events
        .iter()
        .any(|e| e.get_status() == Some(icalendar::EventStatus::Cancelled)));
    assert!(events.iter().any(|e| e.get_last_modified().is_some()));
    let leader = app.get("localhost", "/lich-cong-tac/ngo-thi-mai.ics").await;
    let calendar: icalendar::Calendar = leader.body.parse().expect("the leader's feed parses");
    assert!(calendar.events().all(|e| e.get_summary().is_some()));
    assert_eq!(calendar.events().count(), 2);
    assert_eq!(
        app.get("localhost", "/lich-cong-tac/khong-co.ics")
            .await
            .status,
        404
    );

    // The API: the current week by default, a range on request, site= narrows.
    let api = app
        .get("localhost", "/api/v1/schedule?per_page=100")
        .await
        .json();
    assert!(api["total"].as_i64().unwrap() >= 7, "{api}");
    let results = api["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(|e| e["changed"] == true && e["changed_at"].is_string()));
    assert!(results.iter().any(|e| e["cancelled"] == true));
    let range = app
        .get(
            "localhost",
            "/api/v1/schedule?from=2026-11-23&to=2026-11-29&lang=en&site=sonha",
        )
        .await
        .json();
    assert_eq!(range["total"], 3);
    assert_eq!(
        range["results"][0]["content"],
        "Weekly briefing of the Committee's leaders"
    );
    let bad = app
        .get(
            "localhost",
            "/api/v1/schedule?from=2026-11-29&to=2026-11-23",
        )
        .await;
    assert_eq!(bad.status, 400);

    // Today's engagements are on the home page (Friday: the delegation of the ministry).
    let home = app.get("localhost", "/").await;
    assert!(
        home.body.contains("Tiếp đoàn công tác của Bộ Nội vụ"),
        "today on the home page"
    );
}

#[actix_web::test]
async fn the_site_map_lists_every_section_and_every_site() {
    let t = TestApp::new();
    let app = t.anon();
    let vi = app.get("localhost", "/so-do-trang").await;
    assert_eq!(vi.status, 200);
    assert!(vi.body.contains("/lich-cong-tac"));
    assert!(vi.body.contains("Sở Khoa học và Công nghệ"));
    assert!(vi.body.contains("http://tanphu.localhost/"));
    let en = app.get("localhost", "/en/site-map").await;
    assert!(en.body.contains("/en/directory"));
}

on_both_backends!(units_and_officials_without_the_required_english_are_reported_to_the_board);
async fn units_and_officials_without_the_required_english_are_reported_to_the_board(
    backend: Backend,
) {
    use cong::content::translations::{gaps, TranslationStatus};
    let Some(t) = demo(backend) else { return };
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let required = |t: &TestApp| -> Vec<String> {
        gaps(&mut t.conn(), None, today)
            .unwrap()
            .into_iter()
            .filter(|g| matches!(g.status, TranslationStatus::Required { .. }))
            .map(|g| g.title)
            .collect()
    };
    assert!(required(&t).is_empty(), "the demo has full English");
    let report = import_text(
        &t,
        ".csv",
        "type,key,parent,name,unit,title,from\n\
         unit,sonha.ban-moi,sonha.ubnd,Ban Quản lý dự án mới,,,\n\
         official,nguoi-moi,,Người Mới,sonha.ban-moi,Trưởng ban,2026-01-01\n",
    );
    assert_eq!(report.created, 2, "{:?}", report.lines);
    assert_eq!(required(&t), ["Ban Quản lý dự án mới", "Người Mới"]);
    crate::admin::board(&t);
    let board = t.user("truongban");
    let dashboard = board.get("/admin").await;
    assert!(
        dashboard
            .body
            .contains("2 đơn vị, cán bộ chưa có tiếng Anh"),
        "the board sees the count"
    );
    let page = board.get("/admin/sites/sonha/translations").await;
    assert!(page
        .body
        .contains("Bắt buộc có tiếng Anh theo Nghị định 42/2022"));
}

#[actix_web::test]
async fn an_editor_enters_a_week_copies_the_previous_and_it_is_public_once_reviewed() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let app = t.anon();
    let [author, editor, head] = ["soantin", "bientap", "truongban"].map(|u| t.user(u));
    // The demo's next week (2026-W48) exists; the week after is entered by copying it.
    let form = author
        .get("/admin/sites/sonha/schedule?tuan=2026-W49&copy=1")
        .await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("Giao ban lãnh đạo UBND tỉnh"),
        "copied from 2026-W48"
    );
    assert!(form.body.contains("2026-11-30"), "moved to the new week");
    let fields = [
        ("week", "2026-W49"),
        ("e0-day", "2026-11-30"),
        ("e0-start", "08:00"),
        ("e0-end", "10:00"),
        ("e0-content", "Họp giao ban tuần"),
        ("e0-content_en", "Weekly briefing"),
        ("e0-leader", "tran-van-hung"),
        ("e1-day", "2026-12-01"),
        ("e1-start", "sáng"),
        ("e1-content", "Giờ sai"),
    ];
    let refused = author
        .post_form("/admin/sites/sonha/schedule", &fields)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Ngày hoặc giờ không hợp lệ"));
    let saved = author
        .post_form("/admin/sites/sonha/schedule", &fields[..7])
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let content = crate::common::last_id(&saved);
    let week = |app: crate::common::Client| async move {
        app.get("localhost", "/lich-cong-tac?tuan=2026-W49")
            .await
            .body
    };
    assert!(
        !week(app.clone()).await.contains("Họp giao ban tuần"),
        "not before review"
    );
    let revisions =
        cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content)).unwrap();
    let published = crate::common::through_review([&author, &editor, &head], revisions[0].id).await;
    assert_eq!(published.status, 303, "{}", published.body);
    assert!(week(app.clone()).await.contains("Họp giao ban tuần"));
    let en = app
        .get("localhost", "/en/work-schedule?week=2026-W49")
        .await;
    assert!(en.body.contains("Weekly briefing"));
    // The generic editor sends the week's item to the week form.
    let edit = author.get(&format!("/admin/content/{content}/edit")).await;
    assert_eq!(edit.status, 303);
    let to = format!("/admin/sites/sonha/schedule/{content}/edit");
    assert!(edit.header("location").ends_with(&to));
}

/// A form's fields as pairs, with the given ones replaced or added.
fn fields<'a>(base: &[(&'a str, &'a str)], with: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all: Vec<(&str, &str)> = base
        .iter()
        .filter(|(k, _)| !with.iter().any(|(w, _)| w == k))
        .copied()
        .collect();
    all.extend_from_slice(with);
    all
}

/// How many items and revisions are stored (a refused form adds none).
fn content_count(t: &TestApp) -> (i64, i64) {
    use cong::db::schema::{content_items, content_revisions};
    use diesel::prelude::*;
    let mut conn = t.conn();
    let items = content_items::table.count().get_result(&mut *conn).unwrap();
    let revisions = content_revisions::table
        .count()
        .get_result(&mut *conn)
        .unwrap();
    (items, revisions)
}

const UNIT_FORM: &[(&str, &str)] = &[
    ("lang", "vi"),
    ("key", "sonha.sdl"),
    ("name", "Sở Du lịch"),
    ("name_en", "Department of Tourism"),
    ("kind", "department"),
    ("parent", "sonha.ubnd"),
    ("functions", "Quản lý nhà nước về du lịch."),
    ("functions_en", "State management of tourism."),
    ("phone", "0255 3822 300"),
    ("email", "sdl@sonha.gov.vn"),
    ("order", "9"),
];

const OFFICIAL_FORM: &[(&str, &str)] = &[
    ("lang", "vi"),
    ("key", "hoang-van-xay"),
    ("name", "Hoàng Văn Xây"),
    ("leader", "yes"),
    ("phone", "0255 3822 301"),
    ("email", "xay@sonha.gov.vn"),
    (
        "positions",
        "sonha.sdl | Giám đốc Sở Du lịch | Director of the Department of Tourism | 2024-01-01 | | 20 |",
    ),
    ("duties", "Phụ trách chung."),
    ("duties_en", "In charge of the department."),
];

on_both_backends!(units_and_officials_are_entered_in_their_forms_and_published_by_a_second_person);
async fn units_and_officials_are_entered_in_their_forms_and_published_by_a_second_person(
    backend: Backend,
) {
    let Some(t) = demo(backend) else { return };
    crate::admin::board(&t);
    let app = t.anon();
    let [author, editor, head] = ["soantin", "bientap", "truongban"].map(|u| t.user(u));
    // The site's content list leads to both forms; they offer the units and sites known.
    let list = author.get("/admin/sites/sonha/content").await;
    assert!(list.body.contains("/admin/sites/sonha/units/new"));
    assert!(list.body.contains("/admin/sites/sonha/officials/new"));
    let form = author.get("/admin/sites/sonha/units/new").await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body.contains(r#"value="sonha.skhcn""#),
        "parent units offered"
    );
    assert!(form.body.contains("Cơ quan cấp trên"));

    // Bad input: each with its own message, and nothing stored.
    let before = content_count(&t);
    let unit_refusals = [
        (("parent", "sonha.khong-co"), "Không có đơn vị với mã này."),
        (
            ("phone", "gọi tổng đài"),
            "Số điện thoại hoặc fax không hợp lệ",
        ),
        (("email", "sdl@"), "Địa chỉ thư điện tử không hợp lệ"),
        (("lang", "en"), "Đơn vị và cán bộ được nhập bằng tiếng Việt"),
    ];
    for (field, message) in unit_refusals {
        let refused = author
            .post_form("/admin/sites/sonha/units/new", &fields(UNIT_FORM, &[field]))
            .await;
        assert_eq!(refused.status, 422, "{field:?}");
        assert!(
            refused.body.contains(message),
            "{field:?}: {}",
            refused.body
        );
    }
    assert_eq!(content_count(&t), before, "a refused form stores nothing");

    let saved = author
        .post_form("/admin/sites/sonha/units/new", UNIT_FORM)
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let unit = crate::common::last_id(&saved);
    let publish = |content: i32| {
        let people = [author.clone(), editor.clone(), head.clone()];
        let item = cong::content::ContentId(content);
        let latest = cong::review::store::revisions(&mut t.conn(), item).unwrap()[0].id;
        async move {
            let [a, e, h] = &people;
            crate::common::through_review([a, e, h], latest).await
        }
    };
    assert_eq!(publish(unit).await.status, 303);
    let chart = app.get("localhost", "/co-cau-to-chuc").await;
    assert!(chart.body.contains("Sở Du lịch"));
    let chart = app.get("localhost", "/en/organisation").await;
    assert!(chart.body.contains("Department of Tourism"));

    // An official, refused for each bad position or contact, then saved.
    let before = content_count(&t);
    let official_refusals = [
        (
            "sonha.sdl | Giám đốc | Director | 2024-01-01 | 2023-01-01 | 20 |",
            "Ngày thôi giữ chức vụ phải sau ngày bắt đầu.",
        ),
        (
            "sonha.sdl | Giám đốc | Director | 2024-01-01 | | 20 |\nsonha.ubnd | Phó Chủ tịch | Vice Chairman | 2025-01-01 | | 3 |",
            "Hai chức vụ chính trùng thời gian",
        ),
        (
            "sonha.khong-co | Giám đốc | Director | 2024-01-01 | | 20 |",
            "Không có đơn vị với mã này.",
        ),
    ];
    for (positions, message) in official_refusals {
        let refused = author
            .post_form(
                "/admin/sites/sonha/officials/new",
                &fields(OFFICIAL_FORM, &[("positions", positions)]),
            )
            .await;
        assert_eq!(refused.status, 422, "{positions}");
        assert!(
            refused.body.contains(message),
            "{positions}: {}",
            refused.body
        );
    }
    for (field, message) in [
        (("phone", "12"), "Số điện thoại hoặc fax không hợp lệ"),
        (
            ("email", "xay.sonha.gov.vn"),
            "Địa chỉ thư điện tử không hợp lệ",
        ),
    ] {
        let refused = author
            .post_form(
                "/admin/sites/sonha/officials/new",
                &fields(OFFICIAL_FORM, &[field]),
            )
            .await;
        assert_eq!(refused.status, 422, "{field:?}");
        assert!(refused.body.contains(message), "{field:?}");
    }
    assert_eq!(content_count(&t), before, "a refused form stores nothing");
    let saved = author
        .post_form("/admin/sites/sonha/officials/new", OFFICIAL_FORM)
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let official = crate::common::last_id(&saved);
    assert!(
        !app.get("localhost", "/danh-ba?q=hoang%20van%20xay")
            .await
            .body
            .contains("Hoàng Văn Xây"),
        "not before review"
    );
    assert_eq!(publish(official).await.status, 303);
    let vi = app.get("localhost", "/danh-ba?q=hoang%20van%20xay").await;
    assert!(vi.body.contains("Hoàng Văn Xây"));
    let en = app
        .get("localhost", "/api/v1/directory?lang=en&q=hoang%20van%20xay")
        .await
        .json();
    assert_eq!(
        en["results"][0]["position"],
        "Director of the Department of Tourism"
    );

    // The generic editor sends an official's item to its form.
    let generic = author.get(&format!("/admin/content/{official}/edit")).await;
    assert_eq!(generic.status, 303);
    let to = format!("/admin/sites/sonha/officials/{official}/edit");
    assert!(generic.header("location").ends_with(&to));
    // Positions over time: the edit form shows the post; ending it and taking up another,
    // with a concurrent post beside it, keeps the first as history.
    let edit = author
        .get(&format!("/admin/sites/sonha/officials/{official}/edit"))
        .await;
    assert_eq!(edit.status, 200);
    assert!(edit.body.contains("Giám đốc Sở Du lịch"));
    let moved = "sonha.sdl | Giám đốc Sở Du lịch | Director of the Department of Tourism | 2024-01-01 | 2026-06-01 | 20 |\n\
                 sonha.ubnd | Phó Chủ tịch Ủy ban nhân dân tỉnh | Vice Chairman of the Provincial People's Committee | 2026-06-01 | | 3 |\n\
                 sonha.sdl | Trưởng ban chỉ đạo | Head of the steering board | 2026-06-01 | | 30 | x";
    let saved = author
        .post_form(
            &format!("/admin/sites/sonha/officials/{official}/edit"),
            &fields(OFFICIAL_FORM, &[("positions", moved)]),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(publish(official).await.status, 303);
    let people = store::officials(&mut t.conn()).unwrap();
    let xay = people
        .iter()
        .find(|p| p.record.key == "hoang-van-xay")
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let titles: Vec<&str> = xay
        .record
        .current_positions(today)
        .iter()
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["Phó Chủ tịch Ủy ban nhân dân tỉnh", "Trưởng ban chỉ đạo"]
    );
    assert!(xay.record.current_positions(today)[1].concurrent);
    assert_eq!(
        xay.record.former_positions(today)[0].title,
        "Giám đốc Sở Du lịch"
    );
}

on_both_backends!(a_published_week_changed_at_the_last_minute_is_emergency_published_and_flagged);
async fn a_published_week_changed_at_the_last_minute_is_emergency_published_and_flagged(
    backend: Backend,
) {
    let Some(t) = demo(backend) else { return };
    crate::admin::board(&t);
    let app = t.anon();
    let [author, editor, head] = ["soantin", "bientap", "truongban"].map(|u| t.user(u));
    // The demo's next week is published; its first entry moves to another room.
    let site = crate::common::site_id(&t, "sonha");
    let (item, record) = store::week_for_editing(&mut t.conn(), site, "2026-W48")
        .unwrap()
        .expect("the demo's next week");
    let mut record = record.unwrap();
    let moved = "Phòng họp khẩn số 5";
    record.entries[0].location = moved.into();
    let week = cong::directory::week::IsoWeek::parse("2026-W48").unwrap();
    let rows = cong::directory::week_form::rows_of(&record, week.monday());
    let mut typed: Vec<(String, String)> = vec![("week".into(), "2026-W48".into())];
    for (i, row) in rows.iter().enumerate() {
        for (name, value) in serde_json::to_value(row).unwrap().as_object().unwrap() {
            let value = match value {
                serde_json::Value::Bool(true) => "on".to_string(),
                serde_json::Value::String(s) => s.clone(),
                _ => continue,
            };
            typed.push((format!("e{i}-{name}"), value));
        }
    }
    let typed: Vec<(&str, &str)> = typed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = author
        .post_form("/admin/sites/sonha/schedule", &typed)
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        crate::common::last_id(&saved),
        item.0,
        "the week's own item"
    );
    let week_page = |path: &'static str| {
        let app = app.clone();
        async move { app.get("localhost", path).await.body }
    };
    assert!(!week_page("/lich-cong-tac?tuan=2026-W48")
        .await
        .contains(moved));

    // The board head publishes it at once, with a reason.
    let revisions = cong::review::store::revisions(&mut t.conn(), item).unwrap();
    let revision = revisions[0].id;
    let published = head
        .post_form(
            &format!("/admin/revisions/{revision}/emergency_publish"),
            &[("reason", "Đổi phòng họp sát giờ")],
        )
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    let shown = week_page("/lich-cong-tac?tuan=2026-W48").await;
    assert!(shown.contains(moved), "shown at once");
    assert!(shown.contains("Điều chỉnh"), "marked as changed");
    let en = week_page("/en/work-schedule?week=2026-W48").await;
    assert!(en.contains("Changed"));

    // Flagged until a second member confirms it; the one who published cannot.
    let flag = "Xuất bản khẩn, chờ thành viên khác xem lại";
    let item_page = format!("/admin/content/{}", item.0);
    assert!(editor.get(&item_page).await.body.contains(flag));
    let own = head
        .post_form(
            &format!("/admin/revisions/{revision}/confirm_emergency"),
            &[],
        )
        .await;
    assert_eq!(own.status, 403);
    assert!(editor.get(&item_page).await.body.contains(flag));
    let confirmed = editor
        .post_form(
            &format!("/admin/revisions/{revision}/confirm_emergency"),
            &[],
        )
        .await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.body);
    assert!(!editor.get(&item_page).await.body.contains(flag));
    assert!(week_page("/lich-cong-tac?tuan=2026-W48")
        .await
        .contains(moved));
}
