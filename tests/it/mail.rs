//! Mail delivered to relays as provinces run them: over STARTTLS or SMTPS, signed in with a
//! user name and password, the relay's certificate checked against the authority the
//! installation trusts. A relay that cannot be trusted keeps the mail in the outbox.

use cong::lang::Lang;
use cong::mail::{self, Outgoing};

use crate::common::{Setup, TestApp};
use crate::smtp_sink::{SinkTls, SmtpSink};

const USER: &str = "cong@sonha.gov.vn";
const PASSWORD: &str = "mật:khẩu@2026";

/// An app sending to `smtp_url`, trusting the authority of `authority_pem` if any; and the
/// folder holding that authority's file.
fn app_sending_to(smtp_url: String, authority_pem: Option<&str>) -> (TestApp, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let ca_file = authority_pem.map(|pem| {
        let path = folder.path().join("so-tt-tt-ca.pem");
        std::fs::write(&path, pem).unwrap();
        path
    });
    let t = TestApp::with(Setup {
        demo: false,
        configure: Some(Box::new(move |c| {
            c.smtp_url = smtp_url.clone();
            c.smtp_ca_file = ca_file.clone();
        })),
        ..Setup::default()
    })
    .unwrap();
    (t, folder)
}

/// A reminder to a department, written to the outbox and delivered now.
fn remind_and_deliver(t: &TestApp) -> mail::Delivery {
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    let reminder = Outgoing {
        recipient: "sxd@sonha.gov.vn".into(),
        template: "reminder-due-soon",
        lang: Lang::Vi,
        context: serde_json::json!({
            "code": "HD-23456789AB",
            "title": "Giấy phép xây dựng nhà ở tại xã",
            "site": "Sở Xây dựng",
            "due": "14/12/2026",
        }),
    };
    mail::enqueue(&mut t.conn(), &reminder, now).unwrap();
    mail::deliver_due(&mut t.conn(), &t.state.mailer, now).unwrap()
}

/// `smtp://user:password@127.0.0.1:port`, the credentials percent-encoded.
fn url_with_credentials(scheme: &str, port: u16, query: &str) -> String {
    let encode = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "{scheme}://{}:{}@127.0.0.1:{port}{query}",
        encode(USER),
        encode(PASSWORD)
    )
}

#[actix_web::test]
async fn mail_goes_over_starttls_signed_in_to_the_relay() {
    let tls = SinkTls::new(false, USER, PASSWORD);
    let sink = SmtpSink::start_tls(tls.clone());
    let url = url_with_credentials("smtp", sink.port, "?tls=required");
    let (t, _folder) = app_sending_to(url, Some(&tls.authority_pem));
    let done = remind_and_deliver(&t);
    assert_eq!((done.sent, done.failed), (1, 0));
    let arrived = sink.to("sxd@sonha.gov.vn");
    assert_eq!(arrived.len(), 1);
    assert!(arrived[0].tls, "the message came after STARTTLS");
    assert_eq!(arrived[0].user.as_deref(), Some(USER));
    assert!(arrived[0].text().contains("HD-23456789AB"));
}

#[actix_web::test]
async fn mail_goes_over_smtps_from_the_first_byte() {
    let tls = SinkTls::new(true, USER, PASSWORD);
    let sink = SmtpSink::start_tls(tls.clone());
    let url = url_with_credentials("smtps", sink.port, "");
    let (t, _folder) = app_sending_to(url, Some(&tls.authority_pem));
    let done = remind_and_deliver(&t);
    assert_eq!((done.sent, done.failed), (1, 0));
    let arrived = sink.messages();
    assert_eq!(arrived.len(), 1);
    assert!(arrived[0].tls);
    assert_eq!(arrived[0].user.as_deref(), Some(USER));
}

#[actix_web::test]
async fn a_relay_that_cannot_be_trusted_gets_nothing_and_the_mail_waits() {
    let tls = SinkTls::new(false, USER, PASSWORD);
    let sink = SmtpSink::start_tls(tls.clone());
    // The relay's authority is not trusted: no password and no message reach it.
    let untrusted = url_with_credentials("smtp", sink.port, "?tls=required");
    let (t, _folder) = app_sending_to(untrusted, None);
    let done = remind_and_deliver(&t);
    assert_eq!((done.sent, done.failed), (0, 1));
    assert!(sink.messages().is_empty());
    let waiting = mail::outbox(&mut t.conn()).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].sent_at, None);
    assert_eq!(waiting[0].attempts, 1);
    let error = waiting[0].last_error.clone().unwrap_or_default();
    assert!(!error.contains(PASSWORD), "{error}");
    assert!(error.contains("certificate"), "{error}");

    // A wrong password: the relay refuses, the mail waits for the next attempt.
    let tls_wrong = SinkTls::new(false, USER, "khác");
    let other = SmtpSink::start_tls(tls_wrong.clone());
    let url = url_with_credentials("smtp", other.port, "?tls=required");
    let (t, _folder) = app_sending_to(url, Some(&tls_wrong.authority_pem));
    let done = remind_and_deliver(&t);
    assert_eq!((done.sent, done.failed), (0, 1));
    assert!(other.messages().is_empty());
    let refused = mail::outbox(&mut t.conn()).unwrap()[0].last_error.clone();
    assert!(refused.unwrap_or_default().contains("535"));
}

#[test]
fn a_password_in_clear_or_an_unreadable_authority_stops_the_server_from_starting() {
    let folder = tempfile::tempdir().unwrap();
    let start = |url: &str, ca: Option<std::path::PathBuf>| {
        let config = cong::Config {
            data_dir: folder.path().join("data"),
            smtp_url: url.to_string(),
            smtp_ca_file: ca,
            ..cong::Config::default()
        };
        let clock: cong::clock::SharedClock =
            cong::clock::ManualClock::new(crate::common::start_time());
        cong::AppState::open(config, clock)
            .err()
            .map(|e| e.to_string())
    };
    let clear = start("smtp://u:bí-mật@127.0.0.1:25", None).expect("refused");
    assert!(clear.contains("never sent in clear"), "{clear}");
    assert!(!clear.contains("bí-mật"), "{clear}");
    let missing = start(
        "smtp://127.0.0.1:587?tls=required",
        Some(folder.path().join("khong-co.pem")),
    )
    .expect("refused");
    assert!(missing.contains("khong-co.pem"), "{missing}");
}

/// The outbox page: what waits (attempts, last error), what was sent, and "retry now",
/// which makes a message due at once instead of at the end of its backoff.
#[actix_web::test]
async fn administrators_see_the_outbox_and_retry_a_message_now() {
    let port = SmtpSink::free_port();
    let t = TestApp::with(Setup {
        configure: Some(Box::new(move |c| {
            c.smtp_url = format!("smtp://127.0.0.1:{port}");
        })),
        ..Setup::default()
    })
    .unwrap();
    crate::admin::board(&t);
    // The relay is down: the reminder (and the demo's acknowledgements) wait with the error.
    let done = remind_and_deliver(&t);
    assert_eq!(done.sent, 0);
    assert!(done.failed >= 1);
    let reminder = || {
        mail::outbox(&mut t.conn())
            .unwrap()
            .into_iter()
            .find(|m| m.recipient == "sxd@sonha.gov.vn")
            .unwrap()
    };
    let waiting = reminder();
    let admin = t.user("quantri");
    let page = admin.get("/admin/outbox").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Nhắc hạn: sắp đến hạn"), "{}", page.body);
    assert!(page.body.contains("sxd@sonha.gov.vn"));
    assert!(page.body.contains("Gửi lỗi"));
    assert!(page.body.contains("Gửi lại ngay"));
    let error = waiting.last_error.clone().unwrap();
    assert!(
        page.body.contains(&cong::render::escape_html(&error)),
        "the last error is shown"
    );
    // Times are Vietnam's (UTC+7).
    let local = waiting.created_at + chrono::Duration::hours(7);
    assert!(page
        .body
        .contains(&local.format("%d/%m/%Y %H:%M").to_string()));

    // Without "retry now" the message is not due before its backoff ends.
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    assert_eq!(
        mail::deliver_due(&mut t.conn(), &t.state.mailer, now)
            .unwrap()
            .failed,
        0
    );
    let sink = SmtpSink::start_on(port);
    let id = waiting.id.to_string();
    let retried = admin.post_form("/admin/outbox/retry", &[("id", &id)]).await;
    assert_eq!(retried.status, 303);
    assert_eq!(crate::common::location(&retried), "/admin/outbox?retried=1");
    assert!(admin
        .get("/admin/outbox?retried=1")
        .await
        .body
        .contains("1 thư sẽ được gửi lại"));
    let done = mail::deliver_due(&mut t.conn(), &t.state.mailer, now).unwrap();
    assert_eq!(
        (done.sent, done.failed),
        (1, 0),
        "only the message retried was due"
    );
    assert_eq!(sink.to("sxd@sonha.gov.vn").len(), 1);
    assert!(reminder().sent_at.is_some());
    let sent = admin.get("/admin/outbox").await;
    assert!(sent.body.contains("Thư đã gửi gần đây") && sent.body.contains("Đã gửi"));
    let audit = admin.get("/admin/audit?action=mail.retry").await;
    assert!(
        audit.body.contains("quantri"),
        "the retry is in the audit log"
    );

    // A sent message is not retried again; board heads neither see nor open the outbox.
    let again = admin.post_form("/admin/outbox/retry", &[("id", &id)]).await;
    assert_eq!(crate::common::location(&again), "/admin/outbox?retried=0");
    let head = t.user("truongban");
    assert!(!head.get("/admin").await.body.contains("/admin/outbox"));
    assert_eq!(head.get("/admin/outbox").await.status, 403);
    assert_eq!(head.post_form("/admin/outbox/retry", &[]).await.status, 403);
}

/// Without a relay the page says why mail waits, and offers no retry that would do nothing.
#[actix_web::test]
async fn without_a_relay_the_outbox_says_mail_waits() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    let mail = Outgoing {
        recipient: "thu@example.org".into(),
        template: "question-received",
        lang: Lang::En,
        context: serde_json::json!({"code": "HD-23456789AB"}),
    };
    mail::enqueue(&mut t.conn(), &mail, now).unwrap();
    let page = t.user("quantri").get("/en/admin/outbox").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("No mail relay is configured"));
    assert!(page.body.contains("Question received"));
    assert!(page.body.contains("Once a relay is configured"));
    assert!(!page.body.contains("Retry now"));
}
