//! Site search over the demo documents, news and pages: number-symbols first, queries with
//! or without diacritics, article links, absurd input, the index following the change log,
//! and the answer while the index is being built.

use cong::clock::Clock;
use cong::content::ContentState;

use crate::common::TestApp;

fn indexed() -> TestApp {
    let t = TestApp::new();
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    t
}

#[actix_web::test]
async fn a_number_symbol_however_typed_finds_its_document_first() {
    let t = indexed();
    let app = t.anon();
    for q in [
        "17/2019/qd-ubnd",
        "17%2F2019%2FQ%C4%90-UBND",
        "quyet%20dinh%2017%2F2019",
    ] {
        let r = app
            .get(
                "localhost",
                &format!("/api/v1/search?q={q}&kind=legal&limit=10"),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let body = r.json();
        assert_eq!(
            body["results"][0]["number_symbol"], "17/2019/QĐ-UBND",
            "{q}: {body}"
        );
        assert!(body["results"][0]["score"].as_f64().is_some());
        assert!(body["results"][0]["title"]
            .as_str()
            .unwrap()
            .contains("Thái Bình"));
    }
}

#[actix_web::test]
async fn words_without_diacritics_find_accented_articles_with_their_anchor() {
    let t = indexed();
    let app = t.anon();
    let r = app.get("localhost", "/api/v1/search?q=cong%20thong%20tin%20dien%20tu&kind=legal&granularity=article&limit=5")
    .await;
    let body = r.json();
    let first = &body["results"][0];
    assert!(first["url"].as_str().unwrap().contains("#dieu-"), "{body}");
    assert!(first["article"].as_str().is_some());
    assert!(first["article_title"].as_str().is_some());
    assert!(first["snippet"].as_str().unwrap().contains("<mark>"));
    // The page shows the same with facets, in both languages.
    let page = app
        .get("localhost", "/tim-kiem?q=c%E1%BB%95ng%20th%C3%B4ng%20tin")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("search-hit"));
    assert!(page.body.contains("Loại văn bản"));
    let english = app.get("localhost", "/en/search?q=portal").await;
    assert_eq!(english.status, 200);
}

#[actix_web::test]
async fn a_search_that_finds_nothing_says_so_and_offers_ways_on() {
    let t = indexed();
    let app = t.anon();
    let page = app
        .get("localhost", "/tim-kiem?q=zyxwvq%20qqqjjj&kind=legal")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Không tìm thấy kết quả nào"),
        "{}",
        page.body
    );
    for link in [
        "href=\"/van-ban\"",
        "href=\"/danh-ba\"",
        "href=\"/hoi-dap\"",
    ] {
        assert!(page.body.contains(link), "{link}");
    }
    // The way out of a narrowed search: the same words in every kind.
    assert!(
        page.body.contains("/tim-kiem?q=zyxwvq+qqqjjj\""),
        "{}",
        page.body
    );
    let en = app.get("localhost", "/en/search?q=zyxwvq").await;
    assert!(en.body.contains("Nothing was found"), "{}", en.body);
    assert!(en.body.contains("href=\"/en/legal-documents\""));
    // A search that finds something does not say it found nothing.
    let found = app
        .get("localhost", "/tim-kiem?q=quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh")
        .await;
    assert!(!found.body.contains("Không tìm thấy kết quả nào"));
}

#[actix_web::test]
async fn absurd_queries_get_a_clear_answer_not_an_error() {
    let t = indexed();
    let app = t.anon();
    let long = "a".repeat(10_000);
    for q in [long.as_str(), "%21%21%21%3F%3F", "%22unbalanced", ""] {
        let r = app.get("localhost", &format!("/api/v1/search?q={q}")).await;
        assert_eq!(r.status, 200, "{q}: {}", r.body);
        assert!(r.json()["results"].is_array());
        let page = app.get("localhost", &format!("/tim-kiem?q={q}")).await;
        assert_eq!(page.status, 200);
    }
    let bad = app
        .get("localhost", "/api/v1/search?q=x&kind=everything")
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("legal"));
}

#[actix_web::test]
async fn publishing_and_taking_down_reach_the_index_through_the_change_log() {
    let t = indexed();
    let app = t.anon();
    let find = |body: serde_json::Value| {
        body["results"].as_array().unwrap().iter().any(|r| {
            r["title"]
                .as_str()
                .unwrap_or("")
                .contains("Hội chợ nông sản")
        })
    };
    let site = crate::common::site_id(&t, "sonha");
    let now = t.clock.now().naive_utc();
    let id = cong::content::store::save(
        &mut t.conn(),
        &crate::common::news(
            site,
            "hoi-cho",
            "Hội chợ nông sản Sơn Hà",
            "Khai mạc hội chợ.",
        ),
        now,
    )
    .unwrap()
    .id();
    assert_eq!(t.state.search.catch_up(&mut t.conn()).unwrap(), 1);
    let r = app
        .get("localhost", "/api/v1/search?q=hoi%20cho%20nong%20san")
        .await;
    assert!(find(r.json()));
    cong::content::store::set_state(
        &mut t.conn(),
        id,
        ContentState::Unpublished,
        Some("Nhầm"),
        now,
    )
    .unwrap();
    t.state.search.catch_up(&mut t.conn()).unwrap();
    let r = app
        .get("localhost", "/api/v1/search?q=hoi%20cho%20nong%20san")
        .await;
    assert!(!find(r.json()));
}

#[actix_web::test]
async fn while_the_index_is_built_search_says_so_and_the_rest_serves() {
    let t = TestApp::new();
    let app = t.anon();
    let api = app.get("localhost", "/api/v1/search?q=dat%20dai").await;
    assert_eq!(api.status, 503);
    assert_eq!(api.json()["error"]["code"], "unavailable");
    let page = app.get("localhost", "/tim-kiem?q=dat%20dai").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("xây dựng lại"));
    assert_eq!(app.get("localhost", "/van-ban").await.status, 200);
}

#[actix_web::test]
async fn a_document_coming_into_force_changes_status_in_the_index_without_an_edit() {
    let t = indexed();
    // Issued before the test's day (20/11/2026), in force from 23/11.
    let mut line = crate::legal::law("88/2026/QĐ-UBND", "2026-11-16");
    line["effective_on"] = "2026-11-23".into();
    crate::legal::import_lines(&t, &[line]);
    t.state.search.catch_up(&mut t.conn()).unwrap();
    let app = t.anon();
    let count = |status: &'static str| {
        let app = &app;
        async move {
            let r = app
                .get(
                    "localhost",
                    &format!("/api/v1/search?q=88/2026/qd-ubnd&kind=legal&status={status}"),
                )
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
            r.json()["total"].as_u64().unwrap()
        }
    };
    assert_eq!(count("not_yet_in_force").await, 1);
    assert_eq!(count("in_force").await, 0);
    // Nothing to do on the same day.
    assert_eq!(t.state.search.refresh_statuses(&mut t.conn()).unwrap(), 0);

    t.clock.advance(chrono::Duration::days(4));
    assert_eq!(t.state.search.refresh_statuses(&mut t.conn()).unwrap(), 1);
    assert_eq!(count("in_force").await, 1);
    assert_eq!(count("not_yet_in_force").await, 0);
    assert_eq!(t.state.search.refresh_statuses(&mut t.conn()).unwrap(), 0);
}

#[actix_web::test]
async fn a_pasted_page_is_not_searched_and_did_you_mean_proposes_only_real_words() {
    let t = indexed();
    let app = t.anon();
    let pasted = "quy dinh dat dai lao dong ".repeat(25);
    let q = pasted.replace(' ', "+");
    let r = app
        .get("localhost", &format!("/api/v1/search?q={q}&kind=legal"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["too_long"], true);
    assert_eq!(r.json()["total"], 0);
    assert!(r.json()["results"].as_array().unwrap().is_empty());
    let page = app.get("localhost", &format!("/tim-kiem?q={q}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("dài quá 500 ký tự"), "{}", page.body);

    let unknown = app.get("localhost", "/api/v1/search?q=chuyen+doy+so").await;
    assert_eq!(unknown.status, 200);
    assert!(unknown.json()["suggestion"].is_null(), "{}", unknown.body);
}
