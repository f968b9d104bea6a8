//! Items 6, 8, 9 and 12 of the review: the throttled password checks, the audit page and
//! the failed logins in it, the two-person rule, and disabled accounts' timing.

use actix_web::test;

use cong::clock::Clock;

use crate::common::{site_id, TestApp, PASSWORD};

#[actix_web::test]
async fn the_current_password_check_is_throttled_like_signing_in() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let who = t.user("bientap");
    let change = |current: &'static str| {
        let who = &who;
        async move {
            who.post_form(
                "/admin/password",
                &[
                    ("current", current),
                    ("new", "một mật khẩu mới dài"),
                    ("confirm", "một mật khẩu mới dài"),
                ],
            )
            .await
        }
    };
    for _ in 0..cong::account::sessions::MAX_PER_ACCOUNT {
        let r = change("đoán mò").await;
        assert_eq!(r.status, 422);
    }
    // The right password no longer helps a guesser: the account is locked for a while.
    let locked = change(PASSWORD).await;
    assert_eq!(locked.status, 422);
    assert!(locked.body.contains("tạm khóa"), "{}", locked.body);
}

#[actix_web::test]
async fn the_audit_page_opens_for_administrators_and_its_link_only_for_them() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let admin = t.user("quantri");
    let page = admin
        .get("/admin/audit?actor=Nguy%E1%BB%85n%20V%C4%83n&site=")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("actor=Nguy%E1%BB%85n%20V%C4%83n"),
        "{}",
        page.body
    );
    let site_admin = t.user("quantritrang");
    assert_eq!(site_admin.get("/admin/audit").await.status, 200);
    let head = t.user("truongban");
    assert_eq!(head.get("/admin/audit").await.status, 403);
    let dashboard = head.get("/admin").await;
    assert_eq!(dashboard.status, 200);
    assert!(
        !dashboard.body.contains("/admin/audit"),
        "{}",
        dashboard.body
    );
    let dashboard = admin.get("/admin").await;
    assert!(dashboard.body.contains("/admin/audit"));
}

#[actix_web::test]
async fn a_failed_sign_in_is_in_the_audit_log_with_the_name_and_address() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let app = t.anon();
    let req = test::TestRequest::post()
        .uri("/admin/login")
        .insert_header(("host", "localhost"))
        .insert_header(("cookie", "cong_login=abc"))
        .peer_addr("198.51.100.200:5000".parse().unwrap())
        .set_form([
            ("username", "=cmd|' /C calc'!A0"),
            ("password", "x"),
            ("csrf", "abc"),
        ]);
    assert_eq!(app.send(req).await.status, 401);
    let admin = t.user("quantri");
    let csv = admin
        .get("/admin/audit.csv?action=session.sign_in_failed")
        .await;
    assert_eq!(csv.status, 200);
    // The name as tried, neutralised for spreadsheets, and the address.
    assert!(csv.body.contains("'=cmd|' /c calc'!a0"), "{}", csv.body);
    assert!(csv.body.contains("198.51.100.200"), "{}", csv.body);
}

#[actix_web::test]
async fn nobody_grants_themselves_a_role() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let site_admin = t.user("quantritrang");
    let r = site_admin
        .post_form(
            "/admin/sites/sonha/members",
            &[("username", "quantritrang"), ("role", "board_head")],
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Không ai tự cấp vai trò"), "{}", r.body);
    let user = cong::account::store::find_id(&mut t.conn(), "quantritrang")
        .unwrap()
        .unwrap();
    let actor = cong::account::store::actor(&mut t.conn(), user)
        .unwrap()
        .unwrap();
    assert_eq!(
        actor.role_on(site_id(&t, "sonha")),
        Some(cong::account::Role::SiteAdmin)
    );
    // Another administrator may.
    let admin = t.user("quantri");
    let r = admin
        .post_form(
            "/admin/sites/sonha/members",
            &[("username", "quantritrang"), ("role", "board_head")],
        )
        .await;
    assert_eq!(r.status, 303);
}

#[actix_web::test]
async fn whoever_rewrote_a_draft_cannot_approve_or_publish_it() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let (author, editor, head) = (t.user("soantin"), t.user("bientap"), t.user("truongban"));
    let fields = |body: &'static str| {
        [
            ("kind", "news"),
            ("lang", "vi"),
            ("title", "Lịch tiếp công dân tháng 12"),
            ("body_markdown", body),
            ("author", "Nguyễn Thị Soạn"),
            ("source", "Văn phòng UBND tỉnh"),
            ("action", "save"),
        ]
    };
    let created = author
        .post_form(
            "/admin/sites/sonha/content/new",
            &fields("Lịch tiếp công dân của lãnh đạo tỉnh."),
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let content = crate::common::last_id(&created);
    // The board head rewrites the contributor's draft in place.
    let edited = head
        .post_form(
            &format!("/admin/content/{content}/edit"),
            &fields("Văn bản do trưởng ban viết lại hoàn toàn."),
        )
        .await;
    assert!(
        edited.status == 303 || edited.status == 200,
        "{}",
        edited.body
    );
    let revision = cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content))
        .unwrap()[0]
        .id;
    let rev = |action: &str| format!("/admin/revisions/{revision}/{action}");
    assert_eq!(author.post_form(&rev("submit"), &[]).await.status, 303);
    let approve = head.post_form(&rev("approve"), &[]).await;
    assert!(
        approve.status == 403 || approve.status == 409,
        "{}",
        approve.status
    );
    assert!(
        approve.body.contains("do chính mình soạn"),
        "{}",
        approve.body
    );
    assert_eq!(editor.post_form(&rev("approve"), &[]).await.status, 303);
    let publish = head.post_form(&rev("publish"), &[]).await;
    assert!(
        publish.status == 403 || publish.status == 409,
        "{}",
        publish.status
    );
    let r = cong::review::store::revision(&mut t.conn(), cong::review::store::RevisionId(revision))
        .unwrap()
        .unwrap();
    assert_eq!(r.state, "approved");
}

#[actix_web::test]
async fn a_disabled_account_is_refused_as_slowly_as_an_unknown_name() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let by = cong::account::audit::Entry::named(None, "test", cong::account::audit::Via::Cli);
    let now = t.clock.now().naive_utc();
    cong::account::store::disable(&mut t.conn(), "khac", &by, now).unwrap();
    let time = |name: &str, ip: &str| {
        let started = std::time::Instant::now();
        let r = cong::account::sessions::check_password(&mut t.conn(), name, PASSWORD, ip, now)
            .unwrap();
        assert!(r.is_err(), "{name} signed in");
        started.elapsed()
    };
    // The fastest of several tries: other work on the machine only ever adds time. Without
    // the password check, a disabled account answered in well under a millisecond.
    let (mut unknown, mut disabled) = (std::time::Duration::MAX, std::time::Duration::MAX);
    for i in 0..4 {
        unknown = unknown.min(time("khong-co-ai", &format!("192.0.2.{i}")));
        disabled = disabled.min(time("khac", &format!("198.51.100.{i}")));
    }
    assert!(
        disabled * 3 > unknown,
        "a disabled account answers in {disabled:?}, an unknown name in {unknown:?}"
    );
}
