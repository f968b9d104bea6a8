//! Markdown through the one rendering module: hostile input neutralised, text stored NFC,
//! addresses kept stable across renames.

use cong::clock::Clock;
use cong::content::store;
use cong::urls;

use crate::common::{news, site_id, TestApp};

#[actix_web::test]
async fn scripts_and_javascript_links_in_content_are_neutralised() {
    let t = TestApp::new();
    let site = site_id(&t, "sonha");
    let form = news(
        site,
        "bai-doc-hai",
        "Bài có mã độc",
        "Xin chào <script>alert('x')</script>\n\n[bấm vào](javascript:alert(1))\n\n<img src=x onerror=\"alert(1)\">\n\n<a href=\"jav&#x09;ascript:alert(1)\">ẩn</a>",
    );
    let id = store::save(&mut t.conn(), &form, t.clock.now().naive_utc())
        .unwrap()
        .id();
    let app = t.anon();
    let item = store::find(&mut t.conn(), id).unwrap().unwrap();
    let page = app
        .get(
            "localhost",
            &urls::item_path(item.kind, item.lang, id, &item.text.slug),
        )
        .await;
    assert_eq!(page.status, 200);
    let prose = page
        .body
        .split("class=\"prose\"")
        .nth(1)
        .unwrap()
        .split("</article>")
        .next()
        .unwrap();
    for bad in ["<script", "javascript:", "onerror", "alert("] {
        assert!(!prose.to_lowercase().contains(bad), "{bad} in {prose}");
    }
    assert!(prose.contains("Xin chào"));
}

#[actix_web::test]
async fn text_is_stored_nfc_whatever_the_input_form() {
    let t = TestApp::new();
    let site = site_id(&t, "sonha");
    // "Tiếng Việt" typed with combining marks (NFD), as some keyboards and PDFs produce.
    let decomposed = "Tie\u{0302}\u{0301}ng Vie\u{0323}\u{0302}t";
    let form = news(site, "nfc", decomposed, decomposed);
    let id = store::save(&mut t.conn(), &form, t.clock.now().naive_utc())
        .unwrap()
        .id();
    let item = store::find(&mut t.conn(), id).unwrap().unwrap();
    assert_eq!(item.text.title, "Tiếng Việt");
    assert_eq!(item.text.body_markdown, "Tiếng Việt");
    assert_eq!(item.text.slug, "tieng-viet");
}

#[actix_web::test]
async fn a_renamed_item_keeps_its_old_addresses_answering() {
    let t = TestApp::new();
    let site = site_id(&t, "sonha");
    let now = t.clock.now().naive_utc();
    let id = store::save(
        &mut t.conn(),
        &news(site, "doi-ten", "Tên cũ của bài", "x"),
        now,
    )
    .unwrap()
    .id();
    let old_path = urls::item_path(
        cong::content::ContentKind::News,
        cong::lang::Lang::Vi,
        id,
        "ten-cu-cua-bai",
    );
    store::save(
        &mut t.conn(),
        &news(site, "doi-ten", "Tên mới của bài", "x"),
        now,
    )
    .unwrap();
    let new_path = urls::item_path(
        cong::content::ContentKind::News,
        cong::lang::Lang::Vi,
        id,
        "ten-moi-cua-bai",
    );
    let app = t.anon();
    let r = app.get("localhost", &old_path).await;
    assert_eq!((r.status, r.header("location")), (301, new_path.as_str()));
    // Only the id matters: any slug redirects to the canonical one.
    let r = app
        .get("localhost", &format!("/tin-tuc/{}-sai", id.0))
        .await;
    assert_eq!((r.status, r.header("location")), (301, new_path.as_str()));
    let r = app.get("localhost", &new_path).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Tên mới của bài"));
}

#[actix_web::test]
async fn a_page_named_by_its_translation_key_redirects_to_its_address() {
    let t = TestApp::new();
    let app = t.anon();
    let r = app.get("localhost", "/trang/gioi-thieu").await;
    assert_eq!(r.status, 301);
    assert!(r.header("location").starts_with("/trang/"));
    let page = app.get("localhost", r.header("location")).await;
    assert_eq!(page.status, 200);
    let en = app.get("localhost", "/en/pages/gioi-thieu").await;
    assert!(en.header("location").starts_with("/en/pages/"));
}

#[actix_web::test]
async fn the_long_demo_article_renders_with_author_source_and_print_link() {
    let t = TestApp::new();
    let app = t.anon();
    let path =
        crate::common::item_path(&app, "localhost", "news", "vi", "chuyen-doi-so-toan-dien").await;
    let page = app.get("localhost", &path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("class=\"author\"") && page.body.contains("class=\"source\""));
    assert!(page.body.contains("class=\"print-link\""));
    assert!(page.body.contains("<table>"), "Markdown tables render");
    let words = page.body.split_whitespace().count();
    assert!(words > 1400, "{words} words");
}
