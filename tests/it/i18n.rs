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
async fn an_untranslated_article_gets_an_english_page_saying_so() {
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
    // The switch leads to an English page about this article, never silently home.
    let en = vi.replacen("/tin-tuc/", "/en/news/", 1);
    assert!(
        page.body.contains(&format!(
            "<a href=\"{en}\" hreflang=\"en\" lang=\"en\">English</a>"
        )),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("hreflang=\"en\" href="),
        "no English alternate when none exists"
    );
    let english = app.get("skhcn.localhost", &en).await;
    assert_eq!(english.status, 200);
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(english
        .body
        .contains("This page is not available in English"));
    assert!(english
        .body
        .contains(&format!("<a href=\"{vi}\" hreflang=\"vi\" lang=\"vi\">")));
    assert!(english
        .body
        .contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(english.body.contains(&format!(
        "<a href=\"{vi}\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>"
    )));

    // A translated article asked at its other-language address goes to its translation.
    let vi = item_path(&app, "localhost", "news", "vi", "chuyen-doi-so-toan-dien").await;
    let en = item_path(&app, "localhost", "news", "en", "chuyen-doi-so-toan-dien").await;
    let asked = app
        .get("localhost", &vi.replacen("/tin-tuc/", "/en/news/", 1))
        .await;
    assert_eq!(asked.status, 301);
    assert_eq!(crate::common::location(&asked), en);
}

#[actix_web::test]
async fn an_outdated_translation_says_so_and_links_to_the_current_vietnamese() {
    let t = TestApp::new();
    let app = t.anon();
    let key = "tuyen-chon-nhiem-vu-khcn-2027";
    let vi = item_path(&app, "skhcn.localhost", "news", "vi", key).await;
    let en = item_path(&app, "skhcn.localhost", "news", "en", key).await;
    let page = app.get("skhcn.localhost", &en).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("This English translation is older than the Vietnamese text"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!(
        "<a href=\"{vi}\" hreflang=\"vi\">Read the current Vietnamese text</a>"
    )));
    // A current translation carries no such notice, nor does the Vietnamese source.
    let current = item_path(&app, "localhost", "news", "en", "chuyen-doi-so-toan-dien").await;
    assert!(!app
        .get("localhost", &current)
        .await
        .body
        .contains("older than"));
    assert!(!app
        .get("skhcn.localhost", &vi)
        .await
        .body
        .contains("translation-outdated"));
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
