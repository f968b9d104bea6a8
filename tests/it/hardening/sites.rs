//! Items 3 and 5 of the review: a site's addresses, and what an id may reveal.

use cong::clock::Clock;

use crate::common::{site_id, TestApp};

fn settings_with_aliases(t: &TestApp, slug: &str, aliases: &str) -> Vec<(String, String)> {
    let directory = cong::site::store::load_directory(&mut t.conn()).unwrap();
    let site = directory.by_slug(slug).unwrap();
    let current = cong::site::store::aliases_of(&mut t.conn(), site.id).unwrap();
    let settings = cong::site::store::SiteSettings::of(
        site,
        &current,
        directory.menu(site.id, cong::lang::Lang::Vi),
        directory.menu(site.id, cong::lang::Lang::En),
    );
    let serde_json::Value::Object(fields) = serde_json::to_value(settings).unwrap() else {
        unreachable!("settings are a struct")
    };
    let mut form: Vec<(String, String)> = fields
        .into_iter()
        .filter(|(k, _)| k != "aliases")
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
        .collect();
    form.push(("aliases".into(), aliases.into()));
    form
}

#[actix_web::test]
async fn a_site_administrator_cannot_take_another_site_s_aliases() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let app = t.anon();
    let form = settings_with_aliases(&t, "sonha", "www\nstttt\nwww.skhcn");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let site_admin = t.user("quantritrang");
    let refused = site_admin
        .post_form("/admin/sites/sonha/settings", &fields)
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("stttt (Sở Khoa học và Công nghệ"),
        "{}",
        refused.body
    );
    let skhcn = cong::site::store::aliases_of(&mut t.conn(), site_id(&t, "skhcn")).unwrap();
    assert!(skhcn.contains(&"stttt".to_string()), "{skhcn:?}");
    let alias = app.get("stttt.localhost", "/").await;
    assert_eq!(alias.header("location"), "http://skhcn.localhost/");
    // A system administrator moves an alias on purpose.
    let admin = t.user("quantri");
    let moved = admin
        .post_form("/admin/sites/sonha/settings", &fields)
        .await;
    assert_eq!(moved.status, 303, "{}", moved.body);
    assert_eq!(
        app.get("stttt.localhost", "/").await.header("location"),
        "http://localhost/"
    );
}

#[actix_web::test]
async fn an_answer_s_title_never_leaks_through_the_news_and_page_routes() {
    let t = TestApp::new();
    let site = site_id(&t, "skhcn");
    let mut answer = crate::common::news(
        site,
        "tra-loi-rieng",
        "Tranh chấp đất đai với hàng xóm Nguyễn Văn B",
        "Câu trả lời gửi riêng cho công dân.",
    );
    answer.kind = cong::content::ContentKind::Answer;
    let now = t.clock.now().naive_utc();
    let id = cong::content::store::save(&mut t.conn(), &answer, now)
        .unwrap()
        .id();
    let app = t.anon();
    for path in [
        format!("/tin-tuc/{}", id.0),
        format!("/trang/{}", id.0),
        format!("/en/news/{}", id.0),
        format!("/hoi-dap/{}", id.0),
    ] {
        let r = app.get("skhcn.localhost", &path).await;
        assert_eq!(r.status, 404, "{path}: {}", r.header("location"));
        assert!(!r.header("location").contains("tranh-chap"));
    }
}
