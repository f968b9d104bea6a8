//! Several servers on one PostgreSQL database, each with its own data directory (its own
//! page cache and search index): a change made on one reaches the others' pages and search
//! through the change log, scheduled jobs run once across them, and a session opened on one
//! is good on the others.

use std::time::{Duration, Instant};

use cong::clock::Clock;
use cong::content::store;
use cong::content::ContentState;
use cong::AppState;

use actix_web::test::TestRequest;
use cong::account::Role;

use crate::common::{account, news, site_id, Backend, Client, Setup, TestApp, PASSWORD};

/// A further server over the test app's database, with a data directory of its own.
fn another_node(t: &TestApp, name: &str) -> AppState {
    let mut config = (*t.state.config).clone();
    config.data_dir = t.dir.path().join(name);
    // Every node is configured with the installation's one secret.
    config.secret_key = t.state.secret.to_string();
    let clock: cong::clock::SharedClock = t.clock.clone();
    AppState::open(config, clock).expect("another node")
}

/// Waits until a node's search index is open (built at start in the background).
async fn search_ready(node: &AppState) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while node.search.current().is_none() || node.search.is_rebuilding() {
        assert!(Instant::now() < deadline, "the search index was not built");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls `check` until it holds; returns how long that took (fails after `limit`).
async fn within<F, Fut>(limit: Duration, what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    loop {
        if check().await {
            return started.elapsed();
        }
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The titles search finds on a node.
async fn found(node: &Client, words: &str) -> String {
    let r = node
        .get("localhost", &format!("/api/v1/search?q={words}&site=all"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

#[actix_web::test]
async fn two_nodes_on_postgresql_see_each_others_changes_within_a_second() {
    let Some(t) = TestApp::with(Setup {
        backend: Backend::Postgres,
        page_cache: true,
        ..Setup::default()
    }) else {
        return;
    };
    let a = t.state.clone();
    let b = another_node(&t, "node-b");
    a.start_background().unwrap();
    b.start_background().unwrap();
    search_ready(&a).await;
    search_ready(&b).await;
    let (on_a, on_b) = (t.anon(), Client::new(b.clone()));

    // Node B caches the news list of a department's site.
    let host = "skhcn.localhost";
    on_b.get(host, "/tin-tuc").await;
    assert_eq!(on_b.get(host, "/tin-tuc").await.header("x-cache"), "hit");
    assert!(!found(&on_b, "khinhkhicau").await.contains("Khinhkhicau"));

    // Published on node A: node B's cached list and its search follow.
    let site = site_id(&t, "skhcn");
    let now = t.clock.now().naive_utc();
    let id = store::save(
        &mut a.db.conn().unwrap(),
        &news(
            site,
            "khinh-khi-cau",
            "Khinhkhicau bay trên tỉnh",
            "Lễ hội khinhkhicau.",
        ),
        now,
    )
    .unwrap()
    .id();
    let page = within(
        Duration::from_secs(3),
        "B's page after a publish",
        || async {
            let r = on_b.get(host, "/tin-tuc").await;
            r.body.contains("Khinhkhicau bay trên tỉnh")
        },
    )
    .await;
    let search = within(
        Duration::from_secs(3),
        "B's search after a publish",
        || async {
            found(&on_b, "khinhkhicau")
                .await
                .contains("Khinhkhicau bay")
        },
    )
    .await;
    eprintln!("published on A: B's page {page:?}, B's search {search:?}");
    assert!(page < Duration::from_millis(1500), "{page:?}");
    assert!(search < Duration::from_millis(1500), "{search:?}");
    // And A itself, which follows the same log.
    within(
        Duration::from_secs(3),
        "A's search after a publish",
        || async {
            found(&on_a, "khinhkhicau")
                .await
                .contains("Khinhkhicau bay")
        },
    )
    .await;

    // Unpublished on node A: gone from B's page, item and search.
    on_b.get(host, "/tin-tuc").await;
    assert_eq!(on_b.get(host, "/tin-tuc").await.header("x-cache"), "hit");
    store::set_state(
        &mut a.db.conn().unwrap(),
        id,
        ContentState::Unpublished,
        Some("Đăng nhầm."),
        now,
    )
    .unwrap();
    let page = within(
        Duration::from_secs(3),
        "B's page after unpublishing",
        || async {
            !on_b
                .get(host, "/tin-tuc")
                .await
                .body
                .contains("Khinhkhicau bay trên tỉnh")
        },
    )
    .await;
    let search = within(
        Duration::from_secs(3),
        "B's search after unpublishing",
        || async {
            !found(&on_b, "khinhkhicau")
                .await
                .contains("Khinhkhicau bay")
        },
    )
    .await;
    eprintln!("unpublished on A: B's page {page:?}, B's search {search:?}");
    assert!(page < Duration::from_millis(1500), "{page:?}");
    assert!(search < Duration::from_millis(1500), "{search:?}");
    let item = format!("/api/v1/news/{}", id.0);
    assert_eq!(on_b.get(host, &item).await.status, 410);

    a.stop_background();
    b.stop_background();
}

#[actix_web::test]
async fn jobs_run_once_across_nodes_and_sessions_work_on_every_node() {
    let Some(t) = TestApp::with(Setup {
        backend: Backend::Postgres,
        ..Setup::default()
    }) else {
        return;
    };
    let nodes = [
        t.state.clone(),
        another_node(&t, "node-b"),
        another_node(&t, "node-c"),
    ];

    // Three runners race for every job at each of three due times.
    for round in 0..3 {
        let handles: Vec<_> = nodes
            .iter()
            .enumerate()
            .map(|(n, node)| {
                let (db, schedule, clock) = (node.db.clone(), node.schedule(), node.clock.clone());
                std::thread::spawn(move || {
                    let mut conn = db.conn().unwrap();
                    cong::jobs::run_due(&mut conn, &schedule, &format!("node-{n}"), &clock)
                        .unwrap()
                        .len()
                })
            })
            .collect();
        let runs: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        let jobs = nodes[0].schedule().len();
        if round == 0 {
            assert_eq!(runs, jobs, "every job is due at first, and runs once");
        } else {
            assert!((1..=jobs).contains(&runs), "round {round}: {runs} runs");
        }
        t.clock.advance(chrono::Duration::days(1));
    }
    let runs = cong::jobs::recent_runs(&mut t.conn(), 1000).unwrap();
    let mut seen = std::collections::HashSet::new();
    for run in &runs {
        assert!(
            seen.insert((run.job.clone(), run.started_at)),
            "{} ran twice at {}",
            run.job,
            run.started_at
        );
    }

    // A session opened with the sign-in form on node A is good on nodes B and C.
    account(&t, "bientap", false, &[("skhcn", Role::Editor)]);
    let on_a = Client::new(nodes[0].clone());
    let form = on_a.get("localhost", "/admin/login").await;
    let login_cookie = form
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = login_cookie.split('=').nth(1).unwrap().to_string();
    let signed_in = on_a
        .send(
            TestRequest::post()
                .uri("/admin/login")
                .insert_header(("host", "localhost"))
                .insert_header(("cookie", login_cookie.as_str()))
                .set_form([
                    ("username", "bientap"),
                    ("password", PASSWORD),
                    ("csrf", csrf.as_str()),
                    ("next", "/admin"),
                ]),
        )
        .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let cookie = signed_in
        .headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("cong_session="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string();
    for node in &nodes[1..] {
        let client = Client::new(node.clone());
        let admin = |cookie: Option<&str>| {
            let req = TestRequest::get()
                .uri("/admin")
                .insert_header(("host", "localhost"));
            match cookie {
                Some(c) => req.insert_header(("cookie", c.to_string())),
                None => req,
            }
        };
        assert_eq!(client.send(admin(Some(&cookie))).await.status, 200);
        assert_eq!(client.send(admin(None)).await.status, 303);
    }
}
