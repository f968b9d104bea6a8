//! The catalogue of procedures and online public services: browsing the demo procedures by
//! field and by agency, a procedure's page with every component and its form to download,
//! the English catalogue, the API, imports (idempotent by code, bad lines refused with their
//! reasons), review before a change is public, usage figures and site search.

use std::io::Write;

use cong::clock::Clock;
use cong::record::import::Outcome;
use cong::services::import::{self, ImportReport};

use crate::admin::board;
use crate::common::{last_id, system_import, through_review, Backend, Client, Setup, TestApp};

const WORK_PERMIT: &str = "1.000459.000.00.00.H12";
const BUILDING_PERMIT: &str = "1.009972.000.00.00.H12";

/// The host and path of a link the API gives (absolute when on another site).
fn host_and_path(url: &str) -> (String, String) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    (
        host.split(':').next().unwrap_or("").to_string(),
        path.to_string(),
    )
}

async fn page(app: &Client, host: &str, path: &str) -> String {
    let r = app.get(host, path).await;
    assert_eq!(r.status, 200, "{host}{path}: {}", r.body);
    r.body
}

/// A procedure as a line of JSON, valid and online.
fn procedure(code: &str, name: &str) -> serde_json::Value {
    serde_json::json!({
        "code": code,
        "name": name,
        "gov_level": "province",
        "field": "Thử nghiệm",
        "agency": "Sở Thử nghiệm tỉnh Sơn Hà",
        "steps": ["Nộp hồ sơ.", "Nhận kết quả."],
        "channels": [{"way": "online", "processing_time": "05 ngày làm việc", "fees": "Không"}],
        "dossier": [{"case": "", "documents": [{"name": "Đơn đề nghị", "originals": 1, "copies": 0}]}],
        "online_level": "full",
        "submit_url": "https://dichvucong.gov.vn",
    })
}

fn import_lines(t: &TestApp, lines: &[serde_json::Value], extra: &str) -> ImportReport {
    let mut file = tempfile::NamedTempFile::with_suffix(".jsonl").unwrap();
    for l in lines {
        writeln!(file, "{l}").unwrap();
    }
    write!(file, "{extra}").unwrap();
    import_file(t, file.path())
}

fn import_file(t: &TestApp, path: &std::path::Path) -> ImportReport {
    let lines = import::read_lines(path).unwrap();
    system_import(t, |options| {
        cong::record::import::import::<cong::services::kind::Procedures>(
            &mut t.conn(),
            lines,
            options,
            t.clock.now().naive_utc(),
            None,
        )
    })
}

#[actix_web::test]
async fn the_demo_catalogue_is_browsed_by_field_by_agency_and_by_level() {
    let t = TestApp::new();
    let app = t.anon();
    // The province portal lists every site's procedures.
    let all = app
        .get("localhost", "/api/v1/services?per_page=100")
        .await
        .json();
    assert_eq!(all["total"], 33, "{all}");
    let fields: std::collections::HashSet<&str> = all["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["field"].as_str())
        .collect();
    assert!(fields.len() >= 6);
    let portal = page(&app, "localhost", "/thu-tuc-hanh-chinh").await;
    assert!(portal.contains("33 thủ tục"), "{portal}");
    // By field: civil status only.
    let civil = page(
        &app,
        "localhost",
        "/thu-tuc-hanh-chinh?field=H%E1%BB%99%20t%E1%BB%8Bch",
    )
    .await;
    assert!(civil.contains("Đăng ký khai sinh"));
    assert!(!civil.contains("Cấp giấy phép xây dựng mới"));
    assert!(civil.contains("6 thủ tục"), "{civil}");
    // By agency on the portal, and on the department's own site.
    let by_agency = page(
        &app,
        "localhost",
        "/thu-tuc-hanh-chinh?agency=S%E1%BB%9F%20X%C3%A2y%20d%E1%BB%B1ng%20t%E1%BB%89nh%20S%C6%A1n%20H%C3%A0",
    )
    .await;
    assert!(by_agency.contains("Cấp giấy phép xây dựng mới"));
    assert!(!by_agency.contains("Đăng ký khai sinh"));
    let department = page(&app, "skhcn.localhost", "/thu-tuc-hanh-chinh").await;
    assert!(department.contains("bức xạ"));
    assert!(!department.contains("Cấp giấy phép xây dựng mới"));
    assert!(department.contains("6 thủ tục"), "{department}");
    // By level of government and by online level.
    let communes = app
        .get("localhost", "/api/v1/services?level=commune&per_page=100")
        .await
        .json();
    assert!(communes["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["gov_level"] == "commune"));
    assert_eq!(communes["total"], 10);
    let full = page(&app, "localhost", "/thu-tuc-hanh-chinh?online=full").await;
    assert!(full.contains("Dịch vụ công trực tuyến toàn trình"));
    assert!(!full.contains("Chứng thực chữ ký"));
    // Paging keeps the filters.
    let paged = page(
        &app,
        "localhost",
        "/thu-tuc-hanh-chinh?online=partial&per_page=5",
    )
    .await;
    assert!(paged.contains("online=partial&amp;page=2"), "{paged}");
    // A filter value that means nothing is refused in words.
    let bad = app
        .get("localhost", "/thu-tuc-hanh-chinh?online=muc-5")
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("toàn trình"));
}

#[actix_web::test]
async fn a_procedure_page_shows_every_component_and_its_form_downloads() {
    let t = TestApp::new();
    let app = t.anon();
    let detail = app
        .get("localhost", &format!("/api/v1/services/{BUILDING_PERMIT}"))
        .await
        .json();
    let (host, path) = host_and_path(detail["url"].as_str().unwrap());
    assert_eq!(host, "sxd.localhost");
    let body = page(&app, &host, &path).await;
    for part in [
        "Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II",
        BUILDING_PERMIT,
        "2104/QĐ-UBND",
        "Cấp Tỉnh",
        "Hoạt động xây dựng",
        "Sở Xây dựng tỉnh Sơn Hà",
        "Trung tâm Phục vụ hành chính công",
        "Thẩm định hồ sơ, kiểm tra thực địa",
        "Dịch vụ bưu chính",
        "Lệ phí: 150.000 đồng/giấy phép",
        "Hai bộ bản vẽ thiết kế xây dựng",
        "Tổ chức, cá nhân là chủ đầu tư",
        "Giấy phép xây dựng.",
        "Phù hợp quy hoạch",
        "Dịch vụ công trực tuyến một phần",
        "https://dichvucong.sonha.gov.vn",
        "Điều chỉnh giấy phép xây dựng",
        "\"@type\":\"GovernmentService\"",
    ] {
        assert!(body.contains(part), "{part} missing from {path}");
    }
    // The legal basis links to the registry when the document is there, else is text.
    assert!(body.contains("/van-ban/"), "no link to the registry");
    assert!(body.contains("50/2014/QH13"));
    // The form downloads from the media library.
    let form = body
        .split("href=\"")
        .find_map(|s| s.split('"').next().filter(|u| u.starts_with("/tep/")))
        .expect("a form link");
    let file = app.get(&host, form).await;
    assert_eq!(file.status, 200);
    assert!(file.body.starts_with("%PDF"));
    assert!(file.header("content-disposition").contains("don-de-nghi"));
    // Printable.
    let print = page(&app, &host, &format!("{path}?print=1")).await;
    assert!(print.contains("noindex"));
    assert!(print.contains("Hai bộ bản vẽ thiết kế xây dựng"));
    // On another site it redirects to its own.
    let elsewhere = app.get("localhost", &path).await;
    assert_eq!(elsewhere.status, 301, "{}", elsewhere.body);
}

#[actix_web::test]
async fn the_english_catalogue_lists_english_versions_and_says_which_are_vietnamese_only() {
    let t = TestApp::new();
    let app = t.anon();
    let english = page(&app, "localhost", "/en/public-services").await;
    assert!(english.contains("5 procedures"), "{english}");
    assert!(english.contains("Issuing a work permit to a foreign worker in Vietnam"));
    assert!(english.contains("Available in Vietnamese only"));
    assert!(english.contains("28 procedures are only available in Vietnamese"));
    assert!(english.contains("Đăng ký khai sinh"));
    let detail = app
        .get(
            "localhost",
            &format!("/api/v1/services/{WORK_PERMIT}?lang=en"),
        )
        .await
        .json();
    assert_eq!(detail["lang"], "en");
    let (host, path) = host_and_path(detail["url"].as_str().unwrap());
    assert!(path.starts_with("/en/public-services/"));
    let body = page(&app, &host, &path).await;
    assert!(body.contains("Fee: VND 600,000 per permit"));
    assert!(body.contains("Full online service"));
    // The Vietnamese version is its counterpart.
    assert!(body.contains("hreflang=\"vi\""), "{body}");
}

#[actix_web::test]
async fn the_api_lists_procedures_with_their_codes_and_gives_every_component() {
    let t = TestApp::new();
    let app = t.anon();
    let list = app
        .get(
            "localhost",
            "/api/v1/services?field=Vi%E1%BB%87c%20l%C3%A0m&per_page=2",
        )
        .await
        .json();
    assert_eq!(list["total"], 3, "{list}");
    assert_eq!(list["page"], 1);
    assert_eq!(list["per_page"], 2);
    assert!(list["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["code"].as_str().is_some_and(|c| c.ends_with(".H12"))));
    let detail = app
        .get("localhost", &format!("/api/v1/services/{WORK_PERMIT}"))
        .await
        .json();
    assert_eq!(detail["code"], WORK_PERMIT);
    assert_eq!(detail["online_level"], "full");
    assert_eq!(detail["legacy_level"], 4);
    assert_eq!(detail["gov_level"], "province");
    assert_eq!(detail["channels"].as_array().unwrap().len(), 3);
    assert_eq!(detail["channels"][1]["way"], "online");
    assert!(detail["dossier"][0]["documents"][0]["form"]["url"]
        .as_str()
        .unwrap()
        .contains("/tep/"));
    assert_eq!(detail["legal_basis"][0]["number_symbol"], "45/2019/QH14");
    assert_eq!(detail["related"][0]["code"], "1.000105.000.00.00.H12");
    assert!(detail["steps"].as_array().unwrap().len() >= 3);
    assert!(detail["eligible"]
        .as_str()
        .unwrap()
        .contains("Người sử dụng lao động"));
    assert_eq!(
        app.get("localhost", "/api/v1/services/9.999999.000.00.00.H12")
            .await
            .status,
        404
    );
    let bad = app.get("localhost", "/api/v1/services?per_page=500").await;
    assert_eq!(bad.status, 400);
    assert!(bad.header("content-type").contains("json"));
}

fn with_demo(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

on_both_backends!(imports_are_idempotent_by_code_and_bad_lines_are_refused_with_reasons);
async fn imports_are_idempotent_by_code_and_bad_lines_are_refused_with_reasons(backend: Backend) {
    let Some(t) = with_demo(backend) else { return };
    let app = t.anon();
    let mut nameless = procedure("9.000003.000.00.00.H12", "");
    nameless["name"] = "".into();
    let mut nowhere = procedure("9.000004.000.00.00.H12", "Không có nơi nộp");
    nowhere["submit_url"] = "".into();
    let mut lost = procedure("9.000005.000.00.00.H12", "Trang không có");
    lost["site"] = "khong-co".into();
    let lines = [
        procedure("9.000001.000.00.00.H12", "Thủ tục thử nghiệm một"),
        procedure("9.000002.000.00.00.H12", "Thủ tục thử nghiệm hai"),
        nameless,
        nowhere,
        lost,
    ];
    let first = import_lines(&t, &lines, "{not json\n");
    assert_eq!((first.created, first.rejected), (2, 4), "{:?}", first.lines);
    let reasons: Vec<&str> = first
        .lines
        .iter()
        .filter(|l| l.outcome == Outcome::Rejected)
        .filter_map(|l| l.reason.as_deref())
        .collect();
    assert_eq!(reasons[0], "name: form-required");
    assert_eq!(reasons[1], "online_level: services-online-needs-channel");
    assert!(reasons[2].starts_with("site: no site"));
    assert!(reasons[3].starts_with("not JSON"));
    assert_eq!(first.lines[5].line, 6);
    // Nothing of a bad line was stored.
    let missing = app
        .get("localhost", "/api/v1/services/9.000003.000.00.00.H12")
        .await;
    assert_eq!(missing.status, 404);
    // The same file again changes nothing.
    let again = import_lines(&t, &lines[..2], "");
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    // A changed line updates its procedure, found by code however it is cased.
    let mut changed = procedure("9.000002.000.00.00.h12", "Thủ tục thử nghiệm hai (sửa đổi)");
    changed["channels"][0]["fees"] = "Lệ phí: 20.000 đồng".into();
    let update = import_lines(&t, &[changed], "");
    assert_eq!(
        (update.created, update.updated),
        (0, 1),
        "{:?}",
        update.lines
    );
    let detail = app
        .get("localhost", "/api/v1/services/9.000002.000.00.00.H12")
        .await
        .json();
    assert_eq!(detail["name"], "Thủ tục thử nghiệm hai (sửa đổi)");
    assert_eq!(detail["channels"][0]["fees"], "Lệ phí: 20.000 đồng");
    // CSV too, with the same code: unchanged when it says the same.
    let mut csv = tempfile::NamedTempFile::with_suffix(".csv").unwrap();
    writeln!(
        csv,
        "code,name,field,agency,steps,channels,dossier,online_level,submit_url,gov_level"
    )
    .unwrap();
    writeln!(csv, "9.000001.000.00.00.H12,Thủ tục thử nghiệm một,Thử nghiệm,Sở Thử nghiệm tỉnh Sơn Hà,Nộp hồ sơ.|Nhận kết quả.,online;05 ngày làm việc;Không,Đơn đề nghị;1;0,toàn trình,https://dichvucong.gov.vn,Cấp Tỉnh").unwrap();
    writeln!(
        csv,
        "9.000006.000.00.00.H12,Thủ tục CSV,Thử nghiệm,Sở Thử nghiệm,,fax;1 ngày,,none,,"
    )
    .unwrap();
    let report = import_file(&t, csv.path());
    assert_eq!(
        (report.unchanged, report.rejected),
        (1, 1),
        "{:?}",
        report.lines
    );
    assert_eq!(
        report.lines[1].reason.as_deref(),
        Some("channel way \"fax\" unknown")
    );
}

on_both_backends!(usage_figures_are_imported_and_shown_on_the_service_and_per_agency);
async fn usage_figures_are_imported_and_shown_on_the_service_and_per_agency(backend: Backend) {
    let Some(t) = with_demo(backend) else { return };
    let app = t.anon();
    let csv = format!(
        "code,period_start,period_end,views,uses,received,processed,on_time\n\
         {WORK_PERMIT},2026-07-01,2026-09-30,1520,210,198,190,186\n\
         {WORK_PERMIT},2026-04-01,2026-06-30,1380,180,175,175,170\n\
         1.000105.000.00.00.H12,2026-07-01,2026-09-30,300,40,38,38,38\n\
         9.999999.000.00.00.H12,2026-07-01,2026-09-30,1,1,1,1,1\n\
         {WORK_PERMIT},2026-10-01,2026-09-30,1,1,1,1,1\n"
    );
    let now = t.clock.now().naive_utc();
    let lines = cong::services::usage::read_csv(&csv).unwrap();
    let report = cong::services::cli::import_usage(&mut t.conn(), lines, now).unwrap();
    assert_eq!((report.recorded, report.unchanged), (3, 0));
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(
        report.rejected[0],
        (5, "code: services-usage-unknown-code".to_string())
    );
    assert!(report.rejected[1].1.contains("services-usage-bad-period"));
    // Again: nothing changes.
    let lines = cong::services::usage::read_csv(&csv).unwrap();
    let again = cong::services::cli::import_usage(&mut t.conn(), lines, now).unwrap();
    assert_eq!((again.recorded, again.unchanged), (0, 3));
    let detail = app
        .get("localhost", &format!("/api/v1/services/{WORK_PERMIT}"))
        .await
        .json();
    assert_eq!(detail["usage"].as_array().unwrap().len(), 2);
    assert_eq!(detail["usage"][0]["period_start"], "2026-07-01");
    let (host, path) = host_and_path(detail["url"].as_str().unwrap());
    let body = page(&app, &host, &path).await;
    assert!(body.contains("01/07/2026 – 30/09/2026"), "{body}");
    assert!(body.contains("(97.9%)"));
    // The report per agency sums the periods and names the period covered.
    let report = page(&app, "localhost", "/thu-tuc-hanh-chinh/thong-ke").await;
    assert!(report.contains("Sở Nội vụ tỉnh Sơn Hà"));
    assert!(report.contains("01/04/2026 – 30/09/2026"));
    assert!(report.contains(">2900</td>"), "{report}");
    assert!(report.contains(">411</td>"));
    let english = page(&app, "localhost", "/en/public-services/statistics").await;
    assert!(english.contains("Son Ha Department of Home Affairs"));
}

#[actix_web::test]
async fn usage_figures_are_uploaded_by_the_board_head_only() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let [author, head] = ["soantin", "truongban"].map(|u| t.user(u));
    let csv = format!(
        "code,period_start,period_end,views,uses,received,processed,on_time\n\
         {WORK_PERMIT},2026-07-01,2026-09-30,10,5,4,4,5\n\
         {WORK_PERMIT},2026-01-01,2026-03-31,10,5,4,4,4\n"
    );
    let path = "/admin/sites/sonha/services/usage";
    let refused = author.post_form(path, &[("csv", &csv)]).await;
    assert_eq!(refused.status, 403);
    let posted = head.post_form(path, &[("csv", &csv)]).await;
    assert_eq!(posted.status, 422, "{}", posted.body);
    assert!(posted
        .body
        .contains("Số hồ sơ đúng hạn lớn hơn số hồ sơ đã giải quyết"));
    let detail = app
        .get("localhost", &format!("/api/v1/services/{WORK_PERMIT}"))
        .await
        .json();
    assert_eq!(detail["usage"][0]["period_start"], "2026-01-01");
}

#[actix_web::test]
async fn a_procedure_and_every_change_to_it_is_reviewed_before_it_is_public() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let [author, editor, head] = ["soantin", "bientap", "truongban"].map(|u| t.user(u));
    let code = "9.000010.000.00.00.H12";
    let form = |fees: &'static str| {
        vec![
            ("lang", "vi"),
            ("code", code),
            ("decision", "99/QĐ-UBND"),
            ("name", "Cấp giấy phép thử nghiệm"),
            ("gov_level", "province"),
            ("field", "Thử nghiệm"),
            ("agency", "Sở Thử nghiệm tỉnh Sơn Hà"),
            ("received_at", "Trung tâm Phục vụ hành chính công tỉnh"),
            ("steps", "Nộp hồ sơ.\nNhận kết quả."),
            ("channels", fees),
            ("dossier", "# Cấp mới\nĐơn đề nghị | 1 | 0\nBản vẽ | 0 | 2"),
            (
                "legal_basis",
                "21/2024/QĐ-UBND | Quy định về cổng thông tin\n99/2099/NĐ-CP | Chưa có",
            ),
            ("online_level", "partial"),
            ("submit_url", "https://dichvucong.sonha.gov.vn"),
            ("keywords", "thử nghiệm, giấy phép"),
        ]
    };
    // A form with mistakes says which, in words, and stores nothing.
    let mut bad = form("fax | 1 ngày | Không");
    bad[1] = ("code", "9.000010 H12");
    let refused = author
        .post_form("/admin/sites/sonha/services/new", &bad)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Mã thủ tục chỉ gồm chữ cái"));
    assert!(refused.body.contains("Mỗi dòng cách thức thực hiện"));
    let created = author
        .post_form(
            "/admin/sites/sonha/services/new",
            &form("online | 05 ngày làm việc | Lệ phí: 50.000 đồng"),
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let content = last_id(&created);
    let api = format!("/api/v1/services/{code}");
    assert_eq!(app.get("localhost", &api).await.status, 404);
    // The generic editor sends a procedure to its own form.
    let generic = author.get(&format!("/admin/content/{content}/edit")).await;
    assert_eq!(generic.status, 303);
    assert!(generic
        .header("location")
        .ends_with(&format!("/sites/sonha/services/{content}/edit")));
    let revisions = |t: &TestApp| {
        cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content)).unwrap()
    };
    let published = through_review([&author, &editor, &head], revisions(&t)[0].id).await;
    assert_eq!(published.status, 303, "{}", published.body);
    let detail = app.get("localhost", &api).await.json();
    assert_eq!(detail["channels"][0]["fees"], "Lệ phí: 50.000 đồng");
    assert_eq!(detail["dossier"][0]["case"], "Cấp mới");
    assert!(detail["legal_basis"][0]["url"]
        .as_str()
        .unwrap()
        .contains("/van-ban/"));
    assert!(detail["legal_basis"][1]["url"].is_null());
    // The edit form shows the record; a change is a draft until it is published.
    let edit = format!("/admin/sites/sonha/services/{content}/edit");
    let shown = author.get(&edit).await;
    assert_eq!(shown.status, 200);
    assert!(shown
        .body
        .contains("online | 05 ngày làm việc | Lệ phí: 50.000 đồng"));
    let saved = author
        .post_form(
            &edit,
            &form("online | 03 ngày làm việc | Lệ phí: 30.000 đồng"),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let still = app.get("localhost", &api).await.json();
    assert_eq!(still["channels"][0]["fees"], "Lệ phí: 50.000 đồng");
    let latest = revisions(&t).iter().map(|r| r.id).max().unwrap();
    let published = through_review([&author, &editor, &head], latest).await;
    assert_eq!(published.status, 303, "{}", published.body);
    let now = app.get("localhost", &api).await.json();
    assert_eq!(now["channels"][0]["fees"], "Lệ phí: 30.000 đồng");
    // Its code is taken: a second procedure with it is refused.
    let twice = author
        .post_form(
            "/admin/sites/sonha/services/new",
            &form("online | 1 ngày | Không"),
        )
        .await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("Đã có thủ tục khác với mã này"));
}

#[actix_web::test]
async fn site_search_finds_a_procedure() {
    let t = TestApp::new();
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    let app = t.anon();
    let r = app
        .get(
            "localhost",
            "/api/v1/search?q=giay%20phep%20lao%20dong&kind=service",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let body = r.json();
    let top: Vec<&serde_json::Value> = body["results"].as_array().unwrap().iter().take(3).collect();
    // The three work-permit procedures come first, each linking to its page.
    assert!(
        top.iter().all(|h| h["kind"] == "public_service"
            && h["title"].as_str().unwrap().contains("giấy phép lao động")
            && h["url"].as_str().unwrap().contains("/thu-tuc-hanh-chinh/")),
        "{body}"
    );
    assert!(top.iter().any(|h| h["title"]
        == "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam"));
    // Everything searched together finds it too, by what a citizen brings.
    let all = app
        .get(
            "localhost",
            "/api/v1/search?q=to%20khai%20dang%20ky%20khai%20sinh",
        )
        .await
        .json();
    assert!(
        all["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["title"] == "Đăng ký khai sinh"),
        "{all}"
    );
}

#[actix_web::test]
async fn procedures_imported_as_drafts_are_public_only_once_published() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let store = cong::account::store::find_id(&mut t.conn(), "soantin")
        .unwrap()
        .unwrap();
    let author = cong::account::store::actor(&mut t.conn(), store)
        .unwrap()
        .unwrap();
    let mut file = tempfile::NamedTempFile::with_suffix(".jsonl").unwrap();
    writeln!(
        file,
        "{}",
        procedure("9.000020.000.00.00.H12", "Thủ tục nhập làm bản nháp")
    )
    .unwrap();
    // Proposed by the contributor's account for the board to review.
    let as_drafts = || {
        let lines = import::read_lines(file.path()).unwrap();
        system_import(&t, |options| {
            let options = cong::record::import::ImportOptions {
                draft: true,
                actor: Some(author.clone()),
                entry: cong::account::audit::Entry::by(&author, cong::account::audit::Via::Import),
                ..*options
            };
            cong::record::import::import::<cong::services::kind::Procedures>(
                &mut t.conn(),
                lines,
                &options,
                t.clock.now().naive_utc(),
                None,
            )
        })
    };
    let report = as_drafts();
    assert_eq!(report.created, 1, "{:?}", report.lines);
    let api = "/api/v1/services/9.000020.000.00.00.H12";
    assert_eq!(app.get("localhost", api).await.status, 404);
    // The same line again finds the draft by its code and leaves it as it is.
    let again = as_drafts();
    assert_eq!(
        (again.created, again.unchanged),
        (0, 1),
        "{:?}",
        again.lines
    );
    let content = cong::content::ContentId(report.lines[0].id.unwrap());
    let revision = cong::review::store::revisions(&mut t.conn(), content).unwrap()[0].id;
    let [author, editor, head] = ["soantin", "bientap", "truongban"].map(|u| t.user(u));
    let published = through_review([&author, &editor, &head], revision).await;
    assert_eq!(published.status, 303, "{}", published.body);
    let detail = app.get("localhost", api).await.json();
    assert_eq!(detail["name"], "Thủ tục nhập làm bản nháp");
}

#[actix_web::test]
async fn a_withdrawn_procedure_reads_the_same_on_its_page_and_in_the_api() {
    let t = TestApp::new();
    let anon = t.anon();
    let id = cong::services::store::by_code(&mut t.conn(), WORK_PERMIT, cong::lang::Lang::Vi)
        .unwrap()
        .unwrap();
    let now = t.clock.now().naive_utc();
    cong::content::store::set_state(
        &mut t.conn(),
        id,
        cong::content::ContentState::Withdrawn,
        Some("Đã được thay thế bằng thủ tục mới."),
        now,
    )
    .unwrap();
    let api = anon
        .get("localhost", &format!("/api/v1/services/{WORK_PERMIT}"))
        .await;
    assert_eq!(api.status, 200, "{}", api.body);
    assert_eq!(api.json()["code"], WORK_PERMIT);
    let url = api.json()["url"].as_str().unwrap().to_string();
    let (host, path) = host_and_path(&url);
    let page = anon.get(&host, &path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Đã được thay thế bằng thủ tục mới."));
    cong::content::store::set_state(
        &mut t.conn(),
        id,
        cong::content::ContentState::Unpublished,
        Some("Gỡ bỏ."),
        now,
    )
    .unwrap();
    let api = anon
        .get("localhost", &format!("/api/v1/services/{WORK_PERMIT}"))
        .await;
    assert_eq!(api.status, 410);
    assert_eq!(anon.get(&host, &path).await.status, 410);
}
