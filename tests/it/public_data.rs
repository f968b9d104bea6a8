//! The public data sections of Decree 42/2022 art. 4 (projects, procurement, statistics,
//! plans, budget disclosures, science and technology), each a store-backed kind of record:
//! its list on the province portal covering every site unless `site=` narrows it, its
//! filters, an item's page, its API, its import (bad lines refused with their reasons and
//! nothing stored) and its review by the board.

use cong::record::import::ImportReport;
use cong::record::import::Outcome;
use cong::record::stored::StoredKind;
use serde_json::Value;

use crate::common::*;

fn app(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

async fn json(app: &Client, path: &str) -> Value {
    let r = app.get("localhost", path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

async fn total(app: &Client, path: &str) -> i64 {
    json(app, path).await["total"]
        .as_i64()
        .unwrap_or_else(|| panic!("{path} has a total"))
}

/// The host and path of an absolute URL.
fn host_and_path(url: &str) -> (String, String) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    (
        host.split(':').next().unwrap_or("").to_string(),
        path.to_string(),
    )
}

/// Imports JSON Lines of a kind as the system, onto the province portal.
fn import<K: StoredKind>(t: &TestApp, text: &str) -> ImportReport {
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    system_import(t, |options| {
        cong::record::import::import::<K>(
            &mut t.conn(),
            cong::record::import::jsonl_lines(text),
            options,
            now,
            None,
        )
    })
}

fn reasons(report: &ImportReport) -> Vec<String> {
    report
        .lines
        .iter()
        .filter(|l| l.outcome == Outcome::Rejected)
        .map(|l| l.reason.clone().unwrap_or_default())
        .collect()
}

/// What every kind does the same way: the portal lists every site's items and `site=`
/// narrows the page and the API alike; each filter narrows; an item's page and API item.
async fn lists_every_site_and_narrows(app: &Client, list: &str, api: &str, sites: &[&str]) {
    let all = total(app, api).await;
    assert!(all >= 5, "{api}: the demo has at least 5, has {all}");
    let mut sum = 0;
    for site in sites {
        let narrowed = json(app, &format!("{api}?site={site}")).await;
        let n = narrowed["total"].as_i64().unwrap();
        assert!(n >= 1, "{api}?site={site}");
        for r in narrowed["results"].as_array().unwrap() {
            assert_eq!(r["site"], *site, "{api}?site={site}");
        }
        sum += n;
        // The page's filter narrows the same way.
        let page = app.get("localhost", &format!("{list}?site={site}")).await;
        assert_eq!(page.status, 200, "{list}?site={site}");
        assert!(page
            .body
            .contains(&format!("<option value=\"{site}\" selected")));
    }
    assert_eq!(sum, all, "{api}: every item is on one of {sites:?}");
    let bad = app.get("localhost", &format!("{list}?site=nowhere")).await;
    assert_eq!(bad.status, 400);
    // A department's own host lists its own only.
    let own = app
        .get(&format!("{}.localhost", sites[1]), api)
        .await
        .json();
    assert!(own["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["site"] == sites[1]));
}

/// Opens the first item of an API list: its page and its API item.
async fn first_item(app: &Client, api: &str) -> (String, Value) {
    let list = json(app, api).await;
    let first = &list["results"][0];
    let url = first["url"].as_str().expect("an absolute url").to_string();
    assert!(url.starts_with("http://"), "{url}");
    let (host, path) = host_and_path(&url);
    let page = app.get(&host, &path).await;
    assert_eq!(page.status, 200, "{url}: {}", page.body);
    let base = api.split('?').next().unwrap_or(api);
    let item = json(app, &format!("{base}/{}", first["id"])).await;
    assert_eq!(item["url"], url.as_str());
    (page.body, item)
}

/// A contributor's form on the province site, reviewed by an editor and published by the
/// board head; a refused form stores nothing.
async fn through_the_board(
    t: &TestApp,
    word: &str,
    bad: &[(&str, &str)],
    expected: &str,
    good: &[(&str, &str)],
) -> i32 {
    crate::admin::board(t);
    let author = t.user("soantin");
    let editor = t.user("bientap");
    let head = t.user("truongban");
    let new = format!("/admin/sites/sonha/{word}/new");
    let blank = author.get(&new).await;
    assert_eq!(blank.status, 200, "{new}: {}", blank.body);
    let refused = author.post_form(&new, bad).await;
    assert_eq!(refused.status, 422, "{new}: {}", refused.body);
    assert!(
        refused.body.contains(expected),
        "{new} should say {expected:?}: {}",
        refused.body
    );
    let created = author.post_form(&new, good).await;
    assert_eq!(created.status, 303, "{new}: {}", created.body);
    let content = last_id(&created);
    let revisions =
        cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content)).unwrap();
    let published = through_review([&author, &editor, &head], revisions[0].id).await;
    assert_eq!(published.status, 303, "{}", published.body);
    content
}

on_both_backends!(projects_are_listed_filtered_shown_imported_and_reviewed);
async fn projects_are_listed_filtered_shown_imported_and_reviewed(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let app = t.anon();
    lists_every_site_and_narrows(
        &app,
        "/du-an",
        "/api/v1/projects",
        &["sonha", "sxd", "skhcn"],
    )
    .await;
    // Filters by field, commune, status and year, on the page and in the API.
    assert_eq!(total(&app, "/api/v1/projects?status=completed").await, 1);
    assert_eq!(
        total(&app, "/api/v1/projects?field=Giao%20th%C3%B4ng").await,
        1
    );
    assert_eq!(
        total(
            &app,
            "/api/v1/projects?commune=X%C3%A3%20T%C3%A2n%20Ph%C3%BA"
        )
        .await,
        2
    );
    assert_eq!(total(&app, "/api/v1/projects?year=2026").await, 1);
    let page = app.get("localhost", "/du-an?status=suspended").await;
    assert!(page.body.contains("Nhà văn hóa đa năng"));
    assert!(!page.body.contains("Trung tâm Hành chính công"));
    assert_eq!(app.get("localhost", "/du-an?year=nam").await.status, 400);
    // English where the portal has it.
    assert_eq!(total(&app, "/api/v1/projects?lang=en").await, 1);
    let en = app.get("localhost", "/en/projects").await;
    assert!(en.body.contains("Sơn Hà coastal road"), "{}", en.body);
    // An item: its facts, the approval decision linked to the registry, its progress.
    let (body, item) = first_item(&app, "/api/v1/projects?field=Giao%20th%C3%B4ng").await;
    assert!(body.contains("/van-ban/so/1520/Q%C4%90-UBND"), "{body}");
    assert!(body.contains("Hoàn thành nền đường 11 km"));
    assert!(body.contains("<th scope=\"row\">"));
    assert_eq!(item["total_investment"], 1250000.0);
    assert_eq!(item["status"], "under_construction");

    // Import: a new project, a negative amount and a non-numeric one refused with their
    // reasons, nothing stored for them; the same line again changes nothing.
    let good = r#"{"site": "sxd", "code": "DA-2027-001", "name": "Cầu Tân Phú", "investor": "Sở Xây dựng", "commune": "Xã Tân Phú", "field": "Giao thông", "total_investment": 98000, "status": "approved", "starts_on": "2027-02-01"}"#;
    let negative = good
        .replace("DA-2027-001", "DA-2027-002")
        .replace("98000", "-5");
    let text = good
        .replace("DA-2027-001", "DA-2027-003")
        .replace("98000", "\"chín tỷ\"");
    let report = import::<cong::projects::Projects>(&t, &format!("{good}\n{negative}\n{text}\n"));
    assert_eq!(report.created, 1);
    assert_eq!(
        reasons(&report),
        [
            "total_investment: stored-error-negative",
            "total_investment: stored-error-number"
        ]
    );
    assert_eq!(total(&app, "/api/v1/projects?site=sxd").await, 3);
    let again = import::<cong::projects::Projects>(&t, good);
    assert_eq!(again.unchanged, 1);

    // The board: a refused form stores nothing; a good one is public only once published.
    let before = total(&app, "/api/v1/projects").await;
    let form = |total: &'static str| {
        vec![
            ("lang", "vi"),
            ("code", "DA-2027-010"),
            ("name", "Kè chống sạt lở bờ sông Trà"),
            ("investor", "Ban Quản lý dự án nông nghiệp tỉnh"),
            ("commune", "Phường Hà Thanh"),
            ("field", "Thủy lợi"),
            ("total_investment", total),
            ("status", "approved"),
            ("starts_on", "2027-03-01"),
            ("ends_on", "2026-03-01"),
            ("updates", "2027-03-01 | Khởi công"),
        ]
    };
    let mut good_form = form("45000.5");
    good_form.retain(|(k, _)| *k != "ends_on");
    let content = through_the_board(
        &t,
        "projects",
        &form("-1"),
        "Không được là số âm",
        &good_form,
    )
    .await;
    assert_eq!(total(&app, "/api/v1/projects").await, before + 1);
    let item = json(&app, &format!("/api/v1/projects/{content}")).await;
    assert_eq!(item["total_investment"], 45000.5);
    assert_eq!(item["updates"][0]["text"], "Khởi công");
    // Site search finds it under its own kind.
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    let found = json(
        &app,
        "/api/v1/search?q=k%C3%A8%20ch%E1%BB%91ng%20s%E1%BA%A1t%20l%E1%BB%9F&kind=project",
    )
    .await;
    assert!(
        found["results"].as_array().unwrap().iter().any(|h| h["url"]
            .as_str()
            .unwrap_or("")
            .contains(&format!("/du-an/{content}-"))),
        "{found}"
    );
}

on_both_backends!(
    procurement_notices_show_time_left_stay_after_closing_and_refuse_a_past_invitation
);
async fn procurement_notices_show_time_left_stay_after_closing_and_refuse_a_past_invitation(
    backend: Backend,
) {
    let Some(t) = app(backend) else { return };
    let app = t.anon();
    lists_every_site_and_narrows(
        &app,
        "/dau-thau",
        "/api/v1/procurement",
        &["sonha", "sxd", "skhcn"],
    )
    .await;
    assert_eq!(total(&app, "/api/v1/procurement?type=invitation").await, 2);
    assert_eq!(total(&app, "/api/v1/procurement?state=open").await, 2);
    assert_eq!(total(&app, "/api/v1/procurement?state=closed").await, 1);
    assert_eq!(
        total(&app, "/api/v1/procurement?method=limited_bidding").await,
        1
    );
    assert_eq!(
        app.get("localhost", "/dau-thau?state=later").await.status,
        400
    );
    // The open invitation shows the time left; the result its winner and price.
    let (body, item) = first_item(&app, "/api/v1/procurement?type=invitation&site=sonha").await;
    assert!(body.contains("Còn 56 ngày 0 giờ"), "{body}");
    assert_eq!(item["open"], true);
    let (result, _) = first_item(&app, "/api/v1/procurement?type=result").await;
    assert!(result.contains("Công ty Cổ phần Tư vấn Thiết kế Giao thông Sơn Hà"));
    assert!(result.contains("3.985,5"), "{result}");
    assert!(result.contains("Đã đóng"));
    // Once closed, an invitation says so and is still listed.
    t.clock.advance(chrono::Duration::days(60));
    let (body, item) = first_item(&app, "/api/v1/procurement?type=invitation&site=sonha").await;
    assert!(body.contains("Đã đóng"), "{body}");
    assert_eq!(item["open"], false);
    assert_eq!(total(&app, "/api/v1/procurement?type=invitation").await, 2);
    t.clock.advance(chrono::Duration::days(-60));

    // A new invitation closing in the past is refused, by the form and by the import.
    let before = total(&app, "/api/v1/procurement").await;
    let form = |closes: &'static str| {
        vec![
            ("lang", "vi"),
            ("notice_number", "IB2600999999"),
            ("notice_type", "invitation"),
            ("package", "Gói thầu sửa chữa trụ sở"),
            ("procuring_entity", "Văn phòng UBND tỉnh"),
            ("method", "competitive_shopping"),
            ("estimated_value", "850"),
            ("posted_on", "2026-11-20"),
            ("closes_at", closes),
        ]
    };
    let content = through_the_board(
        &t,
        "procurement",
        &form("2026-11-01T09:00"),
        "Thời điểm đóng thầu của thông báo mời thầu mới đã qua",
        &form("2026-12-10T09:00"),
    )
    .await;
    assert_eq!(total(&app, "/api/v1/procurement").await, before + 1);
    let item = json(&app, &format!("/api/v1/procurement/{content}")).await;
    // Typed in Vietnam's time, kept in UTC.
    assert_eq!(item["closes_at"], "2026-12-10T02:00:00");
    let past = r#"{"notice_number": "IB1", "notice_type": "invitation", "package": "X", "procuring_entity": "Y", "method": "open_bidding", "posted_on": "2026-11-01", "closes_at": "2026-11-02T02:00:00"}"#;
    let no_winner = r#"{"notice_number": "IB2", "notice_type": "result", "package": "X", "procuring_entity": "Y", "method": "open_bidding", "posted_on": "2026-11-01", "estimated_value": -3}"#;
    let report = import::<cong::procurement::Notices>(&t, &format!("{past}\n{no_winner}\n"));
    assert_eq!(
        reasons(&report),
        [
            "closes_at: procurement-error-closing-past",
            "estimated_value: stored-error-negative"
        ]
    );
    assert_eq!(total(&app, "/api/v1/procurement").await, before + 1);
}

/// The demo's quarterly dataset's values, as the form types them.
const GRDP_CSV: &str = "Kỳ,GRDP,Công nghiệp và xây dựng,Dịch vụ\n2024-Q3,6.8,8.1,6.2\n2024-Q4,7.1,8.6,6.4\n2025-Q1,6.5,7.2,6.9\n2025-Q2,7,8,6.8\n2025-Q3,7.4,8.9,6.7\n2025-Q4,7.9,9.3,7.1\n2026-Q1,7.2,8.4,7\n2026-Q2,7.6,8.8,7.3\n2026-Q3,8.1,9.6,7.5\n";

on_both_backends!(statistics_show_table_chart_and_csv_keep_revisions_and_list_releases);
async fn statistics_show_table_chart_and_csv_keep_revisions_and_list_releases(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let app = t.anon();
    lists_every_site_and_narrows(
        &app,
        "/thong-ke",
        "/api/v1/statistics",
        &["sonha", "skhcn", "sxd"],
    )
    .await;
    assert_eq!(total(&app, "/api/v1/statistics?period=quarter").await, 2);
    assert_eq!(
        total(&app, "/api/v1/statistics?topic=X%C3%A2y%20d%E1%BB%B1ng").await,
        2
    );
    // The page: an accessible table, the chart with its title and description, the
    // revised figure marked, and the CSV download.
    let (body, item) = first_item(&app, "/api/v1/statistics?period=quarter&site=sonha").await;
    assert!(body.contains("<caption id=\"values-caption\">"), "{body}");
    assert!(body.contains("<th scope=\"col\" class=\"num\">GRDP</th>"));
    assert!(body.contains("<th scope=\"row\">Quý 3/2026</th>"));
    assert!(body.contains("role=\"img\" aria-labelledby=\"chart-"));
    assert!(body.contains("<title id=\"chart-"));
    assert!(body.contains("<desc id=\"chart-"));
    assert!(
        body.contains("<ins class=\"revised\""),
        "the revised figure is marked"
    );
    assert!(body.contains("Đã điều chỉnh, số liệu trước: 7,4"));
    let csv_url = item["csv_url"].as_str().expect("csv_url").to_string();
    assert!(
        csv_url.starts_with("http://localhost/thong-ke/"),
        "{csv_url}"
    );
    let (host, path) = host_and_path(&csv_url);
    let csv = app.get(&host, &path).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        csv.bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with a byte-order mark"
    );
    assert_eq!(
        String::from_utf8_lossy(&csv.bytes[3..]).replace("\r\n", "\n"),
        GRDP_CSV
    );
    assert_eq!(item["revisions"][0]["changes"][0]["previous"], 7.4);
    // The release calendar: upcoming releases only, narrowed by `site=`.
    let calendar = app.get("localhost", "/thong-ke/lich-cong-bo").await;
    assert_eq!(calendar.status, 200);
    assert!(calendar.body.contains("Tốc độ tăng tổng sản phẩm"));
    assert!(calendar.body.contains("Hồ sơ dịch vụ công trực tuyến"));
    // Its next release (10 October 2026) has passed.
    assert!(!calendar.body.contains("Giấy phép xây dựng được cấp"));
    let narrowed = app
        .get("localhost", "/thong-ke/lich-cong-bo?site=skhcn")
        .await;
    assert!(narrowed.body.contains("Hồ sơ dịch vụ công trực tuyến"));
    assert!(!narrowed.body.contains("Tốc độ tăng tổng sản phẩm"));
    assert!(app
        .get("localhost", "/en/statistics/release-calendar")
        .await
        .body
        .contains("Quarterly growth"));

    // The board enters a dataset's values as CSV: a header that does not match says which
    // column it expects, a period of another type is refused; the published values
    // download as they were typed, and a later version marks what it revises.
    let form = |csv: &'static str| {
        vec![
            ("lang", "vi"),
            ("code", "TK-MUA-T"),
            ("title", "Lượng mưa tháng tại trạm Sơn Hà"),
            ("unit", "mm"),
            ("source", "Đài Khí tượng thủy văn tỉnh"),
            ("topic", "Môi trường"),
            ("period_type", "month"),
            ("chart", "bar"),
            ("released_on", "2026-11-20"),
            ("next_release_on", "2026-12-20"),
            ("series", "Lượng mưa"),
            ("table", csv),
        ]
    };
    let rain = "Kỳ,Lượng mưa\n2026-01,120.5\n2026-02,80\n2026-03,45.2\n2026-04,60\n2026-05,150\n2026-06,210.8\n2026-07,180\n2026-08,240\n";
    let content = through_the_board(
        &t,
        "statistics",
        &form("Kỳ,Mưa\n2026-01,120.5\n"),
        "2: “Lượng mưa” ≠ “Mưa”",
        &form(rain),
    )
    .await;
    let author = t.user("soantin");
    let other_type = author
        .post_form(
            "/admin/sites/sonha/statistics/new",
            &form("Kỳ,Lượng mưa\n2026-Q1,120.5\n"),
        )
        .await;
    assert_eq!(other_type.status, 422);
    assert!(
        other_type
            .body
            .contains("không thuộc loại kỳ của bộ số liệu"),
        "{}",
        other_type.body
    );
    let item = json(&app, &format!("/api/v1/statistics/{content}")).await;
    let (host, path) = host_and_path(item["csv_url"].as_str().unwrap());
    let csv = app.get(&host, &path).await;
    assert_eq!(
        String::from_utf8_lossy(&csv.bytes[3..]).replace("\r\n", "\n"),
        rain
    );
    // A revised figure: the next version is reviewed and published, the change is kept.
    let edited = author
        .post_form(
            &format!("/admin/sites/sonha/statistics/{content}/edit"),
            &form("Kỳ,Lượng mưa\n2026-01,120.5\n2026-02,82.4\n2026-03,45.2\n2026-04,60\n2026-05,150\n2026-06,210.8\n2026-07,180\n2026-08,240\n2026-09,310\n"),
        )
        .await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    let latest = cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content))
        .unwrap()
        .iter()
        .map(|r| r.id)
        .max()
        .unwrap();
    let published =
        through_review([&author, &t.user("bientap"), &t.user("truongban")], latest).await;
    assert_eq!(published.status, 303);
    let item = json(&app, &format!("/api/v1/statistics/{content}")).await;
    assert_eq!(item["revisions"][0]["changes"][0]["period"], "2026-02");
    assert_eq!(item["revisions"][0]["changes"][0]["previous"], 80.0);
    assert_eq!(item["table"]["rows"].as_array().unwrap().len(), 9);
}

on_both_backends!(budget_disclosures_show_their_due_date_and_which_were_late);
async fn budget_disclosures_show_their_due_date_and_which_were_late(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let app = t.anon();
    lists_every_site_and_narrows(
        &app,
        "/cong-khai-ngan-sach",
        "/api/v1/budget",
        &["sonha", "skhcn", "sxd"],
    )
    .await;
    assert_eq!(total(&app, "/api/v1/budget?standing=late").await, 2);
    assert_eq!(total(&app, "/api/v1/budget?form=quarterly").await, 2);
    assert_eq!(total(&app, "/api/v1/budget?level=unit").await, 3);
    let late = json(&app, "/api/v1/budget?standing=late&site=sonha").await;
    assert_eq!(late["results"][0]["due_on"], "2026-07-15");
    assert_eq!(late["results"][0]["standing"], "late");
    let list = app.get("localhost", "/cong-khai-ngan-sach").await;
    assert!(list.body.contains("Quá hạn") && list.body.contains("Đúng hạn"));
    let (page, _) = first_item(&app, "/api/v1/budget?standing=late&site=sonha").await;
    assert!(page.contains("chậm 13 ngày"), "{page}");
    assert!(page.contains("Thông tư 343/2016/TT-BTC"));
    assert!(app
        .get("localhost", "/en/budget")
        .await
        .body
        .contains("On time"));
    // A period outside the form's type, or a missing decision date, is refused.
    let form = |period: &'static str| {
        vec![
            ("lang", "vi"),
            ("title", "Công khai thực hiện dự toán quý IV năm 2026"),
            ("agency", "UBND tỉnh"),
            ("level", "local"),
            ("form", "quarterly"),
            ("period", period),
            ("disclosed_on", "2027-01-10"),
        ]
    };
    let content = through_the_board(
        &t,
        "budget",
        &form("2026"),
        "Kỳ không phù hợp với nội dung công khai",
        &form("2026-Q4"),
    )
    .await;
    let item = json(&app, &format!("/api/v1/budget/{content}")).await;
    assert_eq!(item["due_on"], "2027-01-15");
    assert_eq!(item["standing"], "on_time");
    let bad = r#"{"title": "X", "agency": "Y", "level": "local", "form": "estimate", "period": "2027", "disclosed_on": "2027-01-05"}"#;
    let report = import::<cong::budget::disclosure::Disclosures>(&t, bad);
    assert_eq!(
        reasons(&report),
        ["decided_on: budget-error-decision-missing"]
    );
}

on_both_backends!(plans_and_science_tasks_are_listed_filtered_shown_and_reviewed);
async fn plans_and_science_tasks_are_listed_filtered_shown_and_reviewed(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let app = t.anon();
    lists_every_site_and_narrows(
        &app,
        "/quy-hoach-ke-hoach",
        "/api/v1/plans",
        &["sonha", "skhcn", "sxd"],
    )
    .await;
    assert_eq!(total(&app, "/api/v1/plans?type=programme").await, 2);
    assert_eq!(total(&app, "/api/v1/plans?status=in_force").await, 3);
    let (page, _) = first_item(&app, "/api/v1/plans?type=master_plan").await;
    assert!(page.contains("30/32 chỉ tiêu"), "{page}");
    assert!(page.contains("/van-ban/so/1456/Q%C4%90-TTg"));
    lists_every_site_and_narrows(
        &app,
        "/khoa-hoc-cong-nghe",
        "/api/v1/science",
        &["skhcn", "sxd", "sonha"],
    )
    .await;
    assert_eq!(total(&app, "/api/v1/science?call=open").await, 1);
    assert_eq!(total(&app, "/api/v1/science?level=provincial").await, 3);
    let (page, _) = first_item(&app, "/api/v1/science?call=open").await;
    assert!(page.contains("Hạn nộp hồ sơ tuyển chọn"), "{page}");
    assert!(page.contains("Còn 100 ngày"), "{page}");
    // Each through the board; bad input is refused with its own message.
    let plan = |to: &'static str| {
        vec![
            ("lang", "vi"),
            ("code", "KH-2027-01"),
            ("name", "Kế hoạch phát triển du lịch năm 2027"),
            ("plan_type", "plan"),
            ("field", "Du lịch"),
            ("agency", "Sở Văn hóa, Thể thao và Du lịch"),
            ("period_from", "2027"),
            ("period_to", to),
            ("status", "in_force"),
            ("reports", "2027-12-15 | Đón 1,2 triệu lượt khách"),
        ]
    };
    let content = through_the_board(
        &t,
        "plans",
        &plan("-2027"),
        "Không được là số âm",
        &plan("2027"),
    )
    .await;
    let item = json(&app, &format!("/api/v1/plans/{content}")).await;
    assert_eq!(item["reports"][0]["text"], "Đón 1,2 triệu lượt khách");
    let task = |budget: &'static str, approved: &'static str, accepted: &'static str| {
        vec![
            ("lang", "vi"),
            ("code", "ĐTKHCN.2027.09"),
            ("name", "Cảnh báo sạt lở đất bằng dữ liệu vệ tinh"),
            ("level", "provincial"),
            ("field", "Môi trường"),
            ("host", "Trường Đại học Sơn Hà"),
            ("leader", "TS. Võ Thị Lan"),
            ("budget", budget),
            ("status", "accepted"),
            ("approved_on", approved),
            ("accepted_on", accepted),
        ]
    };
    let author = t.user("soantin");
    for (bad, said) in [
        (task("một tỷ", "", ""), "Phải là một số"),
        (
            task("1200", "20/10/2026", ""),
            "Ngày phải viết dạng năm-tháng-ngày",
        ),
        (
            task("1200", "2026-10-20", "2026-10-19"),
            "Ngày nghiệm thu phải sau ngày phê duyệt nhiệm vụ.",
        ),
    ] {
        let refused = author
            .post_form("/admin/sites/sonha/science/new", &bad)
            .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains(said), "{said}: {}", refused.body);
    }
    let created = author
        .post_form(
            "/admin/sites/sonha/science/new",
            &task("1200", "2025-01-06", "2026-11-02"),
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let content = last_id(&created);
    let revision = cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content))
        .unwrap()[0]
        .id;
    let published = through_review(
        [&author, &t.user("bientap"), &t.user("truongban")],
        revision,
    )
    .await;
    assert_eq!(published.status, 303);
    let item = json(&app, &format!("/api/v1/science/{content}")).await;
    assert_eq!(item["budget"], 1200.0);
    assert_eq!(
        (&item["approved_on"], &item["accepted_on"]),
        (&"2025-01-06".into(), &"2026-11-02".into())
    );
    let (host, path) = host_and_path(item["url"].as_str().unwrap());
    let page = app.get(&host, &path).await;
    assert!(page.body.contains("Ngày nghiệm thu"), "{}", page.body);
    assert!(page.body.contains("02/11/2026"), "{}", page.body);

    // The import refuses the same: a day that is not one, an acceptance before the approval,
    // a procurement notice approved after it was posted; nothing is stored.
    let before = total(&app, "/api/v1/science").await;
    let line = |approved: &str, accepted: &str| {
        format!(
            r#"{{"code": "Đ{approved}", "name": "X", "level": "provincial", "field": "Y", "host": "H", "leader": "L", "status": "accepted", "approved_on": "{approved}", "accepted_on": "{accepted}"}}"#
        )
    };
    let report = import::<cong::science::Tasks>(
        &t,
        &format!(
            "{}\n{}\n",
            line("2026-10-20", "2026-10-01"),
            line("2026-02-30", "2026-10-01")
        ),
    );
    let said = reasons(&report);
    assert_eq!(
        said[0],
        "accepted_on: science-error-accepted-before-approved"
    );
    assert!(
        said[1].starts_with("record: stored-error-record"),
        "{said:?}"
    );
    assert_eq!(total(&app, "/api/v1/science").await, before);
    let notice = r#"{"notice_number": "PL3", "notice_type": "plan", "package": "X", "procuring_entity": "Y", "method": "open_bidding", "posted_on": "2026-11-02", "approved_on": "2026-11-05"}"#;
    let report = import::<cong::procurement::Notices>(&t, &format!("{notice}\n"));
    assert_eq!(
        reasons(&report),
        ["approved_on: procurement-error-approved-after-posted"]
    );
}
