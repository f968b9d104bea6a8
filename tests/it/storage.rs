//! Storage behaviour that must hold on SQLite and on PostgreSQL alike.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use cong::changelog::follower::{apply_pending, ChangeListener};
use cong::changelog::Change;
use cong::clock::{Clock, SharedClock};
use cong::content::loader::{self, Bundle};
use cong::content::store::{self, Saved};
use cong::db::DbConn;
use cong::jobs::{self, ScheduledJob};
use parking_lot::Mutex;

use crate::common::{item_path, news, site_id, Backend, Setup, TestApp};

fn app(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

on_both_backends!(demo_content_loads_once_and_reloads_as_unchanged);
async fn demo_content_loads_once_and_reloads_as_unchanged(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let report = loader::load(
        &mut t.conn(),
        &Bundle::demo(),
        &loader::Importer::system("test"),
        t.clock.now().naive_utc(),
    )
    .unwrap();
    assert_eq!(report.created + report.updated, 0, "{report:?}");
    assert!(report.unchanged >= 60, "{report:?}");
    assert_eq!(report.sites, 5);
}

on_both_backends!(sites_pages_and_articles_are_served);
async fn sites_pages_and_articles_are_served(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let app = t.anon();
    for host in [
        "localhost",
        "skhcn.localhost",
        "sxd.localhost",
        "tanphu.localhost",
        "hathanh.localhost",
    ] {
        assert_eq!(app.get(host, "/").await.status, 200, "{host}");
        assert_eq!(app.get(host, "/en/news").await.status, 200, "{host}");
    }
    let path = item_path(&app, "localhost", "news", "vi", "chuyen-doi-so-toan-dien").await;
    let page = app.get("localhost", &path).await;
    assert_eq!(page.status, 200);
    let list = app
        .get("localhost", "/api/v1/news?site=all&per_page=5&page=2")
        .await
        .json();
    assert_eq!(
        (list["page"].as_i64(), list["per_page"].as_i64()),
        (Some(2), Some(5))
    );
    assert!(list["total"].as_i64().unwrap() >= 16);
    assert_eq!(list["results"].as_array().unwrap().len(), 5);
}

on_both_backends!(saving_updates_in_place_and_keeps_url_history);
async fn saving_updates_in_place_and_keeps_url_history(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let site = site_id(&t, "tanphu");
    let now = t.clock.now().naive_utc();
    let mut form = news(site, "hop-dan", "Họp dân quý IV", "Nội dung ban đầu");
    let created = store::save(&mut t.conn(), &form, now).unwrap();
    assert!(matches!(created, Saved::Created(_)));
    assert!(matches!(
        store::save(&mut t.conn(), &form, now).unwrap(),
        Saved::Unchanged(_)
    ));
    form.text.title = "Họp dân quý IV năm 2026".into();
    let updated = store::save(&mut t.conn(), &form, now).unwrap();
    assert_eq!(updated, Saved::Updated(created.id()));
    let moved = store::moved_to(
        &mut t.conn(),
        site,
        &format!("/tin-tuc/{}-hop-dan-quy-iv", created.id().0),
    )
    .unwrap();
    assert_eq!(moved, Some(created.id()));
}

/// Records the changes it is handed.
#[derive(Default)]
struct Recorder(Mutex<Vec<Change>>);

impl ChangeListener for Recorder {
    fn on_changes(&self, _: &mut DbConn, changes: &[Change]) {
        self.0.lock().extend_from_slice(changes);
    }
}

on_both_backends!(every_content_change_is_in_the_change_log);
async fn every_content_change_is_in_the_change_log(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let start = cong::changelog::latest_id(&mut t.conn()).unwrap();
    let site = site_id(&t, "sxd");
    let now = t.clock.now().naive_utc();
    let id = store::save(&mut t.conn(), &news(site, "a", "Tin A", "x"), now)
        .unwrap()
        .id();
    store::set_state(
        &mut t.conn(),
        id,
        cong::content::ContentState::Unpublished,
        Some("sai"),
        now,
    )
    .unwrap();
    let recorder = Arc::new(Recorder::default());
    let listeners: Vec<Arc<dyn ChangeListener>> = vec![recorder.clone()];
    let end = apply_pending(&mut t.conn(), start, &listeners).unwrap();
    let seen = recorder.0.lock();
    let actions: Vec<&str> = seen.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(actions, ["created", "unpublished"]);
    assert!(seen
        .iter()
        .all(|c| c.entity == "content" && c.entity_id == id.0 as i64 && c.site() == Some(site)));
    assert_eq!(end, seen.last().unwrap().id);
}

on_both_backends!(a_scheduled_job_runs_once_however_many_servers_race_for_it);
async fn a_scheduled_job_runs_once_however_many_servers_race_for_it(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let runs = Arc::new(AtomicUsize::new(0));
    let schedule = |runs: Arc<AtomicUsize>| {
        vec![ScheduledJob {
            name: "test-job",
            every: chrono::Duration::hours(1),
            run: Box::new(move |_, _| {
                runs.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(20));
                Ok("done".into())
            }),
        }]
    };
    let clock: SharedClock = t.clock.clone();
    let race = || {
        std::thread::scope(|s| {
            for n in 0..4 {
                let (db, clock, runs) = (t.state.db.clone(), clock.clone(), runs.clone());
                s.spawn(move || {
                    let mut conn = db.conn().unwrap();
                    jobs::run_due(&mut conn, &schedule(runs), &format!("server-{n}"), &clock)
                        .unwrap();
                });
            }
        })
    };
    race();
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    race();
    assert_eq!(
        runs.load(Ordering::SeqCst),
        1,
        "not due again before its interval"
    );
    t.clock.advance(chrono::Duration::hours(1));
    race();
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    let recorded = jobs::recent_runs(&mut t.conn(), 10).unwrap();
    assert_eq!(recorded.iter().filter(|r| r.job == "test-job").count(), 2);
    assert!(recorded.iter().all(|r| r.outcome == "ok"));
}

on_both_backends!(housekeeping_prunes_old_changes_only);
async fn housekeeping_prunes_old_changes_only(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let before = cong::changelog::after(&mut t.conn(), 0, 100_000)
        .unwrap()
        .len();
    assert!(before > 0);
    let clock: SharedClock = t.clock.clone();
    t.clock.advance(chrono::Duration::days(31));
    let site = site_id(&t, "sonha");
    store::save(
        &mut t.conn(),
        &news(site, "moi", "Tin mới", "x"),
        clock.now().naive_utc(),
    )
    .unwrap();
    let runs = jobs::run_due(
        &mut t.conn(),
        &jobs::standard_schedule(t.state.files.clone(), 30, t.state.config.temp_dir()),
        "me",
        &clock,
    )
    .unwrap();
    let runs: Vec<_> = runs
        .into_iter()
        .filter(|r| r.job == "housekeeping")
        .collect();
    assert_eq!(runs.len(), 1);
    let report = cong::render::note::Note::decode(&runs[0].detail).expect("a report");
    assert_eq!(report.message, "job-report-housekeeping");
    assert_eq!(report.args["log"], serde_json::json!(before), "{report:?}");
    assert_eq!(
        cong::changelog::after(&mut t.conn(), 0, 100).unwrap().len(),
        1
    );
}

#[actix_web::test]
async fn healthz_says_503_when_the_database_is_gone() {
    let Some(t) = app(Backend::Postgres) else {
        return;
    };
    let app = t.anon();
    assert_eq!(app.get("localhost", "/healthz").await.status, 200);
    t.pg.as_ref().unwrap().drop_now();
    let r = app.get("localhost", "/healthz").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.json()["database"], "unreachable");
}

on_both_backends!(media_files_are_stored_once_and_referenced_by_content);
async fn media_files_are_stored_once_and_referenced_by_content(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let site = site_id(&t, "sxd");
    let by = cong::account::audit::Entry::named(None, "test", cong::account::audit::Via::Cli);
    let now = t.clock.now().naive_utc();
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/media/real.pdf"
    ))
    .unwrap();
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    let ingest = |name: &str| {
        let temp = t.dir.path().join(name);
        std::fs::write(&temp, &bytes).unwrap();
        let upload = cong::media::library::Upload {
            temp: &temp,
            sha256: sha.clone(),
            size: bytes.len() as u64,
            original_name: name.into(),
            site,
            alt_text: String::new(),
        };
        cong::media::library::ingest(
            &mut t.conn(),
            t.state.files.as_ref(),
            upload,
            &by,
            &cong::media::Limits::default(),
            now,
        )
        .unwrap()
    };
    let first = ingest("Giấy phép xây dựng.pdf");
    let again = ingest("ban-sao.pdf");
    assert_eq!(
        first.id, again.id,
        "the same bytes on the same site are one file"
    );
    assert_eq!(first.stored_name, "giay-phep-xay-dung.pdf");
    let body = format!("[Tải giấy phép]({})", first.url());
    let item = store::save(
        &mut t.conn(),
        &news(site, "giay-phep", "Giấy phép", &body),
        now,
    )
    .unwrap()
    .id();
    let used = cong::media::library::used_by(&mut t.conn(), first.id()).unwrap();
    assert_eq!(used.len(), 1);
    assert_eq!(used[0].0, item.0);
}

on_both_backends!(a_global_consumers_cursor_holds_back_pruning);
async fn a_global_consumers_cursor_holds_back_pruning(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let now = t.clock.now().naive_utc();
    let latest = cong::changelog::latest_id(&mut t.conn()).unwrap();
    assert_eq!(cong::changelog::cursor(&mut t.conn(), "mail").unwrap(), 0);
    // A consumer (say, mail) has handled only the first change.
    cong::changelog::advance_cursor(&mut t.conn(), "mail", 1, now).unwrap();
    cong::changelog::advance_cursor(&mut t.conn(), "mail", 1, now).unwrap();
    assert_eq!(cong::changelog::cursor(&mut t.conn(), "mail").unwrap(), 1);
    let later = now + chrono::Duration::days(365);
    assert_eq!(
        cong::changelog::prune(&mut t.conn(), later).unwrap(),
        1,
        "only what every consumer passed"
    );
    cong::changelog::advance_cursor(&mut t.conn(), "mail", latest, now).unwrap();
    assert_eq!(
        cong::changelog::prune(&mut t.conn(), later).unwrap() as i64,
        latest - 1
    );
}
