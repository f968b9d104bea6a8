//! The page cache: hits, invalidation through the change log on every server, expiry by
//! the clock, and what is never cached.

use std::time::Duration;

use actix_web::test;
use cong::clock::Clock;
use cong::content::store;

use crate::common::{news, site_id, Setup, TestApp};

fn cached_app() -> TestApp {
    TestApp::with(Setup {
        page_cache: true,
        ..Setup::default()
    })
    .unwrap()
}

#[actix_web::test]
async fn a_second_request_is_served_from_the_cache() {
    let t = cached_app();
    let app = t.anon();
    let first = app.get("localhost", "/tin-tuc").await;
    let second = app.get("localhost", "/tin-tuc").await;
    assert_eq!(
        (first.header("x-cache"), second.header("x-cache")),
        ("miss", "hit")
    );
    assert_eq!(first.body, second.body);
    assert_eq!(second.header("content-language"), "vi");
    assert!(second
        .header("content-security-policy")
        .contains("default-src"));
    // The key includes host and query string.
    assert_eq!(
        app.get("skhcn.localhost", "/tin-tuc")
            .await
            .header("x-cache"),
        "miss"
    );
    assert_eq!(
        app.get("localhost", "/tin-tuc?page=1")
            .await
            .header("x-cache"),
        "miss"
    );
}

#[actix_web::test]
async fn a_matching_etag_gets_304() {
    let t = cached_app();
    let app = t.anon();
    let first = app.get("localhost", "/").await;
    let etag = first.header("etag").to_string();
    assert!(!etag.is_empty());
    let r = app
        .send(
            test::TestRequest::get()
                .uri("/")
                .insert_header(("host", "localhost"))
                .insert_header(("if-none-match", etag.as_str())),
        )
        .await;
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
}

#[actix_web::test]
async fn a_change_on_another_server_invalidates_this_servers_cache() {
    let t = cached_app();
    t.state.start_background().unwrap();
    let app = t.anon();
    assert_eq!(
        app.get("localhost", "/tin-tuc").await.header("x-cache"),
        "miss"
    );
    assert_eq!(
        app.get("localhost", "/tin-tuc").await.header("x-cache"),
        "hit"
    );
    // Another app server writes to the shared database; it cannot call into this one.
    let other = t.second_server();
    let site = site_id(&t, "sonha");
    store::save(
        &mut other.db.conn().unwrap(),
        &news(
            site,
            "tin-moi-nhat",
            "Tin vừa đăng trên máy chủ khác",
            "Nội dung.",
        ),
        t.clock.now().naive_utc(),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    loop {
        let r = app.get("localhost", "/tin-tuc").await;
        if r.body.contains("Tin vừa đăng trên máy chủ khác") {
            assert_eq!(r.header("x-cache"), "miss");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "cache not invalidated within 3 s"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    t.state.stop_background();
}

#[actix_web::test]
async fn other_sites_pages_stay_cached_after_a_change() {
    let t = cached_app();
    let app = t.anon();
    app.get("sxd.localhost", "/tin-tuc").await;
    app.get("skhcn.localhost", "/tin-tuc").await;
    let site = site_id(&t, "skhcn");
    let start = cong::changelog::latest_id(&mut t.conn()).unwrap();
    store::save(
        &mut t.conn(),
        &news(site, "k", "Tin Sở KH&CN", "x"),
        t.clock.now().naive_utc(),
    )
    .unwrap();
    let listeners: Vec<std::sync::Arc<dyn cong::changelog::follower::ChangeListener>> =
        vec![t.state.cache.clone()];
    cong::changelog::follower::apply_pending(&mut t.conn(), start, &listeners).unwrap();
    assert_eq!(
        app.get("sxd.localhost", "/tin-tuc").await.header("x-cache"),
        "hit"
    );
    assert_eq!(
        app.get("skhcn.localhost", "/tin-tuc")
            .await
            .header("x-cache"),
        "miss"
    );
}

#[actix_web::test]
async fn cached_pages_expire_when_the_clock_passes_their_lifetime() {
    let t = cached_app();
    let app = t.anon();
    app.get("localhost", "/lien-he").await;
    assert_eq!(
        app.get("localhost", "/lien-he").await.header("x-cache"),
        "hit"
    );
    t.clock.advance(chrono::Duration::seconds(
        t.state.config.page_cache_ttl_secs as i64 + 1,
    ));
    assert_eq!(
        app.get("localhost", "/lien-he").await.header("x-cache"),
        "miss"
    );
}

#[actix_web::test]
async fn signed_in_requests_errors_and_redirects_are_never_cached() {
    let t = cached_app();
    let app = t.anon();
    for _ in 0..2 {
        let r = app
            .send(
                test::TestRequest::get()
                    .uri("/")
                    .insert_header(("host", "localhost"))
                    .insert_header(("cookie", "cong_session=abc")),
            )
            .await;
        assert_eq!(r.header("x-cache"), "");
        assert_eq!(
            app.get("localhost", "/khong-co").await.header("x-cache"),
            ""
        );
        assert_eq!(app.get("www.localhost", "/").await.header("x-cache"), "");
        assert_eq!(app.get("localhost", "/healthz").await.header("x-cache"), "");
    }
    assert_eq!(t.state.cache.stats().entries, 0);
}

#[actix_web::test]
async fn a_list_expires_when_a_dated_item_becomes_visible() {
    let t = cached_app();
    let app = t.anon();
    let site = site_id(&t, "tanphu");
    let mut form = news(site, "hen-gio", "Tin hẹn giờ đăng", "x");
    form.published_at = (t.clock.now() + chrono::Duration::hours(1)).naive_utc();
    let id = store::save(&mut t.conn(), &form, t.clock.now().naive_utc())
        .unwrap()
        .id();
    t.state.cache.clear();
    let before = app.get("tanphu.localhost", "/tin-tuc").await;
    assert!(!before.body.contains("Tin hẹn giờ đăng"));
    assert_eq!(
        app.get("tanphu.localhost", "/tin-tuc")
            .await
            .header("x-cache"),
        "hit"
    );
    let item = format!("/tin-tuc/{}-tin-hen-gio-dang", id.0);
    assert_eq!(
        app.get("tanphu.localhost", &item).await.status,
        404,
        "not visible before its time"
    );
    t.clock.advance(chrono::Duration::minutes(61));
    let after = app.get("tanphu.localhost", "/tin-tuc").await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains("Tin hẹn giờ đăng"));
    assert_eq!(app.get("tanphu.localhost", &item).await.status, 200);
}

#[actix_web::test]
async fn a_search_page_is_kept_until_the_index_moves_on() {
    let t = cached_app();
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    let app = t.anon();
    let path = "/tim-kiem?q=h%E1%BB%99i%20ch%E1%BB%A3%20n%C3%B4ng%20s%E1%BA%A3n";
    let first = app.get("localhost", path).await;
    let second = app.get("localhost", path).await;
    assert_eq!(
        (first.header("x-cache"), second.header("x-cache")),
        ("miss", "hit")
    );
    assert!(!first.body.contains("Hội chợ nông sản Sơn Hà"));
    // Published: the change log drops the site's pages at once, but the index follows
    // later; a page rendered in between must not outlive the index's next generation.
    let site = site_id(&t, "sonha");
    let now = t.clock.now().naive_utc();
    store::save(
        &mut t.conn(),
        &news(
            site,
            "hoi-cho",
            "Hội chợ nông sản Sơn Hà",
            "Khai mạc hội chợ.",
        ),
        now,
    )
    .unwrap();
    let between = app.get("localhost", path).await;
    assert!(!between.body.contains("Hội chợ nông sản Sơn Hà"));
    assert_eq!(t.state.search.catch_up(&mut t.conn()).unwrap(), 1);
    let after = app.get("localhost", path).await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains("Hội chợ nông sản Sơn Hà"));
    assert_eq!(app.get("localhost", path).await.header("x-cache"), "hit");
}
