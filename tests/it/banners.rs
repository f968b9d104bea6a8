//! Alert and maintenance banners: put up in the admin for one site or every site, shown on
//! public pages between their start and end (cached pages included), maintenance announced
//! a day ahead unless its author confirms an urgent repair.

use chrono::Duration;

use crate::common::{Setup, TestApp};

/// A `datetime-local` value in Vietnam's time, `hours` after the test clock.
fn local_in(t: &TestApp, hours: i64) -> String {
    let at = cong::clock::Clock::now(t.clock.as_ref()) + Duration::hours(hours + 7);
    at.format("%Y-%m-%dT%H:%M").to_string()
}

#[actix_web::test]
async fn maintenance_is_announced_a_day_ahead_and_shown_on_every_site() {
    let t = TestApp::with(Setup {
        page_cache: true,
        ..Setup::default()
    })
    .unwrap();
    crate::admin::board(&t);
    t.state.start_background().unwrap();
    let admin = t.user("quantri");
    let app = t.anon();
    // The home is cached before any banner exists.
    assert!(!app
        .get("skhcn.localhost", "/")
        .await
        .body
        .contains("banner-maintenance"));

    // Work in 3 hours is refused with the rule and a confirmation offered.
    let soon = [
        ("kind", "maintenance"),
        ("site", ""),
        ("title_vi", "Bảo trì hệ thống"),
        ("title_en", "System maintenance"),
        ("body_vi", "Cổng có thể không truy cập được."),
        ("starts_at", ""),
    ];
    let (work_soon, end) = (local_in(&t, 3), local_in(&t, 30));
    let mut fields: Vec<(&str, &str)> = soon.to_vec();
    fields.extend([
        ("work_starts_at", work_soon.as_str()),
        ("ends_at", end.as_str()),
    ]);
    let refused = admin.post_form("/admin/banners", &fields).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("thông báo trước ít nhất một ngày"));
    assert!(refused.body.contains("confirm_short_notice"));
    assert!(
        refused.body.contains("Bảo trì hệ thống"),
        "what was typed is kept"
    );
    assert!(!app
        .get("sxd.localhost", "/")
        .await
        .body
        .contains("Bảo trì hệ thống"));

    // Work in 26 hours is announced now, on every site, in both languages.
    let work = local_in(&t, 26);
    let mut fields: Vec<(&str, &str)> = soon.to_vec();
    fields.extend([("work_starts_at", work.as_str()), ("ends_at", end.as_str())]);
    let saved = admin.post_form("/admin/banners", &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let home = eventually(&t, "skhcn.localhost", "/", "banner-maintenance").await;
    assert!(home.body.contains("Bảo trì hệ thống"));
    assert!(home.body.contains("Thời gian bảo trì: từ"));
    let english = app.get("localhost", "/en/").await;
    assert!(english.body.contains("System maintenance"));
    assert!(english.body.contains("Maintenance from"));
    let list = admin.get("/admin/banners").await;
    assert!(list.body.contains("Đang hiện") && list.body.contains("Mọi trang"));

    // A confirmed urgent repair is saved and flagged in the list.
    let mut fields: Vec<(&str, &str)> = soon.to_vec();
    fields.extend([
        ("work_starts_at", work_soon.as_str()),
        ("ends_at", end.as_str()),
        ("confirm_short_notice", "on"),
    ]);
    assert_eq!(admin.post_form("/admin/banners", &fields).await.status, 303);
    assert!(admin
        .get("/admin/banners")
        .await
        .body
        .contains("Báo trước chưa đủ một ngày"));

    // After its end the banner is gone, from the cache too.
    t.clock.advance(Duration::hours(31));
    assert!(!app
        .get("skhcn.localhost", "/")
        .await
        .body
        .contains("banner-maintenance"));
    t.state.stop_background();
}

/// The page once it shows `text`: the change log reaches the page cache within moments.
async fn eventually(t: &TestApp, host: &str, path: &str, text: &str) -> crate::common::Reply {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let r = t.anon().get(host, path).await;
        if r.body.contains(text) {
            return r;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{text} not on {host}{path} within 3 s"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
async fn a_board_head_puts_up_an_alert_on_their_site_only() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let head = t.user("truongban");
    assert!(head.get("/admin").await.body.contains("/admin/banners"));
    let (start, end) = (local_in(&t, 2), local_in(&t, 12));
    let alert = [
        ("kind", "alert"),
        ("site", "sonha"),
        ("title_vi", "Cảnh báo bão số 9"),
        ("starts_at", start.as_str()),
        ("ends_at", end.as_str()),
    ];
    assert_eq!(head.post_form("/admin/banners", &alert).await.status, 303);
    let app = t.anon();
    assert!(
        !app.get("localhost", "/")
            .await
            .body
            .contains("Cảnh báo bão số 9"),
        "not yet"
    );
    t.clock.advance(Duration::hours(3));
    let head = t.user("truongban");
    let home = app.get("localhost", "/").await;
    assert!(home.body.contains("Cảnh báo bão số 9"));
    assert!(home.body.contains("role=\"alert\""));
    assert!(
        app.get("localhost", "/en/")
            .await
            .body
            .contains("Cảnh báo bão số 9"),
        "no English title: the Vietnamese one"
    );
    assert!(!app
        .get("skhcn.localhost", "/")
        .await
        .body
        .contains("Cảnh báo bão số 9"));

    // Every site, or another board's site, is not theirs; nor is an empty title.
    let everywhere = [
        ("kind", "alert"),
        ("site", ""),
        ("title_vi", "X"),
        ("ends_at", end.as_str()),
    ];
    assert_eq!(
        head.post_form("/admin/banners", &everywhere).await.status,
        403
    );
    let other = [
        ("kind", "alert"),
        ("site", "sxd"),
        ("title_vi", "X"),
        ("ends_at", end.as_str()),
    ];
    assert_eq!(head.post_form("/admin/banners", &other).await.status, 403);
    let untitled = [
        ("kind", "alert"),
        ("site", "sonha"),
        ("title_vi", " "),
        ("ends_at", end.as_str()),
    ];
    let refused = head.post_form("/admin/banners", &untitled).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Xin nhập tiêu đề tiếng Việt"));

    // Taken down at once; contributors have no banners page.
    let list = head.get("/admin/banners").await;
    let id = list
        .body
        .split("id=\"banner-row-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let ended = head
        .post_form(&format!("/admin/banners/{id}/end"), &[])
        .await;
    assert_eq!(ended.status, 303);
    assert!(!app
        .get("localhost", "/")
        .await
        .body
        .contains("Cảnh báo bão số 9"));
    let audit = t.user("quantri").get("/admin/audit?action=banner").await;
    assert!(audit.body.contains("banner.create") || audit.body.contains("banner"));
    let writer = t.user("soantin");
    assert!(!writer.get("/admin").await.body.contains("/admin/banners"));
    assert_eq!(writer.get("/admin/banners").await.status, 403);
}
