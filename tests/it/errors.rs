//! Error pages: localized and styled, never a stack trace or internal detail.

use actix_web::test;
use cong::clock::Clock;
use cong::content::{store, ContentState};
use diesel::connection::SimpleConnection;

use crate::common::{news, site_id, TestApp};

#[actix_web::test]
async fn not_found_pages_are_localized_and_styled() {
    let t = TestApp::new();
    let app = t.anon();
    let vi = app.get("localhost", "/khong-co-trang-nay").await;
    assert_eq!(vi.status, 404);
    assert!(vi.body.contains("Không tìm thấy trang") && vi.body.contains("<html lang=\"vi\">"));
    assert!(
        vi.body.contains("/static/css/site."),
        "styled like every page"
    );
    let en = app.get("localhost", "/en/no-such-page").await;
    assert_eq!(en.status, 404);
    assert!(en.body.contains("Page not found") && en.body.contains("<html lang=\"en\">"));
    for path in [
        "/tin-tuc/999999-x",
        "/tin-tuc/99999999999999999999",
        "/tin-tuc/abc",
        "/en/news/0-x",
    ] {
        assert_eq!(app.get("localhost", path).await.status, 404, "{path}");
    }
}

#[actix_web::test]
async fn unpublished_content_answers_410_with_the_boards_note() {
    let t = TestApp::new();
    let site = site_id(&t, "sonha");
    let now = t.clock.now().naive_utc();
    let id = store::save(&mut t.conn(), &news(site, "go-bo", "Tin sẽ gỡ", "x"), now)
        .unwrap()
        .id();
    store::set_state(
        &mut t.conn(),
        id,
        ContentState::Unpublished,
        Some("Tin đăng nhầm, đã được gỡ theo quyết định của Ban biên tập."),
        now,
    )
    .unwrap();
    let app = t.anon();
    let r = app
        .get("localhost", &format!("/tin-tuc/{}-tin-se-go", id.0))
        .await;
    assert_eq!(r.status, 410);
    assert!(r.body.contains("Nội dung đã được gỡ bỏ"));
    assert!(r.body.contains("Tin đăng nhầm"));
    let api = app
        .get("localhost", &format!("/api/v1/news/{}", id.0))
        .await;
    assert_eq!(api.status, 410);
    assert_eq!(api.json()["error"]["code"], "gone");
}

#[actix_web::test]
async fn internal_faults_show_a_generic_page_without_detail() {
    let t = TestApp::new();
    t.conn()
        .batch_execute("ALTER TABLE content_items RENAME TO content_items_gone;")
        .unwrap();
    let app = t.anon();
    let r = app.get("localhost", "/tin-tuc").await;
    assert_eq!(r.status, 500);
    assert!(r.body.contains("Đã có lỗi xảy ra"));
    for leak in [
        "no such table",
        "content_items",
        "diesel",
        "panicked",
        "src/",
    ] {
        assert!(!r.body.contains(leak), "{leak} leaked");
    }
    let api = app.get("localhost", "/api/v1/news?lang=en").await;
    assert_eq!(api.status, 500);
    assert_eq!(api.json()["error"]["code"], "internal");
    assert!(!api.body.contains("content_items"));
}

#[actix_web::test]
async fn malformed_requests_get_a_clear_400() {
    let t = TestApp::new();
    let app = t.anon();
    let r = app.get("localhost", "/tin-tuc?page=abc").await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Số trang"), "specific message: {}", r.body);
    let r = app.get("localhost", "/tin-tuc?page=%FF%FE").await;
    assert_eq!(r.status, 400);
    let api = app
        .get("localhost", "/api/v1/news?per_page=1000&lang=en")
        .await;
    assert_eq!(api.status, 400);
    let e = api.json();
    assert_eq!(e["error"]["code"], "bad_request");
    assert!(e["error"]["message"].as_str().unwrap().contains("1 to 100"));
    let api = app.get("localhost", "/api/v1/news?lang=fr").await;
    assert_eq!(
        api.json()["error"]["message"],
        "Ngôn ngữ phải là \"vi\" (tiếng Việt) hoặc \"en\" (tiếng Anh)."
    );
    let r = app
        .send(
            test::TestRequest::post()
                .uri("/tin-tuc")
                .insert_header(("host", "localhost")),
        )
        .await;
    assert!(r.status == 404 || r.status == 405, "{}", r.status);
    assert!(r.body.contains("<html"));
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    let t = TestApp::new();
    let app = t.anon();
    for (host, path) in [
        ("localhost", "/"),
        ("localhost", "/nope"),
        ("www.localhost", "/"),
        ("x.localhost", "/"),
        ("localhost", "/api/v1/sites"),
    ] {
        let r = app.get(host, path).await;
        assert!(
            r.header("content-security-policy")
                .contains("frame-ancestors 'none'"),
            "{host}{path}"
        );
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(
            r.header("referrer-policy"),
            "strict-origin-when-cross-origin"
        );
    }
}

#[actix_web::test]
async fn static_assets_have_hashed_names_and_long_cache_lifetimes() {
    let t = TestApp::new();
    let app = t.anon();
    let css = t
        .state
        .renderer
        .assets
        .url("css/site.css")
        .unwrap()
        .to_string();
    let r = app.get("localhost", &css).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "text/css; charset=utf-8");
    assert!(r.header("cache-control").contains("immutable"));
    assert_eq!(
        app.get("localhost", "/static/css/site.css").await.status,
        404
    );
}

#[actix_web::test]
async fn the_font_and_the_favicon_are_served_by_the_portal_itself() {
    let t = TestApp::new();
    let app = t.anon();
    let css = t.state.renderer.assets.url("css/site.css").unwrap();
    let css = app.get("localhost", css).await.body;
    // The stylesheet names each font file by its hashed address, which is served.
    let font = css
        .split("url(\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .find(|url| url.contains("be-vietnam-pro-vietnamese-400-normal"))
        .expect("the Vietnamese subset of the font");
    let r = app.get("localhost", font).await;
    assert_eq!((r.status, r.header("content-type")), (200, "font/woff2"));
    assert!(r.header("cache-control").contains("immutable"));
    for host in ["localhost", "skhcn.localhost"] {
        let icon = app.get(host, "/favicon.ico").await;
        assert_eq!(
            (icon.status, icon.header("content-type")),
            (200, "image/x-icon")
        );
    }
}

#[actix_web::test]
async fn every_public_page_has_the_search_box_in_its_header() {
    let t = TestApp::new();
    let app = t.anon();
    for (host, path, action) in [
        ("localhost", "/", "/tim-kiem"),
        ("localhost", "/van-ban", "/tim-kiem"),
        ("skhcn.localhost", "/hoi-dap/dat-cau-hoi", "/tim-kiem"),
        ("localhost", "/en/public-services", "/en/search"),
        ("localhost", "/khong-co-trang-nay", "/tim-kiem"),
    ] {
        let body = app.get(host, path).await.body;
        let header = body
            .split("<header")
            .nth(1)
            .unwrap()
            .split("</header>")
            .next()
            .unwrap();
        assert!(
            header.contains(&format!(
                "role=\"search\" method=\"get\" action=\"{action}\""
            )) && header.contains("name=\"q\"")
                && header.contains("name=\"kind\" type=\"checkbox\" value=\"legal\""),
            "{host}{path}: {header}"
        );
    }
}

#[actix_web::test]
async fn a_trailing_slash_redirects_to_the_canonical_path() {
    let t = TestApp::new();
    let app = t.anon();
    let r = app.get("localhost", "/tin-tuc/").await;
    assert_eq!((r.status, r.header("location")), (301, "/tin-tuc"));
    let r = app.get("localhost", "//evil.example/").await;
    assert_ne!(r.header("location"), "//evil.example", "no open redirect");
}
