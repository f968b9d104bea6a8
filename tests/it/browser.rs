//! A real browser: headless Chromium against a real server on 127.0.0.1 — an
//! accessibility and design check of every page type at desktop and phone widths
//! (tests/browser/a11y.mjs), the editorial
//! workflow by two people (tests/browser/workflow.mjs) and a citizen's question from the
//! public form to the published answer (tests/browser/ask.mjs, then answer.mjs), and a week
//! of the leaders' work schedule from the week form to the citizen's calendar
//! (tests/browser/schedule.mjs).

use std::path::Path;
use std::process::Command;

use cong::clock::Clock;

use crate::common::TestApp;

fn missing_prerequisite() -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium chromium-driver)"
        ));
    }
    if !root
        .join("tests/browser/node_modules/playwright-core")
        .exists()
    {
        return Some("tests/browser/node_modules missing (npm ci --prefix tests/browser)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    None
}

/// True when the browser can run; says loudly why not (and fails under CI).
fn browser_available(test: &str) -> bool {
    match missing_prerequisite() {
        None => true,
        Some(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{test} cannot run: {why}")
        }
        Some(why) => {
            eprintln!("\n!!!!! {test} NOT RUN: {why} !!!!!\n");
            crate::common::skipped(crate::common::Skipped::Browser);
            false
        }
    }
}

/// The demo accounts (`truongban`, `bientap`…) in the test app, for the scripts that sign in.
fn with_demo_accounts(t: &TestApp) {
    let directory = t.state.sites.current();
    cong::account::demo::ensure(&mut t.conn(), &directory, t.clock.now().naive_utc())
        .expect("demo accounts");
}

/// An app whose absolute links (other sites, the canonical address) name the port it will
/// be served on: a free port of 127.0.0.1, chosen now.
fn browser_app(configure: impl Fn(&mut cong::Config) + 'static) -> TestApp {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    TestApp::with(crate::common::Setup {
        configure: Some(Box::new(move |c| {
            c.public_port = Some(port);
            configure(c);
        })),
        ..crate::common::Setup::default()
    })
    .expect("SQLite is always available")
}

/// An alert for every site and a maintenance announced on the science department's site,
/// both showing now.
fn with_banners(t: &TestApp) {
    use cong::site::banners::{self, BannerForm, BannerKind};
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    let by = cong::account::audit::Entry::named(None, "test", cong::account::audit::Via::Cli);
    let day = chrono::Duration::days(1);
    let alert = BannerForm {
        kind: Some(BannerKind::Alert),
        title_vi: "Cảnh báo mưa lớn, lũ quét trên địa bàn tỉnh".into(),
        body_vi: "Người dân vùng trũng chủ động sơ tán theo hướng dẫn của chính quyền địa phương."
            .into(),
        starts_at: Some(now),
        ends_at: Some(now + day),
        ..BannerForm::default()
    };
    let maintenance = BannerForm {
        site_id: Some(crate::common::site_id(t, "skhcn")),
        kind: Some(BannerKind::Maintenance),
        title_vi: "Bảo trì hệ thống dịch vụ công".into(),
        starts_at: Some(now),
        ends_at: Some(now + day * 3),
        work_starts_at: Some(now + day * 2),
        ..BannerForm::default()
    };
    for form in [alert, maintenance] {
        banners::create(&mut t.conn(), &form, &by, now).expect("a banner");
    }
    // Banners are read with the site directory.
    t.state.reload_sites().expect("reload the sites");
}

/// Serves the app on 127.0.0.1, on the port its links name, in a thread of its own;
/// returns the port.
fn serve(t: &TestApp) -> u16 {
    let state = t.state.clone();
    let port = state
        .config
        .public_port
        .expect("a browser app names its port");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = actix_web::HttpServer::new(move || cong::build(state.clone()))
                .workers(1)
                .bind(("127.0.0.1", port))
                .expect("bind the chosen port");
            tx.send(server.addrs()[0].port()).expect("report the port");
            server.run().await.expect("serve");
        })
    });
    rx.recv().expect("the server started")
}

/// Runs a script of tests/browser against the server; fails with its report, else
/// returns it.
fn run_script(script: &str, port: u16, extra: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(root.join("tests/browser").join(script))
        .args(["--base", &format!("http://127.0.0.1:{port}"), "--out"])
        .arg(root.join("target/screenshots"))
        .args(extra)
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{report}");
    assert!(out.status.success(), "{script} failed:\n{report}");
    report
}

#[test]
fn pages_are_accessible_in_a_real_browser() {
    if !browser_available("browser accessibility test") {
        return;
    }
    let t = browser_app(|_| {});
    with_demo_accounts(&t);
    with_banners(&t);
    run_script(
        "a11y.mjs",
        serve(&t),
        &[
            "--subsite",
            "skhcn",
            "--password",
            cong::account::demo::PASSWORD,
        ],
    );
}

#[test]
fn two_people_take_a_news_item_to_the_public_site_in_a_real_browser() {
    if !browser_available("browser workflow test") {
        return;
    }
    let t = browser_app(|_| {});
    with_demo_accounts(&t);
    // The test clock stands still; the workflow needs none of its movement.
    run_script(
        "workflow.mjs",
        serve(&t),
        &["--password", cong::account::demo::PASSWORD],
    );
}

/// The whole path in the browser: a citizen asks (tests/browser/ask.mjs), then the
/// board forwards, a department answers, an editor approves and a board head publishes
/// (tests/browser/answer.mjs); the citizen's mail arrives at a real SMTP server.
#[test]
fn a_citizen_asks_in_a_real_browser_and_receives_the_published_answer() {
    if !browser_available("browser question test") {
        return;
    }
    let sink = crate::common::SmtpSink::start();
    let url = sink.url();
    let t = browser_app(move |c| c.smtp_url = url.clone());
    with_demo_accounts(&t);
    let port = serve(&t);
    let report = run_script("ask.mjs", port, &["--email", "thu@example.org"]);
    let code = report
        .lines()
        .find_map(|l| l.strip_prefix("CODE="))
        .expect("the script printed the tracking code")
        .trim()
        .to_string();
    let question = cong::inbox::store::find_by_code(&mut t.conn(), &code)
        .unwrap()
        .expect("the question is stored");
    assert_eq!(question.asker_email, "thu@example.org");
    assert_eq!(question.client_addr, "127.0.0.1");
    let clock: cong::clock::SharedClock = t.clock.clone();
    let mail: Vec<_> = t
        .state
        .schedule()
        .into_iter()
        .filter(|j| j.name == "mail-delivery")
        .collect();
    cong::jobs::run_due(&mut t.conn(), &mail, "test", &clock).unwrap();
    let received = sink.to("thu@example.org");
    assert_eq!(received.len(), 1);
    assert!(received[0].subject().contains(&code));

    run_script(
        "answer.mjs",
        port,
        &["--code", &code, "--password", cong::account::demo::PASSWORD],
    );
    // The delivery job runs every minute.
    t.clock.advance(chrono::Duration::minutes(1));
    cong::jobs::run_due(&mut t.conn(), &mail, "test", &clock).unwrap();
    let received = sink.to("thu@example.org");
    assert_eq!(received.len(), 2, "the acknowledgement, then the answer");
    assert!(
        received[1]
            .text()
            .contains("không phải làm thủ tục gia hạn"),
        "{}",
        received[1].text()
    );
    let question = cong::inbox::store::find_by_code(&mut t.conn(), &code)
        .unwrap()
        .unwrap();
    assert_eq!(question.status, "answered");
}

/// The consultation of the issue in the browser: a citizen comments on Điều 3, a moderator
/// approves and the comment appears, the consultation closes (the clock moves), the agency
/// answers, and the report is published (tests/browser/consult.mjs).
#[test]
fn a_consultation_from_a_citizen_s_comment_to_the_published_report_in_a_real_browser() {
    if !browser_available("browser consultation test") {
        return;
    }
    let t = browser_app(|_| {});
    with_demo_accounts(&t);
    let now = t.clock.now().naive_utc();
    let open = cong::consultation::store::list(&mut t.conn(), cong::lang::Lang::Vi, None, now)
        .unwrap()
        .into_iter()
        .find(|c| c.phase(now) == cong::consultation::Phase::Open)
        .expect("the demo's open consultation");
    let path = cong::consultation::store::item_path(open.lang, open.id, &open.slug);
    let port = serve(&t);
    let password = cong::account::demo::PASSWORD;
    for step in ["comment", "moderate"] {
        run_script(
            "consult.mjs",
            port,
            &["--path", &path, "--step", step, "--password", password],
        );
    }
    t.clock
        .set(open.record.closes_at.and_utc() + chrono::Duration::hours(1));
    run_script(
        "consult.mjs",
        port,
        &["--path", &path, "--step", "report", "--password", password],
    );
    let after = cong::consultation::store::find(&mut t.conn(), open.id)
        .unwrap()
        .unwrap();
    assert!(after.report_published_at.is_some());
}

/// The board's timeliness oversight in the browser: the table, a trend chart, the filter,
/// the drill-down and the CSV, with no serious accessibility violation at either width
/// (tests/browser/timeliness.mjs).
#[test]
fn the_board_reads_the_timeliness_oversight_in_a_real_browser() {
    if !browser_available("browser timeliness test") {
        return;
    }
    let t = browser_app(|_| {});
    with_demo_accounts(&t);
    let port = serve(&t);
    run_script(
        "timeliness.mjs",
        port,
        &["--password", cong::account::demo::PASSWORD],
    );
}

/// A week of the leaders' work schedule in the browser: entered in the week form, approved
/// and published by two others, read in both languages and downloaded as iCalendar
/// (tests/browser/schedule.mjs).
#[test]
fn a_week_of_the_work_schedule_from_the_form_to_the_citizen_s_calendar_in_a_real_browser() {
    if !browser_available("browser schedule test") {
        return;
    }
    let t = browser_app(|_| {});
    with_demo_accounts(&t);
    // The demo has the current and the next week; the script enters the one after.
    let week = cong::directory::week::IsoWeek::at(t.clock.now().naive_utc())
        .next()
        .next();
    let port = serve(&t);
    run_script(
        "schedule.mjs",
        port,
        &[
            "--password",
            cong::account::demo::PASSWORD,
            "--week",
            &week.to_string(),
        ],
    );
}
