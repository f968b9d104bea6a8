//! Faults an operator meets: the search index deleted while serving, the database gone.

use std::time::{Duration, Instant};

use cong::clock::Clock;
use cong::content::store;
use diesel::connection::SimpleConnection;
use diesel::Connection;

use crate::common::{news, site_id, Backend, Setup, TestApp};

async fn a_deleted_search_index_is_rebuilt_while_the_site_keeps_serving(backend: Backend) {
    let Some(t) = TestApp::with(Setup {
        backend,
        ..Setup::default()
    }) else {
        return;
    };
    t.state.start_background().unwrap();
    let app = t.anon();
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.get("localhost", "/readyz").await.status != 200 {
        assert!(Instant::now() < deadline, "never ready");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let search = "/api/v1/search?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91&site=all";
    let before = app.get("localhost", search).await.json()["total"].clone();
    assert!(before.as_u64().unwrap() > 0);

    // As an operator's `rm -rf` would, again while the indexer is still writing into it.
    let index = t.state.config.data_dir.join("search");
    for attempt in 0.. {
        match std::fs::remove_dir_all(&index) {
            Ok(()) => break,
            Err(e) if attempt < 50 && e.kind() == std::io::ErrorKind::DirectoryNotEmpty => {
                actix_web::rt::time::sleep(Duration::from_millis(20)).await;
            }
            Err(e) => panic!("cannot delete the index: {e}"),
        }
    }

    // Not ready for search at once; every page still served, search too from what it holds.
    let r = app.get("localhost", "/readyz").await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.json()["search_index"], "rebuilding");
    assert_eq!(r.json()["database"], "ok");
    for path in ["/", "/tin-tuc", "/van-ban", "/thu-tuc-hanh-chinh"] {
        assert_eq!(app.get("localhost", path).await.status, 200, "{path}");
    }
    assert!(app.get("localhost", search).await.status < 500);

    // Rebuilt by itself, within seconds, with the same answers.
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.get("localhost", "/readyz").await.status != 200 {
        assert!(Instant::now() < deadline, "the index was not rebuilt");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(t
        .state
        .config
        .data_dir
        .join("search")
        .join("CURRENT")
        .is_file());
    assert_eq!(app.get("localhost", search).await.json()["total"], before);

    // And it keeps following changes.
    let site = site_id(&t, "skhcn");
    store::save(
        &mut t.conn(),
        &news(
            site,
            "sau-su-co",
            "Chỉ mục xaydunglai sau sự cố",
            "Nội dung.",
        ),
        t.clock.now().naive_utc(),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let r = app
            .get("localhost", "/api/v1/search?q=xaydunglai&site=all")
            .await;
        if r.body.contains("Chỉ mục xaydunglai") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the rebuilt index follows no change"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    t.state.stop_background();
}
on_both_backends!(a_deleted_search_index_is_rebuilt_while_the_site_keeps_serving);

#[actix_web::test]
async fn requests_fail_fast_with_503_while_the_database_is_gone_and_recover() {
    let Some(t) = TestApp::with(Setup {
        backend: Backend::Postgres,
        ..Setup::default()
    }) else {
        return;
    };
    let app = t.anon();
    assert_eq!(app.get("skhcn.localhost", "/tin-tuc").await.status, 200);
    let pg = t.pg.as_ref().unwrap();
    // The database goes away: existing connections are cut, new ones refused.
    let mut admin = diesel::PgConnection::establish(&pg.admin_url()).unwrap();
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {0} ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{0}'",
            pg.name
        ))
        .unwrap();
    for path in ["/tin-tuc", "/api/v1/news", "/van-ban"] {
        let started = Instant::now();
        let r = app.get("skhcn.localhost", path).await;
        assert_eq!(r.status, 503, "{path}: {}", r.body);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{path}: {:?}",
            started.elapsed()
        );
    }
    let r = app.get("skhcn.localhost", "/api/v1/news").await;
    assert_eq!(r.json()["error"]["code"], "unavailable");
    // Back: served again without restarting anything.
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {} ALLOW_CONNECTIONS true",
            pg.name
        ))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while app.get("skhcn.localhost", "/tin-tuc").await.status != 200 {
        assert!(Instant::now() < deadline, "did not recover");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app.get("skhcn.localhost", "/api/v1/news").await.status, 200);
}
