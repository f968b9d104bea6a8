//! Items 6 and 13 of the review: limits that parallel requests could race, and SQLite's
//! "database is locked" under a crowd of citizens.

use actix_web::test;
use futures_util::future::join_all;

use super::{ask_fields, ask_request};
use crate::common::{Backend, Reply, Setup, TestApp};

fn app(backend: Backend, configure: impl Fn(&mut cong::Config) + 'static) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        configure: Some(Box::new(configure)),
        ..Setup::default()
    })
}

/// How many answers had each status class.
fn tally(replies: &[Reply]) -> (usize, usize, usize) {
    let ok = replies.iter().filter(|r| r.status == 200).count();
    let limited = replies.iter().filter(|r| r.status == 429).count();
    let failed = replies.iter().filter(|r| r.status >= 500).count();
    (ok, limited, failed)
}

on_both_backends!(a_burst_of_200_questions_gets_no_server_error);
async fn a_burst_of_200_questions_gets_no_server_error(backend: Backend) {
    let Some(t) = app(backend, |_| {}) else {
        return;
    };
    let app = t.anon();
    let before = cong::inbox::store::list(&mut t.conn(), None).unwrap().len();
    let emails: Vec<String> = (0..200).map(|i| format!("dan{i}@example.vn")).collect();
    let replies = join_all(emails.iter().enumerate().map(|(i, email)| {
        // Each citizen from an address of their own network: no limit applies.
        let peer = format!("10.{}.{}.7", i / 250, i % 250);
        let fields = ask_fields(email, &[]);
        let app = &app;
        async move {
            app.send(ask_request("localhost", &peer).set_form(fields))
                .await
        }
    }))
    .await;
    let (ok, limited, failed) = tally(&replies);
    eprintln!(
        "200 concurrent questions ({backend:?}): {ok} × 200, {limited} × 429, {failed} × 5xx"
    );
    assert_eq!(failed, 0, "server errors under a burst of questions");
    assert_eq!(ok + limited, 200);
    assert!(replies
        .iter()
        .filter(|r| r.status == 200)
        .all(|r| r.body.contains("class=\"tracking-code\"")));
    let after = cong::inbox::store::list(&mut t.conn(), None).unwrap().len();
    assert_eq!(after - before, ok, "every acknowledged question is stored");
}

on_both_backends!(parallel_questions_from_one_address_respect_its_limit);
async fn parallel_questions_from_one_address_respect_its_limit(backend: Backend) {
    let Some(t) = app(backend, |_| {}) else {
        return;
    };
    let app = t.anon();
    let limit = t.state.config.inbox.per_address_per_hour as usize;
    let emails: Vec<String> = (0..30).map(|i| format!("cung{i}@example.vn")).collect();
    let replies = join_all(emails.iter().map(|email| {
        let fields = ask_fields(email, &[]);
        let app = &app;
        async move {
            app.send(ask_request("localhost", "198.51.100.77").set_form(fields))
                .await
        }
    }))
    .await;
    let (ok, limited, failed) = tally(&replies);
    assert_eq!((ok, limited, failed), (limit, 30 - limit, 0));
}

on_both_backends!(parallel_wrong_passwords_get_no_more_checks_than_the_limit);
async fn parallel_wrong_passwords_get_no_more_checks_than_the_limit(backend: Backend) {
    let Some(t) = app(backend, |_| {}) else {
        return;
    };
    crate::admin::board(&t);
    let app = t.anon();
    let replies = join_all((0..40).map(|i| {
        let app = &app;
        async move {
            let req = test::TestRequest::post()
                .uri("/admin/login")
                .insert_header(("host", "localhost"))
                .insert_header(("cookie", "cong_login=t0k3n"))
                .peer_addr(format!("192.0.2.{}:5000", i + 1).parse().unwrap())
                .set_form([
                    ("username", "bientap"),
                    ("password", "đoán mò"),
                    ("csrf", "t0k3n"),
                ]);
            app.send(req).await
        }
    }))
    .await;
    let wrong = replies
        .iter()
        .filter(|r| r.body.contains("Tên đăng nhập hoặc mật khẩu không đúng"))
        .count();
    let locked = replies
        .iter()
        .filter(|r| r.body.contains("tạm khóa"))
        .count();
    let limit = cong::account::sessions::MAX_PER_ACCOUNT as usize;
    assert_eq!((wrong, locked), (limit, 40 - limit));
    // Each checked failure is in the audit log, and the lockout once.
    let (entries, _) = cong::account::audit::list(
        &mut t.conn(),
        &cong::account::audit::AuditQuery {
            sites: None,
            actor: Some("bientap".into()),
            action_prefix: Some("session.".into()),
            page: 1,
            per_page: 100,
        },
    )
    .unwrap();
    let count = |action: &str| entries.iter().filter(|e| e.action == action).count();
    assert_eq!(count("session.sign_in_failed"), limit);
    assert_eq!(count("session.locked"), 1);
}
