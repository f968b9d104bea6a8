//! Items 1, 2 and 11 of the review: the page cache and the absolute links it stores.

use actix_web::test;

use crate::common::{Setup, TestApp};

fn cached_app(configure: impl Fn(&mut cong::Config) + 'static) -> TestApp {
    TestApp::with(Setup {
        page_cache: true,
        configure: Some(Box::new(configure)),
        ..Setup::default()
    })
    .expect("SQLite")
}

#[actix_web::test]
async fn a_port_in_host_never_reaches_the_links_of_cached_pages() {
    // Readers reach the sites on the port the server listens on (8080 by default).
    let t = cached_app(|c| c.public_port = None);
    let app = t.anon();
    let poisoned = app.get("localhost:31337", "/lien-he").await;
    assert_eq!(poisoned.status, 200);
    assert!(!poisoned.body.contains("31337"), "{}", poisoned.body);
    assert!(poisoned.body.contains("http://skhcn.localhost:8080/"));
    let next = app.get("localhost:8080", "/lien-he").await;
    assert_eq!(next.header("x-cache"), "hit");
    assert!(!next.body.contains("31337"));
    // The API names sites by the configured origin too, and aliases redirect to it.
    let sites = app.get("localhost:31337", "/api/v1/sites").await;
    assert!(!sites.body.contains("31337"), "{}", sites.body);
    assert!(sites.body.contains("http://skhcn.localhost:8080/"));
    let alias = app.get("stttt.localhost:31337", "/tin-tuc?page=1").await;
    assert_eq!(alias.status, 301);
    assert_eq!(
        alias.header("location"),
        "http://skhcn.localhost:8080/tin-tuc?page=1"
    );
}

#[actix_web::test]
async fn links_follow_the_configured_public_scheme_and_port() {
    let t = cached_app(|c| {
        c.public_scheme = "https".into();
        c.public_port = Some(443);
    });
    let app = t.anon();
    let page = app.get("localhost:8080", "/").await;
    assert!(
        page.body.contains("https://skhcn.localhost/"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("http://skhcn.localhost"));
    assert!(page
        .body
        .contains("<link rel=\"canonical\" href=\"https://localhost/\""));
}

#[actix_web::test]
async fn unknown_query_parameters_neither_fill_nor_flush_the_cache() {
    let t = cached_app(|_| {});
    let app = t.anon();
    assert_eq!(app.get("localhost", "/").await.header("x-cache"), "miss");
    let before = t.state.cache.stats().entries;
    for n in 0..200 {
        let r = app.get("localhost", &format!("/?z={n}")).await;
        // Still answered, the parameter ignored, never a 400.
        assert_eq!(r.status, 200);
        assert_eq!(r.header("x-cache"), "");
    }
    assert_eq!(t.state.cache.stats().entries, before);
    assert_eq!(app.get("localhost", "/").await.header("x-cache"), "hit");
    // Parameters pages read are cached as before.
    assert_eq!(
        app.get("localhost", "/tin-tuc?page=1")
            .await
            .header("x-cache"),
        "miss"
    );
    assert_eq!(
        app.get("localhost", "/tin-tuc?page=1")
            .await
            .header("x-cache"),
        "hit"
    );
}

#[actix_web::test]
async fn the_cache_stays_within_its_byte_bound() {
    let t = cached_app(|c| c.page_cache_bytes = 96 * 1024);
    let app = t.anon();
    let mut stored = 0usize;
    for per_page in 1..=100 {
        let r = app
            .get(
                "localhost",
                &format!("/api/v1/news?site=all&per_page={per_page}"),
            )
            .await;
        assert_eq!(r.status, 200);
        stored += r.body.len();
    }
    let stats = t.state.cache.stats();
    assert!(stored > 4 * 96 * 1024, "the pages weigh {stored} bytes");
    assert!(stats.bytes <= 96 * 1024, "{stats:?}");
    assert!(stats.entries > 0, "{stats:?}");
}

#[actix_web::test]
async fn https_and_http_visitors_each_get_their_own_security_headers() {
    let t = cached_app(|c| c.trusted_proxies = vec!["10.0.0.1".parse().unwrap()]);
    let app = t.anon();
    let through_tls = || {
        test::TestRequest::get()
            .uri("/lien-he")
            .insert_header(("host", "localhost"))
            .insert_header(("x-forwarded-proto", "https"))
            .peer_addr("10.0.0.1:5000".parse().unwrap())
    };
    let plain = || {
        test::TestRequest::get()
            .uri("/lien-he")
            .insert_header(("host", "localhost"))
            .peer_addr("203.0.113.7:5000".parse().unwrap())
    };
    let first = app.send(plain()).await;
    assert_eq!(first.header("strict-transport-security"), "");
    let secure = app.send(through_tls()).await;
    assert_eq!(secure.header("x-cache"), "hit");
    assert_eq!(
        secure.header("strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    assert_eq!(secure.header("x-content-type-options"), "nosniff");
    let again = app.send(plain()).await;
    assert_eq!(again.header("x-cache"), "hit");
    assert_eq!(again.header("strict-transport-security"), "");

    let t = cached_app(|c| {
        c.trusted_proxies = vec!["10.0.0.1".parse().unwrap()];
        c.hsts_include_subdomains = false;
    });
    let app = t.anon();
    let secure = app.send(through_tls()).await;
    assert_eq!(
        secure.header("strict-transport-security"),
        "max-age=31536000"
    );
}
