//! Choosing the site from the request's host.

use crate::common::TestApp;

#[actix_web::test]
async fn every_demo_site_answers_on_its_sub_domain() {
    let t = TestApp::new();
    let app = t.anon();
    let province = app.get("localhost:8080", "/").await;
    assert_eq!(province.status, 200);
    assert!(province.body.contains("Cổng thông tin điện tử tỉnh Sơn Hà"));
    for (host, name) in [
        ("skhcn.localhost:8080", "Sở Khoa học và Công nghệ"),
        ("sxd.localhost:8080", "Sở Xây dựng"),
        ("tanphu.localhost:8080", "xã Tân Phú"),
        ("hathanh.localhost:8080", "phường Hà Thanh"),
    ] {
        let r = app.get(host, "/").await;
        assert_eq!(r.status, 200, "{host}");
        assert!(r.body.contains(name), "{host} should show {name}");
        assert!(
            !r.body
                .contains("<h1 class=\"page-title\">Cổng thông tin điện tử tỉnh Sơn Hà"),
            "{host}"
        );
    }
}

#[actix_web::test]
async fn host_matching_ignores_case_and_port() {
    let t = TestApp::new();
    let app = t.anon();
    let a = app.get("SKHCN.LocalHost", "/").await;
    let b = app.get("skhcn.localhost:9999", "/").await;
    assert_eq!((a.status, b.status), (200, 200));
    assert!(a.body.contains("Sở Khoa học và Công nghệ"));
    assert!(b.body.contains("Sở Khoa học và Công nghệ"));
}

#[actix_web::test]
async fn ip_hosts_and_the_base_domain_serve_the_province() {
    let t = TestApp::new();
    let app = t.anon();
    for host in ["127.0.0.1:8080", "127.0.0.1", "[::1]:8080", "localhost"] {
        let r = app.get(host, "/").await;
        assert_eq!(r.status, 200, "{host}");
        assert!(
            r.body
                .contains("<h1 class=\"page-title\">Cổng thông tin điện tử tỉnh Sơn Hà"),
            "{host}"
        );
    }
}

#[actix_web::test]
async fn an_unknown_sub_domain_gets_a_404_page_linking_to_the_province() {
    let t = TestApp::new();
    let app = t.anon();
    let r = app.get("khongco.localhost:8080", "/tin-tuc").await;
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").starts_with("text/html"));
    assert!(r
        .body
        .contains("Không có trang thông tin điện tử nào ở địa chỉ này"));
    assert!(
        // Links come from the configured origin, never from the request's port.
        r.body.contains("href=\"http://localhost/\""),
        "{}",
        r.body
    );
}

#[actix_web::test]
async fn aliases_redirect_permanently_to_the_canonical_host_keeping_the_path() {
    let t = TestApp::new();
    let app = t.anon();
    let r = app.get("www.localhost:8080", "/tin-tuc?page=2").await;
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), "http://localhost/tin-tuc?page=2");
    // The former Department of Information and Communications' domain.
    let r = app.get("stttt.localhost:8080", "/en/news").await;
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), "http://skhcn.localhost/en/news");
}

#[actix_web::test]
async fn a_retired_site_redirects_to_the_site_it_was_merged_into() {
    let t = TestApp::new();
    let dir = t.state.sites.current();
    let sxd = dir.by_slug("sxd").unwrap().id;
    let skhcn = dir.by_slug("skhcn").unwrap().id;
    cong::site::store::retire(&mut t.conn(), sxd, Some(skhcn), t.clock.now().naive_utc()).unwrap();
    t.state.reload_sites().unwrap();
    let app = t.anon();
    let r = app.get("sxd.localhost", "/lien-he").await;
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), "http://skhcn.localhost/lien-he");
    let alias = app.get("www.sxd.localhost", "/").await;
    assert_eq!(alias.header("location"), "http://skhcn.localhost/");
}

#[actix_web::test]
async fn healthz_answers_on_any_host() {
    let t = TestApp::new();
    let app = t.anon();
    for host in ["localhost", "khongco.localhost", "example.org"] {
        let r = app.get(host, "/healthz").await;
        assert_eq!(r.status, 200, "{host}");
        assert_eq!(r.json()["database"], "ok");
    }
}

#[actix_web::test]
async fn content_of_another_site_redirects_to_its_own_host() {
    let t = TestApp::new();
    let app = t.anon();
    let path = crate::common::item_path(
        &app,
        "skhcn.localhost",
        "news",
        "vi",
        "ha-tang-5g-xa-vung-cao",
    )
    .await;
    let r = app.get("localhost", &path).await;
    assert_eq!(r.status, 301);
    assert_eq!(
        r.header("location"),
        format!("http://skhcn.localhost{path}")
    );
}

use cong::clock::Clock;

#[actix_web::test]
async fn a_site_definition_sets_its_office_sessions_and_bad_ones_are_refused() {
    let t = TestApp::new();
    // The demo commune works from 07:00; the others keep the installation's hours.
    let dir = t.state.sites.current();
    let tanphu = dir.by_slug("tanphu").unwrap();
    assert_eq!(
        tanphu.office_sessions.as_ref().map(ToString::to_string),
        Some("07:00–11:00, 13:30–17:00".to_string())
    );
    assert_eq!(dir.by_slug("sxd").unwrap().office_sessions, None);

    let mut definition: cong::site::store::SitesFile =
        toml::from_str(&std::fs::read_to_string("content/sites.toml").unwrap()).unwrap();
    let commune = definition
        .site
        .iter_mut()
        .find(|d| d.slug == "tanphu")
        .unwrap();
    commune.contact.office_sessions = "sáng 7 giờ".into();
    commune.contact.phone = "0000".into();
    let now = t.clock.now().naive_utc();
    let err = cong::site::store::save_definitions(&mut t.conn(), &definition.site, now)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("tanphu") && err.contains("sáng 7 giờ"),
        "{err}"
    );
    let kept = cong::site::store::load_directory(&mut t.conn()).unwrap();
    let tanphu = kept.by_slug("tanphu").unwrap();
    assert_ne!(tanphu.phone, "0000", "nothing of a refused file is saved");
    assert!(tanphu.office_sessions.is_some());
}
