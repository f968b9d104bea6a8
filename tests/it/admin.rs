//! The admin interface: signing in, the editorial workflow over HTTP, scheduled
//! publishing, and the permission matrix of every admin route.

use actix_web::test;
use cong::account::audit::{Entry, Via};
use cong::account::{sessions, store as accounts, Role};
use cong::clock::{Clock, SharedClock};
use cong::content::store as content_store;
use cong::jobs;
use diesel::connection::SimpleConnection;

use crate::common::{account, last_id, location, site_id, through_review, TestApp, PASSWORD};

pub fn board(t: &TestApp) {
    account(t, "soantin", false, &[("sonha", Role::Contributor)]);
    account(t, "bientap", false, &[("sonha", Role::Editor)]);
    account(t, "truongban", false, &[("sonha", Role::BoardHead)]);
    account(t, "quantritrang", false, &[("sonha", Role::SiteAdmin)]);
    account(t, "quantri", true, &[]);
    account(t, "khac", false, &[("skhcn", Role::BoardHead)]);
}

#[actix_web::test]
async fn signing_in_and_out_with_a_password() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let anon = app.get("localhost", "/admin").await;
    assert_eq!(anon.status, 303);
    assert_eq!(location(&anon), "/admin/login?next=%2Fadmin");
    let form = app.get("localhost", "/admin/login").await;
    assert_eq!(form.status, 200);
    let login_cookie = form
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = login_cookie.split('=').nth(1).unwrap().to_string();
    let post = |password: &'static str| {
        test::TestRequest::post()
            .uri("/admin/login")
            .insert_header(("host", "localhost"))
            .insert_header(("cookie", login_cookie.as_str()))
            .set_form([
                ("username", "bientap"),
                ("password", password),
                ("csrf", csrf.as_str()),
                ("next", "/admin"),
            ])
    };
    let wrong = app.send(post("sai mật khẩu rồi")).await;
    assert_eq!(wrong.status, 401);
    assert!(wrong
        .body
        .contains("Tên đăng nhập hoặc mật khẩu không đúng"));
    let ok = app.send(post(PASSWORD)).await;
    assert_eq!((ok.status, location(&ok).as_str()), (303, "/admin"));
    let session_cookie = ok
        .headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("cong_session="))
        .unwrap()
        .to_string();
    assert!(
        session_cookie.contains("HttpOnly") && session_cookie.contains("SameSite=Lax"),
        "{session_cookie}"
    );
    assert!(!session_cookie.contains("Domain"), "host-only cookie");
    let cookie = session_cookie.split(';').next().unwrap().to_string();
    let dash = app
        .send(
            test::TestRequest::get()
                .uri("/admin")
                .insert_header(("host", "localhost"))
                .insert_header(("cookie", cookie.as_str())),
        )
        .await;
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("Chờ tôi duyệt"));
    assert_eq!(dash.header("cache-control"), "no-store");
}

#[actix_web::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let t = TestApp::new();
    board(&t);
    let now = t.clock.now().naive_utc();
    let check = |name: &str, password: &str, at| {
        sessions::check_password(&mut t.conn(), name, password, "198.51.100.1", at)
            .unwrap()
            .err()
    };
    for _ in 0..sessions::MAX_PER_ACCOUNT {
        let wrong = sessions::check_password(&mut t.conn(), "bientap", "sai", "203.0.113.5", now);
        assert_eq!(wrong.unwrap().err(), Some(sessions::Refusal::WrongPassword));
    }
    assert_eq!(
        check("BienTap", PASSWORD, now),
        Some(sessions::Refusal::AccountLocked)
    );
    assert_eq!(check("soantin", PASSWORD, now), None);
    t.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(check("bientap", PASSWORD, t.clock.now().naive_utc()), None);
}

#[actix_web::test]
async fn forms_without_the_session_token_are_refused() {
    let t = TestApp::new();
    board(&t);
    let who = t.user("soantin");
    let r = who
        .post_form(
            "/admin/sites/sonha/content/new",
            &[("csrf", "forged"), ("title", "X")],
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Biểu mẫu đã hết hạn"));
}

#[actix_web::test]
async fn the_admin_lives_only_on_the_province_host() {
    let t = TestApp::new();
    let app = t.anon();
    assert_eq!(app.get("skhcn.localhost", "/admin").await.status, 404);
    assert_eq!(app.get("skhcn.localhost", "/admin/login").await.status, 404);
}

#[actix_web::test]
async fn a_news_item_goes_from_draft_to_public_through_two_people() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let (author, editor, head) = (t.user("soantin"), t.user("bientap"), t.user("truongban"));
    let body = "Ngày 21/11/2026, tỉnh Sơn Hà khai trương hệ thống một cửa điện tử.";
    let fields = [
        ("kind", "news"),
        ("lang", "vi"),
        ("title", "Khai trương một cửa điện tử"),
        ("body_markdown", body),
        ("author", "Nguyễn Thị Soạn"),
        ("source", "Văn phòng UBND tỉnh"),
        ("action", "save"),
    ];
    let missing = author
        .post_form(
            "/admin/sites/sonha/content/new",
            &[("kind", "news"), ("lang", "vi"), ("title", "")],
        )
        .await;
    assert_eq!(missing.status, 422);
    assert!(
        missing.body.contains("Mục này là bắt buộc")
            && missing.body.contains("aria-invalid=\"true\"")
    );
    let created = author
        .post_form("/admin/sites/sonha/content/new", &fields)
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let content = last_id(&created);
    let revision = cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content))
        .unwrap()[0]
        .id;
    let rev = |action: &str| format!("/admin/revisions/{revision}/{action}");
    // Not public while a draft.
    assert_eq!(
        app.get(
            "localhost",
            &format!("/tin-tuc/{content}-khai-truong-mot-cua-dien-tu")
        )
        .await
        .status,
        404
    );
    assert_eq!(author.post_form(&rev("submit"), &[]).await.status, 303);
    let self_review = author.post_form(&rev("approve"), &[]).await;
    assert_eq!(self_review.status, 403);
    assert_eq!(
        editor.post_form(&rev("publish"), &[]).await.status,
        409,
        "not yet approved"
    );
    assert_eq!(
        editor
            .post_form(&rev("approve"), &[("comment", "Đạt")])
            .await
            .status,
        303
    );
    let editor_publishes = editor.post_form(&rev("publish"), &[]).await;
    assert_eq!(editor_publishes.status, 403);
    assert!(editor_publishes
        .body
        .contains("Vai trò của bạn trên trang này không cho phép"));
    assert_eq!(head.post_form(&rev("publish"), &[]).await.status, 303);
    let public = app
        .get(
            "localhost",
            &format!("/tin-tuc/{content}-khai-truong-mot-cua-dien-tu"),
        )
        .await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("khai trương hệ thống một cửa điện tử"));

    // An edit after publication is a new revision; readers keep the approved text.
    let edit = [
        ("kind", "news"),
        ("lang", "vi"),
        ("title", "Khai trương một cửa điện tử"),
        ("body_markdown", "Bản sửa chưa duyệt."),
        ("author", "Nguyễn Thị Soạn"),
        ("source", "Văn phòng UBND tỉnh"),
        ("action", "save"),
    ];
    let saved = author
        .post_form(&format!("/admin/content/{content}/edit"), &edit)
        .await;
    assert_eq!(saved.status, 303);
    assert_ne!(last_id(&saved), revision);
    let still = app
        .get(
            "localhost",
            &format!("/tin-tuc/{content}-khai-truong-mot-cua-dien-tu"),
        )
        .await;
    assert!(
        still.body.contains("khai trương hệ thống") && !still.body.contains("Bản sửa chưa duyệt")
    );
    let diff = editor.get(&location(&saved)).await;
    assert!(diff.body.contains("diff-added") && diff.body.contains("Bản sửa chưa duyệt"));

    let log = cong::account::audit::list(
        &mut t.conn(),
        &cong::account::audit::AuditQuery {
            page: 1,
            per_page: 50,
            ..Default::default()
        },
    )
    .unwrap()
    .0;
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.actor_name.as_str(), e.action.as_str()))
        .collect();
    for expected in [
        ("soantin", "content.create"),
        ("soantin", "revision.submit"),
        ("bientap", "revision.approve"),
        ("truongban", "revision.publish"),
    ] {
        assert!(
            actions.contains(&expected),
            "{expected:?} not in {actions:?}"
        );
    }
}

#[actix_web::test]
async fn a_returned_revision_cannot_be_published_until_resubmitted_and_approved() {
    let t = TestApp::new();
    board(&t);
    let (author, head) = (t.user("soantin"), t.user("truongban"));
    let fields = [
        ("kind", "page"),
        ("lang", "vi"),
        ("title", "Trang thử"),
        ("body_markdown", "Nội dung"),
        ("author", "A"),
        ("source", "B"),
    ];
    let created = author
        .post_form("/admin/sites/sonha/content/new", &fields)
        .await;
    let content = cong::content::ContentId(last_id(&created));
    let revision = cong::review::store::revisions(&mut t.conn(), content).unwrap()[0].id;
    author
        .post_form(&format!("/admin/revisions/{revision}/submit"), &[])
        .await;
    let no_comment = head
        .post_form(&format!("/admin/revisions/{revision}/return"), &[])
        .await;
    assert_eq!(no_comment.status, 422);
    let returned = head
        .post_form(
            &format!("/admin/revisions/{revision}/return"),
            &[("comment", "Bổ sung nguồn")],
        )
        .await;
    assert_eq!(returned.status, 303);
    let publish = head
        .post_form(&format!("/admin/revisions/{revision}/publish"), &[])
        .await;
    assert_eq!(publish.status, 409);
    assert!(publish.body.contains("trạng thái hiện tại"));
    let item = content_store::find(&mut t.conn(), content)
        .unwrap()
        .unwrap();
    assert_eq!(item.state, cong::content::ContentState::Draft);
}

/// How many revisions a `publish-scheduled` run reports it published.
fn published(detail: &str) -> i64 {
    cong::render::note::Note::decode(detail)
        .and_then(|n| n.args.get("count").and_then(serde_json::Value::as_i64))
        .unwrap_or(-1)
}

#[actix_web::test]
async fn a_scheduled_revision_is_published_by_the_server_on_time() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let (author, editor, head) = (t.user("soantin"), t.user("bientap"), t.user("truongban"));
    let fields = [
        ("kind", "news"),
        ("lang", "vi"),
        ("title", "Tin hẹn giờ"),
        ("body_markdown", "Đúng giờ."),
        ("author", "A"),
        ("source", "B"),
    ];
    let content = last_id(
        &author
            .post_form("/admin/sites/sonha/content/new", &fields)
            .await,
    );
    let revision = cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content))
        .unwrap()[0]
        .id;
    author
        .post_form(&format!("/admin/revisions/{revision}/submit"), &[])
        .await;
    editor
        .post_form(&format!("/admin/revisions/{revision}/approve"), &[])
        .await;
    // 2026-11-20 09:00 + 2 h, Vietnam time.
    let past = head
        .post_form(
            &format!("/admin/revisions/{revision}/schedule"),
            &[("publish_at", "2026-11-19T08:00")],
        )
        .await;
    assert_eq!(past.status, 422);
    let r = head
        .post_form(
            &format!("/admin/revisions/{revision}/schedule"),
            &[("publish_at", "2026-11-20T11:00")],
        )
        .await;
    assert_eq!(r.status, 303);
    let clock: SharedClock = t.clock.clone();
    let runs = jobs::run_due(
        &mut t.conn(),
        &jobs::standard_schedule(t.state.files.clone(), 30, t.state.config.temp_dir()),
        "test",
        &clock,
    )
    .unwrap();
    assert!(runs
        .iter()
        .any(|r| r.job == "publish-scheduled" && published(&r.detail) == 0));
    let path = format!("/tin-tuc/{content}-tin-hen-gio");
    assert_eq!(app.get("localhost", &path).await.status, 404);
    t.clock
        .advance(chrono::Duration::hours(2) + chrono::Duration::minutes(1));
    let runs = jobs::run_due(
        &mut t.conn(),
        &jobs::standard_schedule(t.state.files.clone(), 30, t.state.config.temp_dir()),
        "test",
        &clock,
    )
    .unwrap();
    assert!(
        runs.iter()
            .any(|r| r.job == "publish-scheduled" && published(&r.detail) == 1),
        "{runs:?}"
    );
    assert_eq!(app.get("localhost", &path).await.status, 200);
}

#[actix_web::test]
async fn disabling_an_account_or_revoking_a_role_takes_effect_at_once() {
    let t = TestApp::new();
    board(&t);
    let editor = t.user("bientap");
    assert_eq!(editor.get("/admin/sites/sonha/content").await.status, 200);
    let by = Entry::named(None, "test", Via::Cli);
    let now = t.clock.now().naive_utc();
    accounts::revoke(&mut t.conn(), "bientap", site_id(&t, "sonha"), &by, now).unwrap();
    assert_eq!(editor.get("/admin/sites/sonha/content").await.status, 403);
    accounts::disable(&mut t.conn(), "bientap", &by, now).unwrap();
    assert_eq!(editor.get("/admin").await.status, 303);
}

/// What a route needs.
#[derive(Clone, Copy, Debug)]
enum Needs {
    SignedIn,
    View,
    Write,
    /// Reviewing others' work (editors and board heads): moderation.
    Review,
    Publish,
    Manage,
    SystemAdmin,
    /// Publishing on the province portal, whichever site the item is on.
    PortalBoard,
    /// Banners: board heads and site administrators (of the site the form names).
    Banners,
    /// The timeliness oversight: the province's board (its editors, board heads and site
    /// administrators) and department boards' heads and administrators for their own site.
    Oversight,
}

/// How a route of the matrix is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
}

/// Every admin route: method, path (placeholders {site}, {content}, {revision}), form, need.
/// Method, path, form fields, and what the route needs.
type Case = (
    Method,
    &'static str,
    &'static [(&'static str, &'static str)],
    Needs,
);

const MATRIX: &[Case] = &[
    (Method::Get, "/admin", &[], Needs::SignedIn),
    (Method::Get, "/admin/sites/{site}/content", &[], Needs::View),
    (
        Method::Get,
        "/admin/sites/{site}/content/new",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/content/new",
        &[("kind", "news"), ("lang", "vi")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/translations",
        &[],
        Needs::View,
    ),
    (Method::Get, "/admin/content/{content}", &[], Needs::View),
    (
        Method::Get,
        "/admin/content/{content}/edit",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/content/{content}/edit",
        &[("kind", "news"), ("lang", "vi")],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/content/{content}/take-down",
        &[("state", "withdrawn")],
        Needs::Publish,
    ),
    (
        Method::Post,
        "/admin/content/{content}/portal",
        &[("visible", "1")],
        Needs::PortalBoard,
    ),
    (Method::Get, "/admin/revisions/{revision}", &[], Needs::View),
    (
        Method::Post,
        "/admin/revisions/{revision}/{transition}",
        &[],
        Needs::View,
    ),
    (
        Method::Post,
        "/admin/revisions/{revision}/restore",
        &[],
        Needs::Write,
    ),
    (Method::Get, "/admin/password", &[], Needs::SignedIn),
    (Method::Post, "/admin/password", &[], Needs::SignedIn),
    (Method::Get, "/admin/preview/{token}", &[], Needs::SignedIn),
    (Method::Get, "/admin/sites", &[], Needs::SignedIn),
    (
        Method::Post,
        "/admin/sites",
        &[("kind", "department")],
        Needs::SystemAdmin,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/settings",
        &[],
        Needs::Manage,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/settings",
        &[],
        Needs::Manage,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/members",
        &[("role", "editor")],
        Needs::Manage,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/members/{username}/revoke",
        &[],
        Needs::Manage,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/retire",
        &[("into", "khong-co")],
        Needs::SystemAdmin,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/rename",
        &[("slug", "Không hợp lệ")],
        Needs::SystemAdmin,
    ),
    (Method::Get, "/admin/users", &[], Needs::SystemAdmin),
    (Method::Post, "/admin/users", &[], Needs::SystemAdmin),
    (
        Method::Post,
        "/admin/users/{username}/disable",
        &[],
        Needs::SystemAdmin,
    ),
    (
        Method::Post,
        "/admin/users/{username}/password",
        &[("password", "ngắn")],
        Needs::SystemAdmin,
    ),
    (Method::Get, "/admin/sites/{site}/media", &[], Needs::View),
    (Method::Post, "/admin/sites/{site}/media", &[], Needs::Write),
    (Method::Get, "/admin/media/{media}", &[], Needs::View),
    (Method::Post, "/admin/media/{media}", &[], Needs::Write),
    (
        Method::Post,
        "/admin/media/{media}/replace",
        &[],
        Needs::Write,
    ),
    (Method::Get, "/admin/sites/{site}/legal", &[], Needs::View),
    (
        Method::Get,
        "/admin/sites/{site}/legal/new",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/legal/new",
        &[("doc_type", "Quyết định")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/legal/{content}/edit",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/legal/{content}/edit",
        &[("doc_type", "Quyết định")],
        Needs::Write,
    ),
    (Method::Get, "/admin/sites/{site}/gazette", &[], Needs::View),
    (
        Method::Post,
        "/admin/sites/{site}/gazette",
        &[("number", "01")],
        Needs::Publish,
    ),
    (Method::Get, "/admin/sites/{site}/inbox", &[], Needs::Write),
    (
        Method::Get,
        "/admin/sites/{site}/inbox/report",
        &[],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/inbox/report.csv",
        &[],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/inbox/answer/{content}",
        &[],
        Needs::Write,
    ),
    // A question's permissions follow the question (its queue and the board it was asked
    // of), tested in the inbox's own tests; here no question has the number.
    (Method::Get, "/admin/inbox/{content}", &[], Needs::SignedIn),
    (
        Method::Get,
        "/admin/inbox/{content}/attachment",
        &[],
        Needs::SignedIn,
    ),
    (
        Method::Post,
        "/admin/inbox/{content}/{action}",
        &[],
        Needs::SignedIn,
    ),
    (Method::Get, "/admin/calendar", &[], Needs::SystemAdmin),
    (Method::Post, "/admin/calendar", &[], Needs::SystemAdmin),
    (
        Method::Post,
        "/admin/calendar/{day}/remove",
        &[],
        Needs::SystemAdmin,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/services",
        &[],
        Needs::View,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/schedule",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/schedule",
        &[("week", "2026-W50")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/schedule/{content}/edit",
        &[],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/services/new",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/services/new",
        &[("name", "Thủ tục")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/services/{content}/edit",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/services/{content}/edit",
        &[("name", "Thủ tục")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/units/new",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/units/new",
        &[("name", "Tên")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/units/{content}/edit",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/units/{content}/edit",
        &[("name", "Tên")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/officials/new",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/officials/new",
        &[("name", "Tên")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/officials/{content}/edit",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/officials/{content}/edit",
        &[("name", "Tên")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/services/usage",
        &[],
        Needs::Publish,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/services/usage",
        &[("csv", "code")],
        Needs::Publish,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/consultations",
        &[],
        Needs::View,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/consultations/new",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/consultations/new",
        &[("title", "Dự thảo")],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/consultations/comments/{content}",
        &[("decision", "approve")],
        Needs::Review,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/consultations/{content}/edit",
        &[],
        Needs::Write,
    ),
    (
        Method::Post,
        "/admin/sites/{site}/consultations/{content}/edit",
        &[("title", "Dự thảo")],
        Needs::Write,
    ),
    (
        Method::Get,
        "/admin/sites/{site}/consultations/{content}/comments.csv",
        &[],
        Needs::View,
    ),
    (Method::Get, "/admin/audit", &[], Needs::Manage),
    (Method::Get, "/admin/audit.csv", &[], Needs::Manage),
    (Method::Get, "/admin/jobs", &[], Needs::SystemAdmin),
    (Method::Get, "/admin/outbox", &[], Needs::SystemAdmin),
    (Method::Post, "/admin/outbox/retry", &[], Needs::SystemAdmin),
    (Method::Get, "/admin/banners", &[], Needs::Banners),
    (
        Method::Post,
        "/admin/banners",
        &[("kind", "alert"), ("site", "sonha")],
        Needs::Banners,
    ),
    (
        Method::Post,
        "/admin/banners/{content}/end",
        &[],
        Needs::Banners,
    ),
    (Method::Get, "/admin/timeliness", &[], Needs::Oversight),
    (Method::Get, "/admin/timeliness.csv", &[], Needs::Oversight),
    (
        Method::Get,
        "/admin/timeliness/items",
        &[],
        Needs::Oversight,
    ),
    (
        Method::Get,
        "/admin/timeliness/report",
        &[],
        Needs::Oversight,
    ),
    (
        Method::Get,
        "/admin/timeliness/rules",
        &[],
        Needs::Oversight,
    ),
    (
        Method::Post,
        "/admin/timeliness/rules",
        &[
            ("category", "news_freshness"),
            ("days", "12"),
            ("enabled", "on"),
        ],
        Needs::SystemAdmin,
    ),
    (Method::Get, "/admin/api-tokens", &[], Needs::SystemAdmin),
    (
        Method::Post,
        "/admin/api-tokens",
        &[("name", "matrix")],
        Needs::SystemAdmin,
    ),
    (
        Method::Post,
        "/admin/api-tokens/{content}/revoke",
        &[],
        Needs::SystemAdmin,
    ),
    (Method::Get, "/admin/login", &[], Needs::SignedIn),
    (Method::Post, "/admin/login", &[], Needs::SignedIn),
    (Method::Post, "/admin/logout", &[], Needs::SignedIn),
    (
        Method::Post,
        "/admin/logout-everywhere",
        &[],
        Needs::SignedIn,
    ),
];

#[core::prelude::v1::test]
fn the_matrix_covers_every_admin_route() {
    let source = include_str!("../../src/web/admin/mod.rs");
    // Each `.route(` call up to the next one: its path literal and its method.
    let registered: Vec<(Method, String)> = source
        .split(".route(")
        .skip(1)
        .filter_map(|call| {
            let path = call.split('"').nth(1)?;
            let method = if call.contains("web::post()") {
                Method::Post
            } else {
                Method::Get
            };
            let id = if path.starts_with("/revisions") {
                "{revision}"
            } else if path.starts_with("/media") {
                "{media}"
            } else {
                "{content}"
            };
            let path = path.replace("{slug}", "{site}").replace("{id}", id);
            Some((method, format!("/admin{path}")))
        })
        .collect();
    assert!(registered.len() >= 15, "{registered:?}");
    for (method, path) in &registered {
        assert!(
            MATRIX.iter().any(|(m, p, _, _)| m == method && p == path),
            "admin route {method:?} {path} is missing from the permission matrix"
        );
    }
}

/// The ids each site's routes are asked about: an item, its submitted revision, a file.
type Targets = std::collections::HashMap<&'static str, (i32, i32, i32)>;

/// An item and a submitted revision on each site, written by someone outside the matrix.
fn matrix_targets(t: &TestApp) -> Targets {
    account(
        t,
        "tacgia",
        false,
        &[("sonha", Role::Contributor), ("skhcn", Role::Contributor)],
    );
    let writer = accounts::actor(
        &mut t.conn(),
        accounts::find_id(&mut t.conn(), "tacgia").unwrap().unwrap(),
    )
    .unwrap()
    .unwrap();
    let mut targets = Targets::new();
    for slug in ["sonha", "skhcn"] {
        let form = cong::review::store::RevisionForm {
            title: format!("Bài {slug}"),
            body_markdown: "x".into(),
            author: "A".into(),
            source: "B".into(),
            ..Default::default()
        };
        let new = cong::review::store::NewItem {
            site: site_id(t, slug),
            kind: cong::content::ContentKind::News,
            lang: cong::lang::Lang::Vi,
            translation_key: "",
        };
        let (content, revision) = cong::review::store::create_item(
            &mut t.conn(),
            new,
            &form,
            &writer,
            t.clock.now().naive_utc(),
        )
        .unwrap();
        let temp = t.dir.path().join(format!("{slug}.pdf"));
        std::fs::write(&temp, b"%PDF-1.4 matrix").unwrap();
        let upload = cong::media::library::Upload {
            temp: &temp,
            sha256: format!("{:064x}", content.0),
            size: 15,
            original_name: "matrix.pdf".into(),
            site: site_id(t, slug),
            alt_text: String::new(),
        };
        let by = Entry::named(None, "test", Via::Cli);
        let media = cong::media::library::ingest(
            &mut t.conn(),
            t.state.files.as_ref(),
            upload,
            &by,
            &cong::media::Limits::default(),
            t.clock.now().naive_utc(),
        )
        .unwrap();
        targets.insert(slug, (content.0, revision.0, media.id));
    }
    targets
}

/// Asks every route of `cases` as every role on both sites; returns how many answers were
/// checked and what went wrong (a wrong answer, or any 5xx).
async fn matrix_failures(t: &TestApp, targets: &Targets, cases: &[Case]) -> (usize, Vec<String>) {
    let roles: [(&str, Option<Role>, bool); 6] = [
        ("soantin", Some(Role::Contributor), false),
        ("bientap", Some(Role::Editor), false),
        ("truongban", Some(Role::BoardHead), false),
        ("quantritrang", Some(Role::SiteAdmin), false),
        ("quantri", None, true),
        ("anonymous", None, false),
    ];
    let anon = t.anon();
    let (mut checked, mut failures) = (0, Vec::new());
    for (username, role, system_admin) in roles {
        for site in ["sonha", "skhcn"] {
            let own = site == "sonha";
            for (method, template, form, needs) in cases {
                if template.contains("login")
                    || template.contains("logout")
                    || template.contains("preview")
                {
                    continue; // sign-in and token links are tested on their own
                }
                let (content, revision, media) = targets[site];
                let path = template
                    .replace("{site}", site)
                    .replace("{content}", &content.to_string())
                    .replace("{revision}", &revision.to_string())
                    .replace("{media}", &media.to_string())
                    .replace("{transition}", "submit")
                    .replace("{username}", "khongco");
                let path = if path.starts_with("/admin/audit") {
                    format!("{path}?site={site}")
                } else {
                    path
                };
                let who = (username != "anonymous").then(|| t.user(username));
                let r = match (&who, method) {
                    (Some(w), Method::Get) => w.get(&path).await,
                    (Some(w), Method::Post) => w.post_form(&path, form).await,
                    (None, Method::Get) => anon.get("localhost", &path).await,
                    (None, Method::Post) => anon.post_form("localhost", &path, form).await,
                };
                checked += 1;
                let asked = format!("{username} {method:?} {path}");
                if r.status >= 500 {
                    failures.push(format!("{asked}: {} (a server fault)", r.status));
                    continue;
                }
                let allowed = match (needs, role) {
                    _ if system_admin => true,
                    (Needs::SignedIn, _) => who.is_some(),
                    (Needs::SystemAdmin, _) => false,
                    (Needs::PortalBoard, r) => r == Some(Role::BoardHead),
                    (Needs::Banners, r) => matches!(r, Some(Role::BoardHead | Role::SiteAdmin)),
                    // Every role of the matrix is on the province portal.
                    (Needs::Oversight, r) => {
                        matches!(r, Some(Role::Editor | Role::BoardHead | Role::SiteAdmin))
                    }
                    (_, None) => false,
                    (Needs::View, Some(_)) => own,
                    (Needs::Write, Some(r)) => own && r != Role::SiteAdmin,
                    (Needs::Review, Some(r)) => own && matches!(r, Role::Editor | Role::BoardHead),
                    (Needs::Publish, Some(r)) => own && r == Role::BoardHead,
                    (Needs::Manage, Some(r)) => own && r == Role::SiteAdmin,
                };
                let to_login = r.status == 303 && location(&r).starts_with("/admin/login?next=");
                let wrong = if who.is_none() {
                    (!to_login).then_some("expected a redirect to sign in")
                } else if allowed {
                    (r.status == 403 || (r.status == 303 && location(&r).contains("/login")))
                        .then_some("expected allowed")
                } else {
                    // A transition refused by role answers 403 like any forbidden route.
                    (r.status != 403).then_some("expected forbidden")
                };
                if let Some(why) = wrong {
                    failures.push(format!("{asked}: {} ({why})", r.status));
                }
            }
        }
    }
    (checked, failures)
}

#[actix_web::test]
async fn permission_matrix_of_routes_roles_and_sites() {
    let t = TestApp::new();
    board(&t);
    let targets = matrix_targets(&t);
    let (checked, failures) = matrix_failures(&t, &targets, MATRIX).await;
    eprintln!("permission matrix: {checked} checks");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 150);
}

#[actix_web::test]
async fn a_route_answering_500_fails_the_permission_matrix() {
    let t = TestApp::new();
    board(&t);
    let targets = matrix_targets(&t);
    t.conn()
        .batch_execute("ALTER TABLE content_items RENAME TO content_items_gone;")
        .unwrap();
    let list: &[Case] = &[(Method::Get, "/admin/sites/{site}/content", &[], Needs::View)];
    let (checked, failures) = matrix_failures(&t, &targets, list).await;
    assert_eq!(checked, 12);
    // Everyone signed in reaches the handler, which fails: 5 roles on 2 sites, less the
    // 4 refused before the handler runs (editors and others on the other site are refused
    // by role, which needs no content table).
    assert!(!failures.is_empty());
    assert!(
        failures.iter().all(|f| f.contains("500 (a server fault)")),
        "{failures:#?}"
    );
    assert!(
        failures
            .iter()
            .any(|f| f.starts_with("quantri Get /admin/sites/sonha/content")),
        "{failures:#?}"
    );
}

#[actix_web::test]
async fn a_preview_link_works_without_an_account_until_it_expires() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let author = t.user("soantin");
    let fields = [
        ("kind", "news"),
        ("lang", "vi"),
        ("title", "Bản nháp chia sẻ"),
        ("body_markdown", "Nội dung chưa công khai."),
        ("author", "A"),
        ("source", "B"),
    ];
    let content = last_id(
        &author
            .post_form("/admin/sites/sonha/content/new", &fields)
            .await,
    );
    let revision = cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content))
        .unwrap()[0]
        .id;
    let page = author.get(&format!("/admin/revisions/{revision}")).await;
    let link = page
        .body
        .split("href=\"/admin/preview/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let shared = app
        .get("localhost", &format!("/admin/preview/{link}"))
        .await;
    assert_eq!(shared.status, 200);
    assert!(shared.body.contains("Nội dung chưa công khai"));
    assert_eq!(shared.header("x-robots-tag"), "noindex, nofollow");
    assert_eq!(
        app.get("localhost", &format!("/admin/preview/{link}x"))
            .await
            .status,
        410
    );
    t.clock
        .advance(cong::review::preview::LIFETIME + chrono::Duration::seconds(1));
    assert_eq!(
        app.get("localhost", &format!("/admin/preview/{link}"))
            .await
            .status,
        410
    );
}

#[actix_web::test]
async fn an_earlier_revision_can_be_restored_as_a_new_draft_and_change_notes_are_public() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let (author, editor, head) = (t.user("soantin"), t.user("bientap"), t.user("truongban"));
    let publish = |text: &'static str, note: &'static str| {
        [
            ("kind", "news"),
            ("lang", "vi"),
            ("title", "Thông báo lịch tiếp dân"),
            ("body_markdown", text),
            ("author", "A"),
            ("source", "B"),
            ("change_note", note),
        ]
    };
    let content = last_id(
        &author
            .post_form("/admin/sites/sonha/content/new", &publish("Lịch cũ.", ""))
            .await,
    );

    let first = cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content))
        .unwrap()[0]
        .id;
    assert_eq!(
        through_review([&author, &editor, &head], first)
            .await
            .status,
        303
    );
    let second = last_id(
        &author
            .post_form(
                &format!("/admin/content/{content}/edit"),
                &publish("Lịch mới.", "Đổi lịch tiếp dân sang thứ Năm."),
            )
            .await,
    );
    assert_eq!(
        through_review([&author, &editor, &head], second)
            .await
            .status,
        303
    );
    let public = app
        .get(
            "localhost",
            &format!("/tin-tuc/{content}-thong-bao-lich-tiep-dan"),
        )
        .await;
    assert!(
        public.body.contains("Lịch mới.")
            && public.body.contains("Đổi lịch tiếp dân sang thứ Năm.")
    );
    // Restoring revision 1 makes a third revision, a draft with the old text.
    let restored = author
        .post_form(&format!("/admin/revisions/{first}/restore"), &[])
        .await;
    assert_eq!(restored.status, 303);
    let all =
        cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content)).unwrap();
    assert_eq!(
        (
            all.len(),
            all[0].state.as_str(),
            all[0].text.body_markdown.as_str()
        ),
        (3, "draft", "Lịch cũ.")
    );
    assert!(app
        .get(
            "localhost",
            &format!("/tin-tuc/{content}-thong-bao-lich-tiep-dan")
        )
        .await
        .body
        .contains("Lịch mới."));
}

#[actix_web::test]
async fn changing_ones_password_needs_the_current_one_and_ends_sessions() {
    let t = TestApp::new();
    board(&t);
    let me = t.user("bientap");
    let wrong = me
        .post_form(
            "/admin/password",
            &[
                ("current", "không đúng"),
                ("new", "mật khẩu mới đủ dài"),
                ("confirm", "mật khẩu mới đủ dài"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Mật khẩu hiện tại không đúng"));
    let ok = me
        .post_form(
            "/admin/password",
            &[
                ("current", PASSWORD),
                ("new", "mật khẩu mới đủ dài"),
                ("confirm", "mật khẩu mới đủ dài"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(me.get("/admin").await.status, 303, "old session ended");
    assert!(
        accounts::authenticate(&mut t.conn(), "bientap", "mật khẩu mới đủ dài")
            .unwrap()
            .is_some()
    );
}

#[actix_web::test]
async fn a_site_administrator_changes_names_aliases_menus_and_the_board() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let admin = t.user("quantritrang");
    let mut fields = vec![
        ("name_vi", "Cổng thông tin điện tử tỉnh Sơn Hà mới"),
        ("name_en", "Son Ha Province Portal"),
        ("aliases", "www\ncongcu"),
        (
            "menu_vi",
            "Trang chủ | /\nHỏi đáp | /hoi-dap\n- Câu hỏi thường gặp | /hoi-dap/thuong-gap",
        ),
        ("menu_en", "Home | /en/"),
    ];
    let bad = {
        let mut f = fields.clone();
        f[3] = ("menu_vi", "Trang chủ | /\nthiếu dấu gạch đứng");
        admin.post_form("/admin/sites/sonha/settings", &f).await
    };
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("dòng 2"), "the menu line is named");
    assert!(
        bad.body.contains("thiếu dấu gạch đứng"),
        "what was typed is kept"
    );
    fields.push(("email", "congttdt@sonha.gov.vn"));
    let ok = admin
        .post_form("/admin/sites/sonha/settings", &fields)
        .await;
    assert_eq!(ok.status, 303);
    let home = app.get("localhost", "/").await;
    assert!(home.body.contains("Cổng thông tin điện tử tỉnh Sơn Hà mới"));
    assert!(home.body.contains("Câu hỏi thường gặp"));
    let old = app.get("congcu.localhost", "/tin-tuc").await;
    assert_eq!(
        (old.status, location(&old).as_str()),
        (301, "http://localhost/tin-tuc")
    );
    // The board: a role given here takes effect at once.
    account(&t, "moi", false, &[]);
    let newcomer = t.user("moi");
    assert_eq!(newcomer.get("/admin/sites/sonha/content").await.status, 403);
    let g = admin
        .post_form(
            "/admin/sites/sonha/members",
            &[("username", "moi"), ("role", "editor")],
        )
        .await;
    assert_eq!(g.status, 303);
    assert_eq!(newcomer.get("/admin/sites/sonha/content").await.status, 200);
    let audit = admin.get("/admin/audit.csv?site=sonha").await;
    assert!(audit.header("content-type").starts_with("text/csv"));
    assert!(audit.body.contains("site.settings") && audit.body.contains("role.grant"));
}

#[actix_web::test]
async fn a_system_administrator_creates_a_site_and_merges_one_into_another() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let root = t.user("quantri");
    let created = root
        .post_form(
            "/admin/sites",
            &[
                ("slug", "tunghia"),
                ("kind", "commune"),
                ("name_vi", "UBND xã Tư Nghĩa"),
                ("name_en", "Tu Nghia Commune"),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    let home = app.get("tunghia.localhost", "/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("UBND xã Tư Nghĩa"));
    let again = root
        .post_form(
            "/admin/sites",
            &[
                ("slug", "tunghia"),
                ("kind", "commune"),
                ("name_vi", "x"),
                ("name_en", "y"),
            ],
        )
        .await;
    assert_eq!(again.status, 400);
    let merged = root
        .post_form("/admin/sites/tanphu/retire", &[("into", "tunghia")])
        .await;
    assert_eq!(merged.status, 303);
    let old = app.get("tanphu.localhost", "/lien-he").await;
    assert_eq!(
        (old.status, location(&old).as_str()),
        (301, "http://tunghia.localhost/lien-he")
    );
    let portal = root
        .post_form("/admin/sites/sonha/retire", &[("into", "")])
        .await;
    assert_eq!(portal.status, 400, "the portal cannot be retired");
}

#[actix_web::test]
async fn a_system_administrator_manages_accounts_and_renames_a_site() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let root = t.user("quantri");
    let short = root
        .post_form(
            "/admin/users",
            &[
                ("username", "lan.nguyen"),
                ("name", "Nguyễn Thị Lan"),
                ("password", "ngắn"),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    assert!(
        short.body.contains("ít nhất 10 ký tự") && short.body.contains("Nguyễn Thị Lan"),
        "message and input kept"
    );
    let created = root
        .post_form(
            "/admin/users",
            &[
                ("username", "lan.nguyen"),
                ("name", "Nguyễn Thị Lan"),
                ("password", "mật khẩu ban đầu"),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    let taken = root
        .post_form(
            "/admin/users",
            &[
                ("username", "lan.nguyen"),
                ("name", "X"),
                ("password", "mật khẩu ban đầu"),
            ],
        )
        .await;
    assert!(taken.body.contains("đã được dùng"));
    let lan = t.user("lan.nguyen");
    assert_eq!(lan.get("/admin").await.status, 200);
    assert_eq!(
        root.post_form("/admin/users/lan.nguyen/disable", &[])
            .await
            .status,
        303
    );
    assert_eq!(lan.get("/admin").await.status, 303, "signed out at once");
    assert_eq!(
        root.post_form("/admin/users/quantri/disable", &[])
            .await
            .status,
        400
    );

    let renamed = root
        .post_form("/admin/sites/tanphu/rename", &[("slug", "tanphu-moi")])
        .await;
    assert_eq!(
        (renamed.status, location(&renamed).as_str()),
        (303, "/admin/sites/tanphu-moi/settings")
    );
    assert_eq!(app.get("tanphu-moi.localhost", "/").await.status, 200);
    let old = app.get("tanphu.localhost", "/lien-he").await;
    assert_eq!(
        (old.status, location(&old).as_str()),
        (301, "http://tanphu-moi.localhost/lien-he")
    );
    let clash = root
        .post_form("/admin/sites/sxd/rename", &[("slug", "skhcn")])
        .await;
    assert_eq!(clash.status, 400);
}

#[actix_web::test]
async fn the_province_board_curates_the_portals_aggregation_of_department_news() {
    let t = TestApp::new();
    board(&t);
    let app = t.anon();
    let skhcn = site_id(&t, "skhcn");
    let item = content_store::find_by_key(
        &mut t.conn(),
        skhcn,
        cong::lang::Lang::Vi,
        "ha-tang-5g-xa-vung-cao",
    )
    .unwrap()
    .unwrap();
    let title = item.text.title.clone();
    let aggregated = || async {
        app.get("localhost", "/api/v1/news?site=all&per_page=100")
            .await
            .body
    };
    assert!(aggregated().await.contains(&title), "aggregated by default");
    let department_head = t.user("khac");
    let refused = department_head
        .post_form(
            &format!("/admin/content/{}/portal", item.id.0),
            &[("visible", "0")],
        )
        .await;
    assert_eq!(
        refused.status, 403,
        "a department's board does not curate the portal"
    );
    let province_head = t.user("truongban");
    let hidden = province_head
        .post_form(
            &format!("/admin/content/{}/portal", item.id.0),
            &[("visible", "0")],
        )
        .await;
    assert_eq!(hidden.status, 303);
    assert!(
        !aggregated().await.contains(&title),
        "hidden from the portal"
    );
    assert!(
        app.get("skhcn.localhost", "/tin-tuc")
            .await
            .body
            .contains(&title),
        "still on its own site"
    );
}

#[actix_web::test]
async fn taking_down_a_vietnamese_item_takes_its_english_translation_with_it() {
    let t = TestApp::new();
    board(&t);
    let anon = t.anon();
    let key = "chuyen-doi-so-toan-dien";
    let vi = crate::common::item_path(&anon, "localhost", "news", "vi", key).await;
    let en = crate::common::item_path(&anon, "localhost", "news", "en", key).await;
    let id = vi
        .rsplit('/')
        .next()
        .and_then(|s| s.split('-').next())
        .unwrap()
        .to_string();
    let head = t.user("truongban");
    let r = head
        .post_form(
            &format!("/admin/content/{id}/take-down"),
            &[("state", "withdrawn"), ("note", "Đã được thay thế.")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    for path in [&vi, &en] {
        let page = anon.get("localhost", path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(page.body.contains("Đã được thay thế."), "{path}");
    }
    let r = head
        .post_form(
            &format!("/admin/content/{id}/take-down"),
            &[("state", "unpublished"), ("note", "Gỡ theo quyết định.")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    for path in [&vi, &en] {
        let page = anon.get("localhost", path).await;
        assert_eq!(page.status, 410, "{path}");
        assert!(page.body.contains("Gỡ theo quyết định."), "{path}");
    }
}
