//! News categories as public pages: each category's news in both languages, its feed, the
//! list of categories, and the link from an article to its category.

use cong::clock::Clock;

use crate::common::{news, site_id, Backend, Setup, TestApp};

fn app(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

async fn category_pages_list_their_news_in_both_languages(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let web = t.anon();
    let vi = web
        .get("localhost", "/tin-tuc/chuyen-muc/thong-cao-bao-chi")
        .await;
    assert_eq!(vi.status, 200, "{}", vi.body);
    assert!(vi
        .body
        .contains("<h1 class=\"page-title\">Thông cáo báo chí</h1>"));
    assert!(vi.body.contains("kết quả Kỳ họp thứ 12"));
    assert!(vi.body.contains("tình hình mưa lũ"));
    // Only its own category's news.
    assert!(!vi.body.contains("giải ngân vốn đầu tư công"));
    assert!(!vi.body.contains("chuyển đổi số toàn diện"));
    // The English page of the same category is the language switch.
    assert!(
        vi.body.contains("/en/news/category/press-releases"),
        "{}",
        vi.body
    );
    assert!(vi
        .body
        .contains("/tin-tuc/chuyen-muc/thong-cao-bao-chi/feed.atom"));

    let directives = web
        .get("localhost", "/tin-tuc/chuyen-muc/chi-dao-dieu-hanh")
        .await;
    assert_eq!(directives.status, 200);
    assert!(directives.body.contains("giải ngân vốn đầu tư công"));
    assert!(!directives.body.contains("tình hình mưa lũ"));

    let en = web
        .get("localhost", "/en/news/category/press-releases")
        .await;
    assert_eq!(en.status, 200, "{}", en.body);
    assert!(en.body.contains("12th session"));
    assert!(en.body.contains("/tin-tuc/chuyen-muc/thong-cao-bao-chi"));

    // Unknown categories, a category of another site, and pages past the last are 404.
    for (host, path) in [
        ("localhost", "/tin-tuc/chuyen-muc/khong-co"),
        ("skhcn.localhost", "/tin-tuc/chuyen-muc/thong-cao-bao-chi"),
        ("localhost", "/tin-tuc/chuyen-muc/thong-cao-bao-chi?page=2"),
        ("localhost", "/en/news/category/thong-cao-bao-chi"),
    ] {
        assert_eq!(web.get(host, path).await.status, 404, "{host}{path}");
    }
    assert_eq!(
        web.get("localhost", "/tin-tuc/chuyen-muc/thong-cao-bao-chi?page=x")
            .await
            .status,
        400
    );
}
on_both_backends!(category_pages_list_their_news_in_both_languages);

async fn a_category_shows_only_what_is_published_and_due(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let site = site_id(&t, "sonha");
    let now = t.clock.now().naive_utc();
    let mut later = news(
        site,
        "thong-cao-sap-toi",
        "Thông cáo chưa đến giờ",
        "Nội dung.",
    );
    later.text.category = Some("Thông cáo báo chí".into());
    later.published_at = now + chrono::Duration::hours(2);
    later.revised_at = later.published_at;
    cong::content::store::save(&mut t.conn(), &later, now).unwrap();
    // Another spelling of the same name is the same category.
    let mut spelled = news(
        site,
        "thong-cao-viet-hoa",
        "Thông cáo viết hoa khác",
        "Nội dung.",
    );
    spelled.text.category = Some("Thông Cáo Báo Chí".into());
    cong::content::store::save(&mut t.conn(), &spelled, now).unwrap();

    let page = t
        .anon()
        .get("localhost", "/tin-tuc/chuyen-muc/thong-cao-bao-chi")
        .await;
    assert!(page.body.contains("Thông cáo viết hoa khác"));
    assert!(!page.body.contains("Thông cáo chưa đến giờ"));
    t.clock.advance(chrono::Duration::hours(3));
    let page = t
        .anon()
        .get("localhost", "/tin-tuc/chuyen-muc/thong-cao-bao-chi")
        .await;
    assert!(page.body.contains("Thông cáo chưa đến giờ"));
}
on_both_backends!(a_category_shows_only_what_is_published_and_due);

#[actix_web::test]
async fn each_category_has_its_own_atom_feed() {
    let t = TestApp::new();
    let feed = t
        .anon()
        .get(
            "localhost",
            "/tin-tuc/chuyen-muc/thong-cao-bao-chi/feed.atom",
        )
        .await;
    assert_eq!(feed.status, 200);
    assert!(feed
        .header("content-type")
        .starts_with("application/atom+xml"));
    assert!(feed.body.starts_with("<?xml"));
    assert!(feed
        .body
        .contains("<link rel=\"self\" href=\"http://localhost/tin-tuc/chuyen-muc/thong-cao-bao-chi/feed.atom\"/>"));
    assert_eq!(feed.body.matches("<entry>").count(), 2, "{}", feed.body);
    assert!(feed
        .body
        .contains("<link rel=\"alternate\" type=\"text/html\" href=\"http://localhost/tin-tuc/"));
    assert!(!feed.body.contains("giải ngân"));

    let en = t
        .anon()
        .get(
            "localhost",
            "/en/news/category/directives-and-administration/feed.atom",
        )
        .await;
    assert_eq!(en.status, 200);
    assert!(en.body.contains("xml:lang=\"en\""));
    assert!(en.body.contains("disbursement"));
    assert_eq!(
        t.anon()
            .get("localhost", "/tin-tuc/chuyen-muc/khong-co/feed.atom")
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn articles_link_to_their_category_and_the_news_list_to_every_category() {
    let t = TestApp::new();
    let web = t.anon();
    let index = web.get("localhost", "/tin-tuc/chuyen-muc").await;
    assert_eq!(index.status, 200);
    assert!(index
        .body
        .contains("<a href=\"/tin-tuc/chuyen-muc/thong-cao-bao-chi\">Thông cáo báo chí</a> <span class=\"count\">(2 tin)</span>"));
    assert!(index.body.contains("/tin-tuc/chuyen-muc/chi-dao-dieu-hanh"));
    let en = web.get("localhost", "/en/news/category").await;
    assert!(en.body.contains("(2 items)"), "{}", en.body);
    assert!(web
        .get("localhost", "/tin-tuc")
        .await
        .body
        .contains("href=\"/tin-tuc/chuyen-muc\""));

    let path =
        crate::common::item_path(&web, "localhost", "news", "vi", "thong-cao-mua-lu-thang-11")
            .await;
    let article = web.get("localhost", &path).await;
    assert!(article
        .body
        .contains("<a href=\"/tin-tuc/chuyen-muc/thong-cao-bao-chi\">Thông cáo báo chí</a>"));
}
