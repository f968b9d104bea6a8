//! Items 4 and 12 of the review: the public question form's uploads, origin and text.

use super::{ask_fields, ask_request, multipart, temp_files, PDF};
use crate::common::{Backend, Setup, TestApp};

fn app(backend: Backend, configure: impl Fn(&mut cong::Config) + 'static) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        configure: Some(Box::new(configure)),
        ..Setup::default()
    })
}

fn questions(t: &TestApp) -> usize {
    cong::inbox::store::list(&mut t.conn(), None).unwrap().len()
}

#[actix_web::test]
async fn extra_attachments_and_refused_forms_leave_no_temporary_file() {
    let t = app(Backend::Sqlite, |_| {}).unwrap();
    let app = t.anon();
    let before = questions(&t);
    let post = |peer: &str, (ct, body): (String, Vec<u8>)| {
        ask_request("localhost", peer)
            .insert_header(("content-type", ct))
            .set_payload(body)
    };
    let fields = ask_fields("hoa@example.vn", &[]);
    let three = multipart(&fields, &[("a.pdf", PDF), ("b.pdf", PDF), ("c.pdf", PDF)]);
    let r = app.send(post("203.0.113.10", three)).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Chỉ đính kèm một tệp"), "{}", r.body);
    assert_eq!(temp_files(&t), 0);
    // Refused by validation, with an attachment.
    let bad = ask_fields("not an address", &[]);
    let r = app
        .send(post("203.0.113.11", multipart(&bad, &[("a.pdf", PDF)])))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(temp_files(&t), 0);
    // Caught by the honeypot, with an attachment.
    let robot = ask_fields("hoa@example.vn", &[("website", "http://spam.example")]);
    let r = app
        .send(post("203.0.113.12", multipart(&robot, &[("a.pdf", PDF)])))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(temp_files(&t), 0);
    // A connection cut in the middle of the file.
    let (ct, mut body) = multipart(&fields, &[("a.pdf", &[b'%'; 40_000])]);
    body.truncate(body.len() - 20_000);
    let r = app.send(post("203.0.113.13", (ct, body))).await;
    assert!(r.status >= 400 && r.status < 500, "{}", r.status);
    assert_eq!(temp_files(&t), 0);
    assert_eq!(questions(&t), before);
    // One attachment is still welcome.
    let r = app
        .send(post("203.0.113.14", multipart(&fields, &[("a.pdf", PDF)])))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(temp_files(&t), 0);
}

#[actix_web::test]
async fn abandoned_temporary_files_go_at_start_and_with_the_hourly_job() {
    let t = TestApp::new();
    let dir = t.state.config.temp_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    let leave = |name: &str, modified: Option<std::time::SystemTime>| {
        let f = std::fs::File::create(dir.join(name)).unwrap();
        if let Some(m) = modified {
            f.set_modified(m).unwrap();
        }
    };
    leave("upload-crashed", Some(old));
    leave("upload-in-progress", None);
    let _second = t.second_server();
    assert!(!dir.join("upload-crashed").exists());
    assert!(dir.join("upload-in-progress").exists());
    leave("upload-dropped", Some(old));
    let schedule = t.state.schedule();
    let job: Vec<_> = schedule
        .into_iter()
        .filter(|j| j.name == "temp-cleanup")
        .collect();
    assert_eq!(job.len(), 1);
    let clock: cong::clock::SharedClock = t.clock.clone();
    let runs = cong::jobs::run_due(&mut t.conn(), &job, "test", &clock).unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert!(!dir.join("upload-dropped").exists());
    assert!(dir.join("upload-in-progress").exists());
}

#[actix_web::test]
async fn attachment_bytes_count_in_the_hourly_limits() {
    let t = app(Backend::Sqlite, |c| {
        c.inbox.upload_bytes_per_address_per_hour = 1_500;
        c.inbox.per_address_per_hour = 50;
    })
    .unwrap();
    let app = t.anon();
    let file = [PDF, &[b' '; 900]].concat();
    let post = |fields: &[(&str, &str)]| {
        let (ct, body) = multipart(fields, &[("a.pdf", &file)]);
        ask_request("localhost", "198.51.100.20")
            .insert_header(("content-type", ct))
            .set_payload(body)
    };
    let ok = ask_fields("hoa@example.vn", &[]);
    let bad = ask_fields("not an address", &[]);
    // Refused forms count too: their bytes were received all the same.
    assert_eq!(app.send(post(&bad)).await.status, 400);
    assert_eq!(app.send(post(&ok)).await.status, 200);
    let limited = app.send(post(&ok)).await;
    assert_eq!(limited.status, 429);
    assert!(
        limited.body.contains("quá nhiều tệp đính kèm"),
        "{}",
        limited.body
    );
    assert_eq!(temp_files(&t), 0);
    // Another address is not concerned.
    let (ct, body) = multipart(&ok, &[("a.pdf", &file)]);
    let other = ask_request("localhost", "192.0.2.55")
        .insert_header(("content-type", ct))
        .set_payload(body);
    assert_eq!(app.send(other).await.status, 200);
}

#[actix_web::test]
async fn a_foreign_origin_is_refused_and_a_missing_one_accepted() {
    let t = TestApp::new();
    let app = t.anon();
    let before = questions(&t);
    let fields = ask_fields("hoa@example.vn", &[]);
    let from = |peer: &str, origin: Option<&str>| {
        let mut req = ask_request("skhcn.localhost:8080", peer).set_form(fields.clone());
        if let Some(o) = origin {
            req = req.insert_header(("origin", o));
        }
        req
    };
    for (i, foreign) in ["http://evil.example", "null", "http://203.0.113.66:8080"]
        .iter()
        .enumerate()
    {
        let r = app
            .send(from(&format!("203.0.113.{}", 30 + i), Some(foreign)))
            .await;
        assert_eq!(r.status, 403, "{foreign}");
        assert!(r.body.contains("gửi từ một trang web khác"), "{}", r.body);
    }
    assert_eq!(questions(&t), before);
    for (i, own) in [
        None,
        Some("http://skhcn.localhost:8080"),
        Some("https://localhost"),
    ]
    .iter()
    .enumerate()
    {
        let r = app
            .send(from(&format!("198.51.100.{}", 40 + i), *own))
            .await;
        assert_eq!(r.status, 200, "{own:?}: {}", r.body);
    }
    assert_eq!(questions(&t), before + 3);
}

on_both_backends!(control_characters_are_refused_with_a_clear_message);
async fn control_characters_are_refused_with_a_clear_message(backend: Backend) {
    let Some(t) = app(backend, |_| {}) else {
        return;
    };
    let app = t.anon();
    let before = questions(&t);
    for (field, value) in [
        ("email", "a\0@b.cd"),
        ("title", "ti\0tle of the question"),
        ("name", "Hoa\u{1b}[31m"),
    ] {
        let fields = ask_fields("hoa@example.vn", &[(field, value)]);
        let r = app
            .send(ask_request("localhost", "203.0.113.50").set_form(fields))
            .await;
        assert_eq!(r.status, 400, "{field}: {}", r.body);
        assert!(r.body.contains("ký tự điều khiển"), "{}", r.body);
    }
    assert_eq!(questions(&t), before);
    // Line breaks and tabs are text.
    let text = format!("{}\r\n\tXin cảm ơn.", super::QUESTION);
    let fields = ask_fields("hoa@example.vn", &[("question", text.as_str())]);
    let r = app
        .send(ask_request("localhost", "203.0.113.51").set_form(fields))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("class=\"tracking-code\""), "{}", r.body);
}

on_both_backends!(an_editor_s_text_with_control_characters_is_refused);
async fn an_editor_s_text_with_control_characters_is_refused(backend: Backend) {
    let Some(t) = app(backend, |_| {}) else {
        return;
    };
    crate::admin::board(&t);
    let author = t.user("soantin");
    let r = author
        .post_form(
            "/admin/sites/sonha/content/new",
            &[
                ("kind", "news"),
                ("lang", "vi"),
                ("title", "Tin\0 có ký tự NUL"),
                ("body_markdown", "Nội dung."),
                ("author", "Nguyễn Thị Soạn"),
                ("source", "Văn phòng UBND tỉnh"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("ký tự điều khiển"), "{}", r.body);
}
