//! Citizens' questions and mail: the full path from the public form to the published
//! answer (with the mail at a real SMTP server on 127.0.0.1), abuse limits, validation,
//! pauses and progress notices, reminders, retention, a site's own office hours, and a mail
//! server down for an hour.

use actix_web::test;
use chrono::Duration;
use cong::account::Role;
use cong::clock::Clock;
use cong::inbox::store;
use cong::inbox::QuestionId;
use cong::jobs::{self, ScheduledJob};

use crate::common::{
    account, last_id, location, start_time, through_review, Backend, Client, Multipart, Reply,
    Setup, SmtpSink, TestApp,
};

/// An app whose mail goes to `smtp_url`, with optional further configuration.
pub(crate) fn app_with(
    backend: Backend,
    smtp_url: String,
    more: impl Fn(&mut cong::Config) + 'static,
) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        configure: Some(Box::new(move |c| {
            c.smtp_url = smtp_url.clone();
            more(c);
        })),
        ..Setup::default()
    })
}

/// The board of the province portal and the department of construction (sxd).
fn people(t: &TestApp) {
    account(t, "bandientu", false, &[("sonha", Role::BoardHead)]);
    account(t, "sxd_soan", false, &[("sxd", Role::Contributor)]);
    account(t, "sxd_bientap", false, &[("sxd", Role::Editor)]);
    account(t, "sxd_truong", false, &[("sxd", Role::BoardHead)]);
}

/// The jobs of this server with these names.
pub(crate) fn jobs_named(t: &TestApp, names: &[&str]) -> Vec<ScheduledJob> {
    t.state
        .schedule()
        .into_iter()
        .filter(|j| names.contains(&j.name))
        .collect()
}

pub(crate) fn run(t: &TestApp, schedule: &[ScheduledJob]) -> Vec<jobs::JobRun> {
    let clock: cong::clock::SharedClock = t.clock.clone();
    jobs::run_due(&mut t.conn(), schedule, "test", &clock).unwrap()
}

pub(crate) const QUESTION: &str =
    "Tôi là Trần Văn Bình, nhà ở số 12 đường Lê Lợi. Xin hỏi xây nhà ở riêng lẻ tại xã có cần giấy phép xây dựng không?";

pub(crate) fn form<'a>(email: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("name", "Trần Văn Bình"),
        ("email", email),
        ("phone", "0912 345 678"),
        ("field", "xay-dung"),
        ("title", "Giấy phép xây dựng nhà ở tại xã"),
        ("question", QUESTION),
        ("consent", "on"),
        ("website", ""),
    ];
    for (k, v) in extra {
        f.retain(|(key, _)| key != k);
        f.push((k, v));
    }
    f
}

/// Posts the public form from an address (and, optionally, through a proxy header).
async fn ask(
    app: &Client,
    path: &str,
    peer: &str,
    forwarded_for: Option<&str>,
    fields: &[(&str, &str)],
) -> Reply {
    let mut req = asked_on("localhost", path, peer, fields);
    if let Some(xff) = forwarded_for {
        req = req.insert_header(("x-forwarded-for", xff));
    }
    app.send(req).await
}

/// The public form of the site at `host`, posted from an address.
fn asked_on(host: &str, path: &str, peer: &str, fields: &[(&str, &str)]) -> test::TestRequest {
    test::TestRequest::post()
        .uri(path)
        .insert_header(("host", host))
        .peer_addr(format!("{peer}:40000").parse().unwrap())
        .set_form(fields.to_vec())
}

/// The tracking code on a confirmation page.
fn code_in(body: &str) -> String {
    let at = body.find("HD-").expect("a tracking code on the page");
    body[at..at + 13].to_string()
}

/// The question whose tracking code is on a confirmation page, as stored.
fn question_in(t: &TestApp, confirmation: &Reply) -> store::Question {
    store::find_by_code(&mut t.conn(), &code_in(&confirmation.body))
        .unwrap()
        .expect("the question of the code on the page")
}

fn questions_count(t: &TestApp) -> usize {
    store::list(&mut t.conn(), None).unwrap().len()
}

on_both_backends!(a_citizen_asks_and_receives_the_published_answer);
async fn a_citizen_asks_and_receives_the_published_answer(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(t) = app_with(backend, sink.url(), |_| {}) else {
        return;
    };
    people(&t);
    let app = t.anon();
    let mail_job = jobs_named(&t, &["mail-delivery"]);

    // The form, in both languages.
    let vi = app.get("localhost", "/hoi-dap/dat-cau-hoi").await;
    assert_eq!(vi.status, 200);
    assert!(vi.body.contains("Đặt câu hỏi") && vi.body.contains("name=\"website\""));
    let en = app.get("localhost", "/en/questions/ask").await;
    assert!(en.body.contains("Ask a question") && en.body.contains("Construction"));

    // Submitted on Friday 20/11/2026 at 09:00: the answer is due on Monday 14/12/2026
    // (15 working days, Culture Day 24/11 not counted).
    let r = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "203.0.113.9",
        None,
        &form("binh@example.org", &[]),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let code = code_in(&r.body);
    assert!(r.body.contains("14/12/2026"), "{}", r.body);
    let q = store::find_by_code(&mut t.conn(), &code).unwrap().unwrap();
    assert_eq!(q.client_addr, "203.0.113.9");

    // The acknowledgement reaches the SMTP server once the mail job runs.
    assert!(
        sink.messages().is_empty(),
        "mail never goes out inside the request"
    );
    run(&t, &mail_job);
    let ack = sink.to("binh@example.org");
    assert_eq!(ack.len(), 1);
    assert_eq!(ack[0].from, "no-reply@localhost.localdomain");
    assert!(ack[0].subject().contains(&code), "{}", ack[0].subject());
    assert!(ack[0].text().contains("14/12/2026"), "{}", ack[0].text());
    assert!(ack[0]
        .html()
        .contains(&format!("/hoi-dap/tra-cuu?code={code}")));

    // The public status page: the state, no personal data.
    let status = app
        .get(
            "localhost",
            &format!("/hoi-dap/tra-cuu?code={}", code.to_lowercase()),
        )
        .await;
    assert_eq!(status.status, 200);
    assert!(status.body.contains("Trong hạn") && status.body.contains(&code));
    assert!(!status.body.contains("binh@example.org") && !status.body.contains("0912"));

    // The board forwards it to the department of construction.
    let board = t.user("bandientu");
    let r = board
        .post_form(&format!("/admin/inbox/{}/forward", q.id), &[("to", "sxd")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The department sees it in its queue, with the asker's details.
    let author = t.user("sxd_soan");
    let queue = author.get("/admin/sites/sxd/inbox").await;
    assert!(queue.body.contains(&code), "{}", queue.body);
    let page = author.get(&format!("/admin/inbox/{}", q.id)).await;
    assert!(page.body.contains("binh@example.org"));

    // It drafts the answer with the question edited for publication; review follows.
    let r = author.post_form(&format!("/admin/inbox/{}/answer", q.id), &[
            ("title", "Giấy phép xây dựng nhà ở riêng lẻ tại xã"),
            ("question", "Xây nhà ở riêng lẻ tại xã có cần giấy phép xây dựng không?"),
            ("answer", "Nhà ở riêng lẻ ở nông thôn không thuộc khu vực có quy hoạch được **miễn giấy phép** xây dựng."),
        ])
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let revision: i32 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    // The author submits it and cannot approve it: another person reviews.
    let submitted = author
        .post_form(&format!("/admin/revisions/{revision}/submit"), &[])
        .await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    let own = author
        .post_form(&format!("/admin/revisions/{revision}/approve"), &[])
        .await;
    assert_eq!(own.status, 403, "{}", own.body);
    assert_eq!(
        sink.to("binh@example.org").len(),
        1,
        "nothing sent before publication"
    );
    let editor = t.user("sxd_bientap");
    let head = t.user("sxd_truong");
    let published = through_review([&author, &editor, &head], revision).await;
    assert_eq!(published.status, 303, "{}", published.body);

    // The citizen gets the answer by mail.
    t.clock.advance(Duration::minutes(1));
    run(&t, &mail_job);
    let mails = sink.to("binh@example.org");
    assert_eq!(mails.len(), 2);
    assert!(
        mails[1].text().contains("miễn giấy phép"),
        "{}",
        mails[1].text()
    );
    let q = store::find(&mut t.conn(), q.id).unwrap().unwrap();
    assert_eq!(q.status, "answered");

    // The Q&A is public on the department's site: the edited question, no personal data.
    let list = app.get("sxd.localhost", "/hoi-dap").await;
    assert!(
        list.body
            .contains("Giấy phép xây dựng nhà ở riêng lẻ tại xã"),
        "{}",
        list.body
    );
    let item_url = format!("/hoi-dap/{}", q.answer_content_id.unwrap());
    let item = app.get("sxd.localhost", &item_url).await;
    assert_eq!(item.status, 301);
    let item = app.get("sxd.localhost", &location(&item)).await;
    assert_eq!(item.status, 200);
    assert!(item.body.contains("miễn giấy phép"));
    for private in ["Trần Văn Bình", "binh@example.org", "0912", "Lê Lợi"] {
        assert!(!item.body.contains(private), "{private} published");
    }
    let status = app
        .get("localhost", &format!("/hoi-dap/tra-cuu?code={code}"))
        .await;
    assert!(
        status.body.contains("Đã trả lời đúng hạn"),
        "{}",
        status.body
    );

    // And searchable as a question, without the asker's name.
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    let found = app
        .get(
            "sxd.localhost",
            "/api/v1/search?q=gi%E1%BA%A5y%20ph%C3%A9p%20x%C3%A2y%20d%E1%BB%B1ng&kind=qa",
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    let results = found.json()["results"].as_array().unwrap().clone();
    assert!(!results.is_empty(), "{}", found.body);
    assert!(results[0]["url"].as_str().unwrap().contains("/hoi-dap/"));
    let by_name = app
        .get(
            "sxd.localhost",
            "/api/v1/search?q=Tr%E1%BA%A7n%20V%C4%83n%20B%C3%ACnh&kind=qa",
        )
        .await;
    assert!(
        by_name.json()["results"].as_array().unwrap().is_empty(),
        "{}",
        by_name.body
    );
}

#[actix_web::test]
async fn without_consent_the_answer_is_mailed_but_not_published() {
    let sink = SmtpSink::start();
    let t = app_with(Backend::Sqlite, sink.url(), |_| {}).unwrap();
    people(&t);
    let app = t.anon();
    let fields: Vec<(&str, &str)> = form("an@example.org", &[])
        .into_iter()
        .filter(|(k, _)| *k != "consent")
        .collect();
    let r = ask(&app, "/hoi-dap/dat-cau-hoi", "203.0.113.10", None, &fields).await;
    let code = code_in(&r.body);
    let q = store::find_by_code(&mut t.conn(), &code).unwrap().unwrap();
    assert!(!q.publish_consent);
    let board = t.user("bandientu");
    board
        .post_form(&format!("/admin/inbox/{}/forward", q.id), &[("to", "sxd")])
        .await;
    let author = t.user("sxd_soan");
    let r = author
        .post_form(
            &format!("/admin/inbox/{}/answer", q.id),
            &[
                ("title", "Riêng tư"),
                ("question", "Câu hỏi riêng"),
                ("answer", "Câu trả lời riêng cho công dân."),
            ],
        )
        .await;
    let revision: i32 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    let (editor, head) = (t.user("sxd_bientap"), t.user("sxd_truong"));
    through_review([&author, &editor, &head], revision).await;
    run(&t, &jobs_named(&t, &["mail-delivery"]));
    assert!(sink.to("an@example.org")[1]
        .text()
        .contains("Câu trả lời riêng"));
    let content = store::find(&mut t.conn(), q.id)
        .unwrap()
        .unwrap()
        .answer_content_id
        .unwrap();
    assert_eq!(
        app.get("sxd.localhost", &format!("/hoi-dap/{content}"))
            .await
            .status,
        404
    );
    // Nowhere public: not the site's list, not the portal's, not a home page's latest.
    for (host, path) in [
        ("sxd.localhost", "/hoi-dap"),
        ("localhost", "/hoi-dap"),
        ("sxd.localhost", "/"),
        ("localhost", "/"),
    ] {
        let page = app.get(host, path).await;
        assert_eq!(page.status, 200, "{host}{path}");
        assert!(!page.body.contains("Riêng tư"), "{host}{path}");
    }
}

#[actix_web::test]
async fn limits_per_address_and_network_and_the_honeypot() {
    let t = app_with(Backend::Sqlite, String::new(), |c| {
        c.inbox.per_address_per_hour = 2;
        c.inbox.per_network_per_hour = 3;
        c.trusted_proxies = vec!["10.0.0.1".parse().unwrap()];
    })
    .unwrap();
    let app = t.anon();
    let before = questions_count(&t);
    let good = form("a@example.org", &[]);

    // A robot fills the hidden field: nothing is stored, no mail is written.
    let robot = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "198.51.100.1",
        None,
        &form("r@example.org", &[("website", "http://spam")]),
    )
    .await;
    assert_eq!(robot.status, 400);
    assert_eq!(questions_count(&t), before);
    assert!(cong::mail::outbox(&mut t.conn()).unwrap().is_empty());

    // Two per address an hour, with a clear message after.
    for _ in 0..2 {
        assert_eq!(
            ask(&app, "/hoi-dap/dat-cau-hoi", "198.51.100.1", None, &good)
                .await
                .status,
            200
        );
    }
    let limited = ask(&app, "/hoi-dap/dat-cau-hoi", "198.51.100.1", None, &good).await;
    assert_eq!(limited.status, 429);
    assert!(limited.body.contains("kết nối của bạn"), "{}", limited.body);
    // A neighbour on the same network may still ask once, then the network's limit holds.
    assert_eq!(
        ask(&app, "/hoi-dap/dat-cau-hoi", "198.51.100.2", None, &good)
            .await
            .status,
        200
    );
    let network = ask(&app, "/en/questions/ask", "198.51.100.3", None, &good).await;
    assert_eq!(network.status, 429);
    assert!(
        network.body.contains("from your network"),
        "{}",
        network.body
    );
    assert_eq!(questions_count(&t), before + 3);

    // Behind the trusted proxy, each citizen has their own limit.
    for citizen in ["192.0.2.10", "192.0.2.77", "192.0.3.5"] {
        let r = ask(
            &app,
            "/hoi-dap/dat-cau-hoi",
            "10.0.0.1",
            Some(citizen),
            &good,
        )
        .await;
        assert_eq!(r.status, 200, "{citizen}");
    }
    // A forged header from an untrusted peer is ignored: the peer itself is limited.
    for _ in 0..2 {
        ask(
            &app,
            "/hoi-dap/dat-cau-hoi",
            "203.0.113.50",
            Some("192.0.2.200"),
            &good,
        )
        .await;
    }
    let forged = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "203.0.113.50",
        Some("192.0.2.201"),
        &good,
    )
    .await;
    assert_eq!(forged.status, 429);

    // An hour later the address may ask again.
    t.clock.advance(Duration::minutes(61));
    assert_eq!(
        ask(&app, "/hoi-dap/dat-cau-hoi", "198.51.100.1", None, &good)
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn a_bad_form_says_what_to_fix_and_stores_nothing() {
    let t = TestApp::new();
    let app = t.anon();
    let before = questions_count(&t);
    let bad = [
        ("name", ""),
        ("email", "khong-phai-thu"),
        ("field", "thoi-tiet"),
        ("title", "Hỏi"),
        ("question", "Ngắn"),
        ("website", ""),
    ];
    let vi = ask(&app, "/hoi-dap/dat-cau-hoi", "203.0.113.1", None, &bad).await;
    assert_eq!(vi.status, 400);
    for message in [
        "Vui lòng nhập họ và tên.",
        "Vui lòng nhập địa chỉ thư điện tử hợp lệ",
        "Vui lòng chọn lĩnh vực",
        "tiêu đề ít nhất 5 ký tự",
        "ít nhất 20 ký tự",
    ] {
        assert!(vi.body.contains(message), "{message}");
    }
    assert!(
        vi.body.contains("value=\"khong-phai-thu\""),
        "what was typed is kept"
    );
    assert!(vi.body.contains("aria-invalid=\"true\""));
    let en = ask(&app, "/en/questions/ask", "203.0.113.1", None, &bad).await;
    assert!(en.body.contains("Please enter a valid e-mail address"));
    let long = "x".repeat(6000);
    let r = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "203.0.113.1",
        None,
        &form("a@example.org", &[("question", &long)]),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Nội dung quá dài"));
    let huge = "y".repeat(70 * 1024);
    let r = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "203.0.113.1",
        None,
        &form("a@example.org", &[("question", &huge)]),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Biểu mẫu quá lớn"), "{}", r.body);
    assert_eq!(questions_count(&t), before);
    let unknown = app
        .get("localhost", "/hoi-dap/tra-cuu?code=HD-2222222222")
        .await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("Không có câu hỏi nào mang mã này"));
}

/// A question forwarded to sxd, submitted now; its id.
async fn forwarded(t: &TestApp, app: &Client, email: &str, peer: &str) -> store::Question {
    let r = ask(app, "/hoi-dap/dat-cau-hoi", peer, None, &form(email, &[])).await;
    let code = code_in(&r.body);
    let q = store::find_by_code(&mut t.conn(), &code).unwrap().unwrap();
    let board = t.user("bandientu");
    let r = board
        .post_form(&format!("/admin/inbox/{}/forward", q.id), &[("to", "sxd")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    store::find(&mut t.conn(), q.id).unwrap().unwrap()
}

/// The note of a question's last history line, which says its deadline moved.
fn last_deadline_move(t: &TestApp, question: QuestionId) -> String {
    let last = store::history(&mut t.conn(), question)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.kind, "deadline-moved");
    last.note
}

fn local_day(utc: chrono::NaiveDateTime) -> String {
    cong::inbox::local_date(utc).to_string()
}

on_both_backends!(pauses_and_progress_notices_move_the_deadline_in_the_history);
async fn pauses_and_progress_notices_move_the_deadline_in_the_history(backend: Backend) {
    let Some(t) = app_with(backend, String::new(), |_| {}) else {
        return;
    };
    people(&t);
    let app = t.anon();
    let q = forwarded(&t, &app, "c@example.org", "203.0.113.20").await;
    assert_eq!(local_day(q.due_at), "2026-12-14");
    // Sessions expire while the clock moves on: sign in again after each move.
    let author = || t.user("sxd_soan");
    let path = |a: &str| format!("/admin/inbox/{}/{a}", q.id);

    // A pause needs a reason; then the clock stops.
    let r = author().post_form(&path("pause"), &[("reason", "")]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Vui lòng nêu lý do"));
    t.clock.set(start_time() + Duration::days(10)); // Monday 30/11
    let r = author()
        .post_form(
            &path("pause"),
            &[("reason", "Xin cho biết địa chỉ thửa đất")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let status = app
        .get("localhost", &format!("/hoi-dap/tra-cuu?code={}", q.code))
        .await;
    assert!(status.body.contains("Tạm dừng"), "{}", status.body);
    // Resumed a week later (Monday 7/12): five working days given back.
    t.clock.set(start_time() + Duration::days(17));
    let r = author().post_form(&path("resume"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let moved = store::find(&mut t.conn(), q.id).unwrap().unwrap();
    assert_eq!(local_day(moved.due_at), "2026-12-21");

    // A progress notice with a new date: refused before the current date, then recorded.
    let r = author()
        .post_form(
            &path("extend"),
            &[
                ("due", "2026-12-18"),
                ("reason", "Cần ý kiến Sở Tài nguyên"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = author()
        .post_form(
            &path("extend"),
            &[
                ("due", "2026-12-30"),
                ("reason", "Cần ý kiến Sở Tài nguyên"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let extended = store::find(&mut t.conn(), q.id).unwrap().unwrap();
    assert_eq!(local_day(extended.due_at), "2026-12-30");
    let kinds: Vec<String> = store::history(&mut t.conn(), q.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert_eq!(
        kinds,
        ["received", "forwarded", "paused", "resumed", "extended"]
    );
    let templates: Vec<String> = cong::mail::outbox(&mut t.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.recipient == "c@example.org")
        .map(|m| m.template)
        .collect();
    assert_eq!(
        templates,
        [
            "question-received",
            "question-paused",
            "question-resumed",
            "question-progress"
        ]
    );
    let page = author().get(&format!("/admin/inbox/{}", q.id)).await;
    assert!(
        page.body
            .contains("2026-12-21 → 2026-12-30: Cần ý kiến Sở Tài nguyên"),
        "{}",
        page.body
    );
}

on_both_backends!(reminders_are_sent_once_each);
async fn reminders_are_sent_once_each(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(t) = app_with(backend, sink.url(), |_| {}) else {
        return;
    };
    people(&t);
    let app = t.anon();
    let q = forwarded(&t, &app, "d@example.org", "203.0.113.30").await;
    let schedule = jobs_named(&t, &["inbox-reminders", "mail-delivery"]);
    // The reminder job, then (a minute later) the mail job delivering what it wrote.
    let at_day = |day: i64| {
        t.clock.set(start_time() + Duration::days(day));
        run(&t, &schedule);
        t.clock.advance(Duration::minutes(1));
        run(&t, &schedule);
    };
    // Reminders about this question (the demo questions have their own).
    let about = |to: &str| -> Vec<String> {
        sink.to(to)
            .iter()
            .map(|m| m.subject())
            .filter(|s| s.contains(&q.code))
            .collect()
    };
    at_day(1);
    assert!(about("sxd@sonha.gov.vn").is_empty());
    // Thursday 10/12: two working days left (11 and 14/12): due soon, reminded once.
    at_day(20);
    at_day(21);
    assert_eq!(about("sxd@sonha.gov.vn").len(), 1);
    assert!(about("sxd@sonha.gov.vn")[0].contains("sắp đến hạn"));
    // Tuesday 15/12: overdue.
    at_day(25);
    at_day(26);
    let department = about("sxd@sonha.gov.vn");
    assert_eq!(department.len(), 2);
    assert!(department[1].contains("đã quá hạn"), "{}", department[1]);
    assert!(about("congttdt@sonha.gov.vn").is_empty());
    // More than five working days late (23/12): the province board is told, once.
    at_day(33);
    at_day(34);
    assert_eq!(about("congttdt@sonha.gov.vn").len(), 1);
    assert_eq!(about("sxd@sonha.gov.vn").len(), 2);
    let kinds: Vec<String> = store::history(&mut t.conn(), q.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| k.starts_with("reminder-")).count(),
        3
    );
    // The board's dashboard counts it as overdue.
    let board = t.user("bandientu");
    let dash = board.get("/admin/sites/sonha/inbox?standing=overdue").await;
    assert!(dash.body.contains(&q.code), "{}", dash.body);
}

on_both_backends!(personal_data_is_anonymised_after_the_retention_period);
async fn personal_data_is_anonymised_after_the_retention_period(backend: Backend) {
    let Some(t) = app_with(backend, String::new(), |c| c.inbox.retention_days = 30) else {
        return;
    };
    people(&t);
    let app = t.anon();
    let r = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "203.0.113.40",
        None,
        &form("e@example.org", &[]),
    )
    .await;
    let q = question_in(&t, &r);
    let board = t.user("bandientu");
    let r = board
        .post_form(
            &format!("/admin/inbox/{}/reject", q.id),
            &[("reason", "Không thuộc thẩm quyền của tỉnh")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let retention = jobs_named(&t, &["inbox-retention"]);
    t.clock.advance(Duration::days(29));
    run(&t, &retention);
    assert_eq!(
        store::find(&mut t.conn(), q.id)
            .unwrap()
            .unwrap()
            .asker_email,
        "e@example.org"
    );
    t.clock.advance(Duration::days(2));
    let runs = run(&t, &retention);
    let report = cong::render::note::Note::decode(&runs[0].detail).expect("a report");
    assert_eq!(report.message, "job-report-inbox-retention");
    assert_eq!(report.args["count"], 1, "{report:?}");
    let after = store::find(&mut t.conn(), q.id).unwrap().unwrap();
    assert_eq!(
        (
            after.asker_name.as_str(),
            after.asker_email.as_str(),
            after.asker_phone.as_str(),
            after.client_addr.as_str()
        ),
        ("", "", "", "")
    );
    assert!(after.anonymised_at.is_some());
    assert_eq!(after.title, q.title, "the question itself stays");
    let kinds: Vec<String> = store::history(&mut t.conn(), q.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert_eq!(kinds.last().unwrap(), "anonymised");
}

on_both_backends!(mail_waits_out_an_smtp_server_down_for_an_hour);
/// The measurement of the closing note: the acknowledgement of a question submitted while
/// the mail server is down is tried at 0, 1, 3, 7, 15 and 31 minutes (backoff doubling),
/// the server comes back at 60 minutes, and the seventh attempt, at 63 minutes, delivers
/// it — exactly once — while the citizen had the code at once.
async fn mail_waits_out_an_smtp_server_down_for_an_hour(backend: Backend) {
    let port = SmtpSink::free_port();
    let Some(t) = app_with(backend, format!("smtp://127.0.0.1:{port}"), |_| {}) else {
        return;
    };
    let app = t.anon();
    let started = std::time::Instant::now();
    let r = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "203.0.113.60",
        None,
        &form("f@example.org", &[]),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "the request did not wait for mail"
    );
    let mail_job = jobs_named(&t, &["mail-delivery"]);
    let submitted = t.clock.now();
    let mut attempts_at = Vec::new();
    let mut sink = None;
    for minute in 0..=90 {
        if minute == 60 {
            sink = Some(SmtpSink::start_on(port));
        }
        let before = cong::mail::outbox(&mut t.conn()).unwrap()[0].attempts;
        run(&t, &mail_job);
        let mail = &cong::mail::outbox(&mut t.conn()).unwrap()[0];
        if mail.attempts > before {
            attempts_at.push(minute);
        }
        t.clock.advance(Duration::minutes(1));
    }
    assert_eq!(attempts_at, [0, 1, 3, 7, 15, 31, 63]);
    let mail = &cong::mail::outbox(&mut t.conn()).unwrap()[0];
    assert_eq!(mail.attempts, 7);
    let delay = mail.sent_at.unwrap() - submitted.naive_utc();
    assert_eq!(delay, Duration::minutes(63));
    let sink = sink.unwrap();
    assert_eq!(sink.to("f@example.org").len(), 1, "delivered exactly once");
    eprintln!(
        "SMTP down for an hour: {} attempts at minutes {attempts_at:?}, delivered once after {} minutes",
        mail.attempts,
        delay.num_minutes()
    );
}

#[actix_web::test]
async fn dashboards_and_the_monthly_report() {
    let t = TestApp::new();
    people(&t);
    let board = t.user("bandientu");
    // The demo questions fill the board's dashboard: received, forwarded, overdue, paused.
    let dash = board.get("/admin/sites/sonha/inbox").await;
    assert_eq!(dash.status, 200, "{}", dash.body);
    for standing in ["on_time", "overdue", "paused"] {
        assert!(
            !dash
                .body
                .contains(&format!("data-standing=\"{standing}\">0<")),
            "{standing}: {}",
            dash.body
        );
    }
    let sxd = t.user("sxd_soan").get("/admin/sites/sxd/inbox").await;
    assert!(
        sxd.body.contains("Cấp phép sửa chữa nhà ở") && !sxd.body.contains("Hỗ trợ doanh nghiệp")
    );
    // The department cannot open the board's queue, nor another department's questions.
    let refused = t.user("sxd_soan").get("/admin/sites/sonha/inbox").await;
    assert_eq!(refused.status, 403);
    let report = board.get("/admin/sites/sonha/inbox/report?year=2026").await;
    assert!(
        report.body.contains("<svg") && report.body.contains("2026-11"),
        "{}",
        report.body
    );
    let csv = board
        .get("/admin/sites/sonha/inbox/report.csv?year=2026")
        .await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "month,department,received,answered,on_time,late");
    let received: usize = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(2).unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(received, 5, "{}", csv.body);
}

on_both_backends!(an_announcement_entered_by_an_administrator_moves_open_deadlines);
async fn an_announcement_entered_by_an_administrator_moves_open_deadlines(backend: Backend) {
    let Some(t) = app_with(backend, String::new(), |_| {}) else {
        return;
    };
    people(&t);
    account(&t, "quantri", true, &[]);
    let app = t.anon();
    let open = forwarded(&t, &app, "g@example.org", "203.0.113.70").await;
    let r = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "203.0.113.71",
        None,
        &form("h@example.org", &[]),
    )
    .await;
    let closed = question_in(&t, &r);
    let board = t.user("bandientu");
    board
        .post_form(
            &format!("/admin/inbox/{}/reject", closed.id),
            &[("reason", "Ngoài phạm vi")],
        )
        .await;
    assert_eq!(local_day(open.due_at), "2026-12-14");

    // Only system administrators enter announcements; a bad one is refused with a reason.
    let admin = t.user("quantri");
    let fields = [
        ("day", "2026-12-01"),
        ("kind", "day_off"),
        ("name", "Nghỉ đột xuất"),
        ("source", "Thông báo 99/TB-VPCP ngày 25/11/2026"),
    ];
    assert_eq!(
        board.post_form("/admin/calendar", &fields).await.status,
        403
    );
    let bad = admin
        .post_form(
            "/admin/calendar",
            &[
                ("day", "2026-12-01"),
                ("kind", "day_off"),
                ("name", "Nghỉ"),
                ("source", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("văn bản quy định"), "{}", bad.body);

    // Tuesday 1/12 becomes a day off: the open question's deadline moves a working day.
    let r = admin.post_form("/admin/calendar", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let moved = store::find(&mut t.conn(), open.id).unwrap().unwrap();
    assert_eq!(local_day(moved.due_at), "2026-12-15");
    let note = last_deadline_move(&t, open.id);
    assert!(
        note.starts_with("2026-12-14 → 2026-12-15: 2026-12-01 Nghỉ đột xuất (Thông báo 99/TB-VPCP"),
        "{note}"
    );
    let untouched = store::find(&mut t.conn(), closed.id).unwrap().unwrap();
    assert_eq!(
        untouched.due_at, closed.due_at,
        "closed questions keep their deadline"
    );
    let page = admin.get("/admin/calendar").await;
    assert!(page.body.contains("Nghỉ đột xuất"));

    // Removing it restores the shipped calendar, and the history says so too.
    let r = admin
        .post_form("/admin/calendar/2026-12-01/remove", &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let back = store::find(&mut t.conn(), open.id).unwrap().unwrap();
    assert_eq!(back.due_at, open.due_at);
    let kinds: Vec<String> = store::history(&mut t.conn(), open.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "deadline-moved").count(), 2);
}

#[actix_web::test]
async fn the_board_classifies_merges_and_rejects_telling_the_citizen_in_their_language() {
    let sink = SmtpSink::start();
    let t = app_with(Backend::Sqlite, sink.url(), |_| {}).unwrap();
    people(&t);
    let app = t.anon();
    let board = t.user("bandientu");
    let mail_job = jobs_named(&t, &["mail-delivery"]);
    // Asked in English: the acknowledgement is in English.
    let first = ask(
        &app,
        "/en/questions/ask",
        "203.0.113.80",
        None,
        &form("k@example.org", &[]),
    )
    .await;
    assert!(
        first.body.contains("Your question was received"),
        "{}",
        first.body
    );
    let first = question_in(&t, &first);
    let second = ask(
        &app,
        "/hoi-dap/dat-cau-hoi",
        "203.0.113.81",
        None,
        &form("l@example.org", &[]),
    )
    .await;
    let second = question_in(&t, &second);
    let third = ask(
        &app,
        "/en/questions/ask",
        "203.0.113.82",
        None,
        &form("m@example.org", &[]),
    )
    .await;
    let third = question_in(&t, &third);
    run(&t, &mail_job);
    let ack = &sink.to("k@example.org")[0];
    assert!(
        ack.subject().starts_with("Question HD-"),
        "{}",
        ack.subject()
    );
    assert!(
        ack.text()
            .contains("The legal answer date: 14 December 2026."),
        "{}",
        ack.text()
    );

    let act = |id: QuestionId, action: &str| format!("/admin/inbox/{id}/{action}");
    let r = board
        .post_form(&act(first.id, "classify"), &[("field", "dat-dai")])
        .await;
    assert_eq!(r.status, 303);
    let bad = board
        .post_form(&act(first.id, "classify"), &[("field", "thoi-tiet")])
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(
        store::find(&mut t.conn(), first.id).unwrap().unwrap().field,
        "dat-dai"
    );

    // The second question duplicates the first: merged, its asker told the other code.
    let unknown = board
        .post_form(&act(second.id, "merge"), &[("into", "HD-2222222222")])
        .await;
    assert_eq!(unknown.status, 422);
    assert!(unknown
        .body
        .contains("Không có câu hỏi nào khác đang mở mang mã này"));
    let r = board
        .post_form(&act(second.id, "merge"), &[("into", &first.code)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The third is out of scope: rejected with the reason, in English.
    let r = board
        .post_form(
            &act(third.id, "reject"),
            &[("reason", "A matter for the court.")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A closed question takes no more actions.
    let again = board
        .post_form(&act(third.id, "forward"), &[("to", "sxd")])
        .await;
    assert_eq!(again.status, 409);
    t.clock.advance(Duration::minutes(1));
    run(&t, &mail_job);
    let merged = &sink.to("l@example.org")[1];
    assert!(merged.text().contains(&first.code), "{}", merged.text());
    let rejected = &sink.to("m@example.org")[1];
    assert!(
        rejected.text().contains("outside the remit")
            && rejected.text().contains("A matter for the court."),
        "{}",
        rejected.text()
    );
    let status = app
        .get(
            "localhost",
            &format!("/en/questions/status?code={}", third.code),
        )
        .await;
    assert!(status.body.contains("Closed"), "{}", status.body);
    let history: Vec<String> = store::history(&mut t.conn(), first.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert_eq!(history, ["received", "classified", "merged-here"]);
}

/// The public form's fields with a file in the `attachment` field.
fn with_attachment(fields: &[(&str, &str)], file_name: &str, file: &[u8]) -> Multipart {
    Multipart::new()
        .fields(fields)
        .file("attachment", file_name, file)
}

on_both_backends!(an_attachment_is_kept_for_the_handlers_only);
async fn an_attachment_is_kept_for_the_handlers_only(backend: Backend) {
    let Some(t) = app_with(backend, String::new(), |c| {
        c.inbox.attachment_bytes = 64 * 1024;
        c.inbox.retention_days = 30;
    }) else {
        return;
    };
    people(&t);
    let app = t.anon();
    let post = |body: Multipart| {
        body.request("localhost", "/hoi-dap/dat-cau-hoi")
            .peer_addr("203.0.113.90:40000".parse().unwrap())
    };
    let fields = form("n@example.org", &[]);
    let before = questions_count(&t);

    // What its bytes are decides, not its name: a program named .pdf is refused.
    let body = with_attachment(
        &fields,
        "don.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
    );
    let refused = app.send(post(body)).await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("Hãy đính kèm tài liệu PDF"),
        "{}",
        refused.body
    );
    let big = [b"%PDF-1.4\n".as_slice(), &vec![b'x'; 70 * 1024]].concat();
    let body = with_attachment(&fields, "lon.pdf", &big);
    let too_big = app.send(post(body)).await;
    assert_eq!(too_big.status, 400);
    assert!(
        too_big.body.contains("Tệp đính kèm quá lớn"),
        "{}",
        too_big.body
    );
    assert_eq!(questions_count(&t), before);

    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let body = with_attachment(&fields, "Giấy tờ đất.pdf", pdf);
    let r = app.send(post(body)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let q = question_in(&t, &r);
    let kept = store::attachment(&mut t.conn(), q.id).unwrap().unwrap();
    assert_eq!(
        (kept.content_type.as_str(), kept.size),
        ("application/pdf", pdf.len() as i64)
    );
    assert!(kept.file_name.ends_with(".pdf"), "{}", kept.file_name);

    // The board downloads it; the department does not see the board's question.
    let board = t.user("bandientu");
    let page = board.get(&format!("/admin/inbox/{}", q.id)).await;
    assert!(
        page.body.contains(&kept.file_name),
        "{} {}: {}",
        page.status,
        kept.file_name,
        page.body
    );
    let file = board
        .get(&format!("/admin/inbox/{}/attachment", q.id))
        .await;
    assert_eq!(file.status, 200);
    assert_eq!(file.body.as_bytes(), pdf);
    assert!(file.header("content-disposition").starts_with("attachment"));
    let other = t.user("sxd_soan");
    let refused = other
        .get(&format!("/admin/inbox/{}/attachment", q.id))
        .await;
    assert_eq!(refused.status, 403);

    // Retention removes it with the personal data, and its file.
    board
        .post_form(
            &format!("/admin/inbox/{}/reject", q.id),
            &[("reason", "Ngoài phạm vi")],
        )
        .await;
    t.clock.advance(Duration::days(31));
    run(&t, &jobs_named(&t, &["inbox-retention"]));
    assert!(store::attachment(&mut t.conn(), q.id).unwrap().is_none());
    assert!(!t.state.files.exists(&kept.sha256));
}

/// The settings form of a site as it stands, with some fields changed.
fn settings_form(t: &TestApp, slug: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let directory = cong::site::store::load_directory(&mut t.conn()).unwrap();
    let site = directory.by_slug(slug).unwrap();
    let aliases = cong::site::store::aliases_of(&mut t.conn(), site.id).unwrap();
    let current = cong::site::store::SiteSettings::of(
        site,
        &aliases,
        directory.menu(site.id, cong::lang::Lang::Vi),
        directory.menu(site.id, cong::lang::Lang::En),
    );
    let serde_json::Value::Object(fields) = serde_json::to_value(current).unwrap() else {
        unreachable!("settings are a struct")
    };
    let mut form: Vec<(String, String)> = fields
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
        .collect();
    for (k, v) in changes {
        form.retain(|(key, _)| key != k);
        form.push((k.to_string(), v.to_string()));
    }
    form
}

fn local_time(utc: chrono::NaiveDateTime) -> String {
    utc.and_utc()
        .with_timezone(&cong::clock::vietnam())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

on_both_backends!(a_site_s_own_office_hours_decide_receipt_and_deadlines);
async fn a_site_s_own_office_hours_decide_receipt_and_deadlines(backend: Backend) {
    let Some(t) = app_with(backend, String::new(), |_| {}) else {
        return;
    };
    people(&t);
    account(&t, "sxd_quantri", false, &[("sxd", Role::SiteAdmin)]);
    let app = t.anon();
    // Sessions expire while the clock moves on: each save signs in afresh.
    let test_app = &t;
    let save = move |changes: &[(&str, &str)]| {
        let form = settings_form(test_app, "sxd", changes);
        let admin = test_app.user("sxd_quantri");
        async move {
            let fields: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let r = admin.post_form("/admin/sites/sxd/settings", &fields).await;
            if r.status == 303 {
                assert!(
                    location(&r).ends_with("/sites/sxd/settings"),
                    "{}",
                    location(&r)
                );
            }
            r
        }
    };

    // Hours that cannot be read are refused with the reason, and nothing is saved.
    let bad = save(&[("office_sessions", "sáng 7:30-11:30"), ("phone", "0999")]).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.body.contains("Các buổi làm việc phải có dạng"),
        "{}",
        bad.body
    );
    let directory = cong::site::store::load_directory(&mut t.conn()).unwrap();
    let sxd = directory.by_slug("sxd").unwrap();
    assert_eq!(sxd.office_sessions, None);
    assert_ne!(sxd.phone, "0999");

    // The department of construction works 07:00–11:00 and 13:00–16:00, typed as people do.
    let r = save(&[("office_sessions", "7h - 11h, 13h00 – 16h00")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let admin = t.user("sxd_quantri");
    let page = admin.get("/admin/sites/sxd/settings").await;
    assert!(
        page.body.contains(r#"value="07:00–11:00, 13:00–16:00""#),
        "{}",
        page.body
    );

    // Friday 20/11/2026 at 16:30: after the department's hours, within the portal's.
    t.clock.set(start_time() + Duration::minutes(7 * 60 + 30));
    let r = app
        .send(asked_on(
            "sxd.localhost",
            "/hoi-dap/dat-cau-hoi",
            "203.0.113.90",
            &form("m@example.org", &[]),
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let at_sxd = question_in(&t, &r);
    // Received on Monday 23/11 at 07:00; the day of receipt is not counted and 24/11 is a
    // holiday, so the fifteenth working day is Tuesday 15/12, closing at 16:00.
    assert_eq!(local_time(at_sxd.triage_due_at), "2026-11-23 09:00");
    assert_eq!(local_time(at_sxd.due_at), "2026-12-15 16:00");
    assert!(r.body.contains("15/12/2026"), "{}", r.body);

    // The same moment on the portal counts Friday as the day of receipt; forwarding the
    // question to the department does not move the date the citizen was given.
    let at_portal = forwarded(&t, &app, "n@example.org", "203.0.113.91").await;
    assert_eq!(local_time(at_portal.due_at), "2026-12-14 17:00");

    // Back to the common hours: the department's open question is recomputed and its
    // history says why; the portal's is untouched.
    let r = save(&[("office_sessions", "")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let moved = store::find(&mut t.conn(), at_sxd.id).unwrap().unwrap();
    assert_eq!(local_time(moved.due_at), "2026-12-14 17:00");
    let note = last_deadline_move(&t, at_sxd.id);
    assert!(
        note.ends_with("07:00–11:00, 13:00–16:00 → 07:30–11:30, 13:30–17:00"),
        "{note}"
    );
    let kept = store::find(&mut t.conn(), at_portal.id).unwrap().unwrap();
    assert_eq!(kept.due_at, at_portal.due_at);
    assert!(store::history(&mut t.conn(), at_portal.id)
        .unwrap()
        .iter()
        .all(|e| e.kind != "deadline-moved"));
}

#[actix_web::test]
async fn the_demo_answers_two_questions_through_the_review_one_of_them_late() {
    let t = TestApp::new();
    let now = t.clock.now().naive_utc();
    let directory = t.state.sites.current();
    let settings = &t.state.config.inbox;
    // Without the demo accounts there is nobody to answer.
    assert_eq!(
        cong::inbox::demo::answer(&mut t.conn(), &directory, settings, now).unwrap(),
        0
    );
    cong::account::demo::ensure(&mut t.conn(), &directory, now).unwrap();
    assert_eq!(
        cong::inbox::demo::answer(&mut t.conn(), &directory, settings, now).unwrap(),
        2
    );
    assert_eq!(
        cong::inbox::demo::answer(&mut t.conn(), &directory, settings, now).unwrap(),
        0,
        "once"
    );
    let answered: Vec<store::Question> = store::list(&mut t.conn(), None)
        .unwrap()
        .into_iter()
        .filter(|q| q.status == "answered")
        .collect();
    assert_eq!(answered.len(), 2);
    let calendars = store::calendars(&mut t.conn(), settings).unwrap();
    let mut standings: Vec<_> = answered
        .iter()
        .map(|q| q.standing(now, &calendars, settings))
        .collect();
    standings.sort();
    assert_eq!(
        standings,
        [
            cong::inbox::Standing::AnsweredOnTime,
            cong::inbox::Standing::AnsweredLate
        ]
    );
    assert!(cong::mail::outbox(&mut t.conn()).unwrap().is_empty());
    let app = t.anon();
    let list = app.get("skhcn.localhost", "/hoi-dap").await;
    assert!(
        list.body
            .contains("Hỗ trợ đổi mới công nghệ cho doanh nghiệp nhỏ"),
        "{}",
        list.body
    );
    assert!(!list.body.contains("Công dân thử nghiệm"));
}

#[actix_web::test]
async fn a_department_answers_on_its_own_site_and_corrects_a_published_answer() {
    let sink = SmtpSink::start();
    let t = app_with(Backend::Sqlite, sink.url(), |_| {}).unwrap();
    people(&t);
    let app = t.anon();
    let mail_job = jobs_named(&t, &["mail-delivery"]);
    // Asked on the department's own site: its board answers without any forwarding.
    let r = app
        .send(asked_on(
            "sxd.localhost",
            "/hoi-dap/dat-cau-hoi",
            "203.0.113.95",
            &form("p@example.org", &[]),
        ))
        .await;
    let q = question_in(&t, &r);
    let [author, editor, head] = ["sxd_soan", "sxd_bientap", "sxd_truong"].map(|u| t.user(u));
    let path = format!("/admin/inbox/{}/answer", q.id);
    let fields = |answer: &'static str| {
        [
            ("title", "Giấy phép xây dựng nhà ở riêng lẻ tại xã"),
            (
                "question",
                "Xây nhà ở riêng lẻ tại xã có cần giấy phép xây dựng không?",
            ),
            ("answer", answer),
        ]
    };
    let r = author
        .post_form(
            &path,
            &fields("Nhà ở riêng lẻ tại xã được **miễn giấy phép** xây dựng."),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let first = last_id(&r);
    let r = through_review([&author, &editor, &head], first).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let answered = store::find(&mut t.conn(), q.id).unwrap().unwrap();
    assert_eq!(answered.status, "answered");
    // The portal's Q&A list gathers the departments' answers, naming the department.
    let portal = app.get("localhost", "/hoi-dap").await;
    assert_eq!(portal.status, 200);
    let card = portal
        .body
        .split("<li>")
        .find(|li| li.contains("Giấy phép xây dựng nhà ở riêng lẻ tại xã"))
        .unwrap_or_else(|| panic!("{}", portal.body));
    assert!(card.contains("Xây dựng"), "{card}");
    assert!(card.contains("sxd.localhost/hoi-dap/"), "{card}");

    // The answer was incomplete: the form starts from the published text, marked as a
    // correction, and the correction goes through review again.
    t.clock.advance(Duration::days(1));
    let [author, editor, head] = ["sxd_soan", "sxd_bientap", "sxd_truong"].map(|u| t.user(u));
    let page = author.get(&format!("/admin/inbox/{}", q.id)).await;
    assert!(
        page.body.contains("Đính chính câu trả lời"),
        "{}",
        page.body
    );
    assert!(page.body.contains("**miễn giấy phép**"), "{}", page.body);
    let corrected = "Nhà ở riêng lẻ tại xã được **miễn giấy phép** xây dựng, trừ nhà trong khu vực đã có quy hoạch chi tiết xây dựng.";
    let r = author.post_form(&path, &fields(corrected)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let second = last_id(&r);
    let r = through_review([&author, &editor, &head], second).await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The citizen gets the answer, then the correction, which says it replaces it.
    t.clock.advance(Duration::minutes(1));
    run(&t, &mail_job);
    let mails = sink.to("p@example.org");
    assert_eq!(mails.len(), 3, "acknowledgement, answer, correction");
    assert!(
        mails[2].subject().contains("đính chính"),
        "{}",
        mails[2].subject()
    );
    assert!(
        mails[2].text().contains("khu vực đã có quy hoạch"),
        "{}",
        mails[2].text()
    );
    assert!(mails[2]
        .text()
        .contains("thay cho câu trả lời đã gửi trước"));
    let after = store::find(&mut t.conn(), q.id).unwrap().unwrap();
    assert_eq!(
        after.closed_at, answered.closed_at,
        "the day of the answer stays"
    );
    let kinds: Vec<String> = store::history(&mut t.conn(), q.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert!(kinds.contains(&"answer-revised".to_string()), "{kinds:?}");
    // The audit log names both revisions in the reader's language.
    account(&t, "quantri_hd", true, &[]);
    let log = t.user("quantri_hd");
    let published = log.get("/admin/audit?action=revision.publish").await.body;
    for n in [1, 2] {
        let line = format!("Giấy phép xây dựng nhà ở riêng lẻ tại xã (phiên bản {n})");
        assert!(published.contains(&line), "{published}");
    }
    let csv = log
        .get("/admin/audit.csv?action=revision.publish")
        .await
        .body;
    assert!(
        csv.contains("(phiên bản 2)") && !csv.contains("\"note\""),
        "{csv}"
    );
    let item = app
        .get(
            "sxd.localhost",
            &format!("/hoi-dap/{}", after.answer_content_id.unwrap()),
        )
        .await;
    let item = app.get("sxd.localhost", &location(&item)).await;
    assert!(
        item.body.contains("khu vực đã có quy hoạch"),
        "{}",
        item.body
    );
}
