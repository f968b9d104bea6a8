//! The legal registry: demo documents with statuses and relations, the number-symbol lookup,
//! imports (idempotent, line by line), documents entered through the workflow and fixed once
//! published, the API, the feed and the gazette.

use std::io::Write;

use cong::clock::Clock;
use cong::legal::import::{self, ImportReport, Outcome};

use crate::admin::board;
use crate::common::{last_id, system_import, through_review, Backend, Client, Setup, TestApp};

/// Imports JSON Lines (one document per line) onto the province portal as the system.
pub(crate) fn import_lines(t: &TestApp, lines: &[serde_json::Value]) -> ImportReport {
    let mut file = tempfile::NamedTempFile::with_suffix(".jsonl").unwrap();
    for l in lines {
        writeln!(file, "{l}").unwrap();
    }
    import_file(t, file.path())
}

fn import_file(t: &TestApp, path: &std::path::Path) -> ImportReport {
    let lines = import::read_lines(path).unwrap();
    system_import(t, |options| {
        cong::record::import::import::<cong::legal::kind::LegalDocuments>(
            &mut t.conn(),
            lines,
            options,
            t.clock.now().naive_utc(),
            None,
        )
    })
}

pub(crate) fn law(symbol: &str, issued: &str) -> serde_json::Value {
    serde_json::json!({
        "number_symbol": symbol,
        "doc_type": "Quyết định",
        "issuers": ["Ủy ban nhân dân tỉnh Thử Nghiệm"],
        "issued_on": issued,
        "effective_on": issued,
        "abstract_text": format!("Quy định thử nghiệm {symbol}"),
        "text": "Căn cứ Luật Tổ chức chính quyền địa phương;\nĐiều 1. Phạm vi\nNội dung điều một.\nĐiều 2. Hiệu lực\nCó hiệu lực từ ngày ký.",
    })
}

async fn body_of(app: &Client, path: &str) -> String {
    let r = app.get("localhost", path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.body
}

/// The public address a number-symbol lookup redirects to.
async fn document_path(app: &Client, symbol: &str) -> String {
    // Request URIs are ASCII: the rest is percent-encoded, as browsers send it.
    let encoded: String = symbol
        .bytes()
        .map(|b| match b {
            b if b.is_ascii_graphic() => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect();
    let r = app
        .get("localhost", &format!("/van-ban/so/{encoded}"))
        .await;
    assert_eq!(r.status, 302, "{symbol}: {}", r.body);
    let location = r.header("location").to_string();
    location
        .find("/van-ban/")
        .map(|i| location[i..].to_string())
        .unwrap_or(location)
}

#[actix_web::test]
async fn statuses_follow_dates_and_relations_and_can_be_seen_as_of_a_day() {
    let t = TestApp::new();
    let app = t.anon();
    // 21/2024 replaced 12/2018; 08/2026 later amended 21/2024.
    let old = document_path(&app, "12-2018-qd-ubnd").await;
    let page = body_of(&app, &old).await;
    assert!(page.contains("Hết hiệu lực toàn bộ"), "{page}");
    assert!(page.contains("Bị thay thế bởi"));
    assert!(page.contains("21/2024/QĐ-UBND"));
    let amended = document_path(&app, "21/2024/QĐ-UBND").await;
    let page = body_of(&app, &amended).await;
    assert!(page.contains("Hết hiệu lực một phần"));
    assert!(page.contains("Được sửa đổi, bổ sung bởi"));
    // Before the amendment took effect it was simply in force.
    let page = body_of(&app, &format!("{amended}?as_of=2024-12-31")).await;
    assert!(page.contains("Còn hiệu lực"), "{page}");
    // A document without an effective date is never said to be in force.
    let unknown = document_path(&app, "318/TB-UBND").await;
    assert!(body_of(&app, &unknown).await.contains("Không xác định"));
    // The list filters by status.
    let expired = body_of(&app, "/van-ban?status=expired").await;
    assert!(expired.contains("12/2018/QĐ-UBND"));
    assert!(!expired.contains("21/2024/QĐ-UBND"));
    let bad = app.get("localhost", "/van-ban?status=maybe").await;
    assert_eq!(bad.status, 400);
}

#[actix_web::test]
async fn a_number_symbol_typed_any_way_leads_to_its_document() {
    let t = TestApp::new();
    let app = t.anon();
    let official = document_path(&app, "17%2F2019%2FQ%C4%90-UBND").await;
    for typed in [
        "17-2019-qd-ubnd",
        "17/2019/qd-ubnd",
        "so%3A%2017%2F2019%2FQD-UBND",
    ] {
        assert_eq!(document_path(&app, typed).await, official, "{typed}");
    }
    let page = body_of(&app, &official).await;
    // The seed decision with its real metadata and the relation it states.
    assert!(page.contains("Ủy ban nhân dân tỉnh Thái Bình"));
    assert!(page.contains("Thay thế"));
    assert!(page.contains("20/2012/QĐ-UBND"));
    assert!(page.contains(r#"id="dieu-1""#));
    let missing = app.get("localhost", "/van-ban/so/99-1999-qd-ubnd").await;
    assert_eq!(missing.status, 404);
}

#[actix_web::test]
async fn files_show_their_hash_and_the_print_view_has_the_text() {
    let t = TestApp::new();
    let app = t.anon();
    let path = document_path(&app, "21/2024/QĐ-UBND").await;
    let page = body_of(&app, &path).await;
    assert!(page.contains("SHA-256"));
    assert!(page.contains("Phụ lục"));
    let print = body_of(&app, &format!("{path}?print=1")).await;
    assert!(print.contains("print-view"));
    assert!(print.contains("Điều 1"));
    let id: i32 = path
        .trim_start_matches("/van-ban/")
        .split('-')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let api = app
        .get("localhost", &format!("/api/v1/legal/documents/{id}"))
        .await;
    let doc = api.json();
    assert_eq!(doc["number_symbol"], "21/2024/QĐ-UBND");
    assert_eq!(doc["status"], "partly_expired");
    assert_eq!(doc["files"][0]["sha256"].as_str().unwrap().len(), 64);
    assert!(doc["articles"][0]["url"]
        .as_str()
        .unwrap()
        .ends_with("#dieu-1"));
    assert!(doc["relations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["direction"] == "received" && r["kind"] == "amends"));
}

#[actix_web::test]
async fn the_api_lists_filter_and_page_and_the_feed_is_atom() {
    let t = TestApp::new();
    let app = t.anon();
    let all = app
        .get("localhost", "/api/v1/legal/documents?per_page=5")
        .await
        .json();
    assert!(all["total"].as_i64().unwrap() >= 20);
    assert_eq!(all["results"].as_array().unwrap().len(), 5);
    let decisions = app
        .get(
            "localhost",
            "/api/v1/legal/documents?type=quyet%20dinh&year=2019&per_page=50",
        )
        .await
        .json();
    let symbols: Vec<&str> = decisions["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["number_symbol"].as_str().unwrap())
        .collect();
    assert!(symbols.contains(&"17/2019/QĐ-UBND"), "{symbols:?}");
    assert!(symbols.iter().all(|s| s.contains("2019")));
    let bad = app
        .get("localhost", "/api/v1/legal/documents?year=abc")
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]["message"].as_str().is_some());
    let feed = app.get("localhost", "/van-ban/feed.atom").await;
    assert_eq!(feed.status, 200);
    assert!(feed
        .header("content-type")
        .starts_with("application/atom+xml"));
    assert!(feed.body.contains("<entry>"));
    // A department's site lists its own documents and those listed on it.
    let skhcn = app
        .get("skhcn.localhost", "/api/v1/legal/documents?per_page=100")
        .await
        .json();
    let own: Vec<&str> = skhcn["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["number_symbol"].as_str().unwrap())
        .collect();
    assert!(own.contains(&"25/QĐ-SKHCN"), "{own:?}");
    assert!(!own.contains(&"17/2019/QĐ-UBND"));
}

#[actix_web::test]
async fn gazette_issues_list_their_documents_and_file() {
    let t = TestApp::new();
    let app = t.anon();
    let list = body_of(&app, "/cong-bao").await;
    assert!(list.contains("Công báo số 05/2026"), "{list}");
    let issue_path = list
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/cong-bao/"))
        .unwrap()
        .to_string();
    let issue = body_of(&app, &issue_path).await;
    assert!(issue.contains("/van-ban/"));
    let english = body_of(&app, "/en/gazette").await;
    assert!(english.contains("Gazette no."));
}

fn import_on(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

on_both_backends!(imports_are_idempotent_and_a_bad_line_changes_nothing);
async fn imports_are_idempotent_and_a_bad_line_changes_nothing(backend: Backend) {
    let Some(t) = import_on(backend) else { return };
    let mut bad = law("3/2020/QĐ-UBND", "2020-03-01");
    bad["effective_on"] = "2020-01-01".into();
    let mut untitled = law("4/2020/QĐ-UBND", "2020-04-01");
    untitled["abstract_text"] = serde_json::Value::Null;
    untitled["issued_on"] = serde_json::Value::Null;
    let lines = [law("1/2020/QĐ-UBND", "2020-01-10"), bad, untitled.clone()];
    let first = import_lines(&t, &lines);
    assert_eq!((first.created, first.rejected), (2, 1), "{:?}", first.lines);
    let rejected = &first.lines[1];
    assert_eq!(rejected.outcome, Outcome::Rejected);
    assert!(rejected
        .reason
        .as_deref()
        .unwrap()
        .contains("legal-effective-before-issue"));
    assert!(
        !first.lines[2].warnings.is_empty(),
        "missing title and date warn"
    );
    // Again: nothing changes.
    let again = import_lines(&t, &lines);
    assert_eq!((again.created, again.unchanged, again.rejected), (0, 2, 1));
    // A published document's dates are fixed; its field may still be completed.
    let mut redated = law("1/2020/QĐ-UBND", "2020-01-10");
    redated["effective_on"] = "2020-02-01".into();
    let mut classified = untitled;
    classified["field"] = "Tài chính".into();
    let third = import_lines(&t, &[redated, classified]);
    assert_eq!((third.rejected, third.updated), (1, 1), "{:?}", third.lines);
    assert!(third.lines[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("legal-fixed-after-publish"));
    let app = t.anon();
    let kept = document_path(&app, "1/2020/qd-ubnd").await;
    assert!(body_of(&app, &kept).await.contains("10/01/2020"));
}

on_both_backends!(a_relation_to_a_missing_document_resolves_when_it_arrives);
async fn a_relation_to_a_missing_document_resolves_when_it_arrives(backend: Backend) {
    let Some(t) = import_on(backend) else { return };
    let mut newer = law("7/2021/QĐ-UBND", "2021-05-01");
    newer["relations"] = serde_json::json!([
        {"kind": "replaces", "number_symbol": "9/2015/QĐ-UBND", "title": "Quy định cũ"}
    ]);
    import_lines(&t, &[newer]);
    let app = t.anon();
    let path = document_path(&app, "7/2021/qd-ubnd").await;
    assert!(body_of(&app, &path)
        .await
        .contains("chưa có trong cơ sở dữ liệu"));
    let report = import_lines(&t, &[law("9/2015/QĐ-UBND", "2015-02-01")]);
    assert_eq!(report.created, 1);
    let app = t.anon();
    let older = document_path(&app, "9/2015/qd-ubnd").await;
    let page = body_of(&app, &older).await;
    assert!(page.contains("Hết hiệu lực toàn bộ"), "{page}");
    assert!(page.contains("Bị thay thế bởi"));
    let page = body_of(&app, &path).await;
    assert!(!page.contains("chưa có trong cơ sở dữ liệu"));
}

#[actix_web::test]
async fn csv_imports_split_articles_and_report_bad_rows() {
    let t = TestApp::new();
    let mut file = tempfile::NamedTempFile::with_suffix(".csv").unwrap();
    writeln!(
        file,
        "number_symbol,doc_type,issuers,issued_on,effective_on,field,title,text,relations"
    )
    .unwrap();
    writeln!(
        file,
        "5/2022/QĐ-UBND,Quyết định,Ủy ban nhân dân tỉnh Sơn Hà,2022-03-01,2022-03-15,Y tế,Quy định thử,\"Điều 1. Một\nA.\nĐiều 2. Hai\nB.\",replaces:1/2010/QĐ-UBND"
    )
    .unwrap();
    writeln!(file, "6/2022/QĐ-UBND,Quyết định,,2022-03-01,,,,,").unwrap();
    writeln!(file, "8/2022/QĐ-UBND,Quyết định,UBND,31/02/2022,,,,,").unwrap();
    let report = import_file(&t, file.path());
    assert_eq!(
        (report.created, report.rejected),
        (1, 2),
        "{:?}",
        report.lines
    );
    assert_eq!(report.articles, 2);
    assert!(report.lines[1]
        .reason
        .as_deref()
        .unwrap()
        .contains("issuers"));
    assert!(report.lines[2]
        .reason
        .as_deref()
        .unwrap()
        .contains("not a date"));
}

#[actix_web::test]
async fn a_document_entered_by_the_board_is_reviewed_then_fixed_once_published() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let [author, editor, head] = ["soantin", "bientap", "truongban"].map(|u| t.user(u));
    let form = [
        ("lang", "vi"),
        ("doc_type", "Quyết định"),
        ("normative", "on"),
        ("number_symbol", "40/2026/qd-ubnd"),
        ("issuers", "Ủy ban nhân dân tỉnh Sơn Hà"),
        ("issued_on", "2026-11-18"),
        ("effective_on", "2026-12-01"),
        ("abstract_text", "Ban hành Quy chế thử nghiệm"),
        (
            "text",
            "Căn cứ …\nĐiều 1. Phạm vi\nMột.\nĐiều 2. Hiệu lực\nHai.",
        ),
        ("relations", "amends | 21/2024/QĐ-UBND | |"),
        ("issued_by_site", "on"),
    ];
    let created = author
        .post_form("/admin/sites/sonha/legal/new", &form)
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let content = last_id(&created);
    // Not public before review.
    let hidden = app.get("localhost", "/van-ban/so/40-2026-qd-ubnd").await;
    assert_eq!(hidden.status, 404);
    let revision = cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content))
        .unwrap()[0]
        .id;
    let published = through_review([&author, &editor, &head], revision).await;
    assert_eq!(published.status, 303, "{}", published.body);
    let path = document_path(&app, "40/2026/QĐ-UBND").await;
    let page = body_of(&app, &path).await;
    assert!(page.contains("Chưa có hiệu lực"), "{page}");
    assert!(page.contains(r#"id="dieu-2""#));
    // The same number-symbol again is refused with a link to the existing document.
    let again = author
        .post_form("/admin/sites/sonha/legal/new", &form)
        .await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains(&format!("/admin/content/{content}")));
    // A published document's dates are fixed: the workflow refuses and says why.
    let mut redated = form.to_vec();
    redated[6] = ("effective_on", "2026-12-15");
    let edit = format!("/admin/sites/sonha/legal/{content}/edit");
    let refused = author.post_form(&edit, &redated).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("văn bản đính chính"),
        "{}",
        refused.body
    );
    // Its field may still be completed, through review.
    let mut classified = form.to_vec();
    classified.push(("field", "Công nghệ thông tin"));
    let saved = author.post_form(&edit, &classified).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    // The generic editor sends a document to its own form.
    let generic = author.get(&format!("/admin/content/{content}/edit")).await;
    assert_eq!(generic.status, 303);
    assert!(generic.header("location").ends_with(&edit));
    // The timeliness list counts working days from issue to publication.
    let list = author.get("/admin/sites/sonha/legal").await;
    assert!(list.body.contains("40/2026/QĐ-UBND"));
}

/// An English document links what it names to the registry in Vietnamese when no English
/// version exists, and shows what amends it, as the Vietnamese page does.
#[actix_web::test]
async fn english_documents_show_relations_and_registry_links_like_the_vietnamese() {
    let t = TestApp::new();
    let app = t.anon();
    let replaced = document_path(&app, "12/2018/QĐ-UBND").await;
    let amending = document_path(&app, "08/2026/QĐ-UBND").await;
    let r = app
        .get(
            "localhost",
            "/en/legal-documents/number/21/2024/Q%C4%90-UBND",
        )
        .await;
    assert_eq!(r.status, 302, "{}", r.body);
    let location = r.header("location").to_string();
    let english = &location[location.find("/en/").unwrap()..];
    let page = body_of(&app, english).await;
    // The document it replaces is in the registry, in Vietnamese only.
    assert!(
        page.contains(&format!("<a href=\"{replaced}\">")),
        "replaces: {page}"
    );
    assert!(!page.contains("12/2018/QĐ-UBND</span> <small>(not in the registry)"));
    assert!(
        page.contains(&format!("<a href=\"{amending}\">")),
        "amended by: {page}"
    );
    assert!(page.contains("Amended by"), "{page}");
}
