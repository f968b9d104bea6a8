//! Two languages: `lang`, the language switch, `hreflang`, and no Accept-Language redirects.

use actix_web::test;

use crate::common::{item_path, TestApp};

#[actix_web::test]
async fn vietnamese_at_the_root_english_under_en() {
    let t = TestApp::new();
    let app = t.anon();
    let vi = app.get("localhost", "/").await;
    assert!(vi.body.contains("<html lang=\"vi\">"));
    assert_eq!(vi.header("content-language"), "vi");
    let en = app.get("localhost", "/en/").await;
    assert!(en.body.contains("<html lang=\"en\">"));
    assert_eq!(en.header("content-language"), "en");
    assert!(en.body.contains("Son Ha Province"));
    let bare = app.get("localhost", "/en").await;
    assert_eq!((bare.status, bare.header("location")), (301, "/en/"));
}

#[actix_web::test]
async fn accept_language_never_redirects() {
    let t = TestApp::new();
    let app = t.anon();
    let r = app
        .send(
            test::TestRequest::get()
                .uri("/")
                .insert_header(("host", "localhost"))
                .insert_header(("accept-language", "en-US,en;q=0.9")),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<html lang=\"vi\">"));
}

#[actix_web::test]
async fn an_article_links_to_its_translation_with_hreflang() {
    let t = TestApp::new();
    let app = t.anon();
    let vi = item_path(&app, "localhost", "news", "vi", "chuyen-doi-so-toan-dien").await;
    let en = item_path(&app, "localhost", "news", "en", "chuyen-doi-so-toan-dien").await;
    let page = app.get("localhost", &vi).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"http://localhost{en}\">"
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"vi\" href=\"http://localhost{vi}\">"
    )));
    assert!(page.body.contains("hreflang=\"x-default\""));
    assert!(
        page.body.contains(&format!(
            "<a href=\"{en}\" hreflang=\"en\" lang=\"en\">English</a>"
        )),
        "switch"
    );
    let back = app.get("localhost", &en).await;
    assert!(back.body.contains(&format!(
        "<a href=\"{vi}\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>"
    )));
}

#[actix_web::test]
async fn an_untranslated_article_switches_to_the_english_home() {
    let t = TestApp::new();
    let app = t.anon();
    let vi = item_path(
        &app,
        "skhcn.localhost",
        "news",
        "vi",
        "hoi-thao-so-huu-tri-tue-ocop",
    )
    .await;
    let page = app.get("skhcn.localhost", &vi).await;
    assert_eq!(page.status, 200);
    assert!(page
        .body
        .contains("<a href=\"/en/\" hreflang=\"en\" lang=\"en\">English</a>"));
    assert!(
        !page.body.contains("hreflang=\"en\" href="),
        "no English alternate when none exists"
    );
}

#[actix_web::test]
async fn translation_gaps_are_reported_missing_and_outdated() {
    let t = TestApp::new();
    let skhcn = t.state.sites.current().by_slug("skhcn").unwrap().id;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let gaps = cong::content::translations::gaps(&mut t.conn(), Some(skhcn), today).unwrap();
    let describe: Vec<(String, String)> = gaps
        .iter()
        .map(|g| {
            let v = serde_json::to_value(g).unwrap();
            (
                g.translation_key.clone(),
                v["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        describe.contains(&("hoi-thao-so-huu-tri-tue-ocop".into(), "missing".into())),
        "{describe:?}"
    );
    assert!(
        describe.contains(&("tuyen-chon-nhiem-vu-khcn-2027".into(), "outdated".into())),
        "{describe:?}"
    );
    assert_eq!(describe.len(), 2, "{describe:?}");
}

#[actix_web::test]
async fn ui_strings_follow_the_page_language() {
    let t = TestApp::new();
    let app = t.anon();
    let vi = app.get("localhost", "/lien-he").await;
    assert!(vi.body.contains("Giờ làm việc") && vi.body.contains("Chuyển đến nội dung chính"));
    let en = app.get("localhost", "/en/contact").await;
    assert!(en.body.contains("Office hours") && en.body.contains("Skip to main content"));
    assert!(en.body.contains("Monday"), "English office hours");
}
