//! The server's log: JSON lines on demand, no colours in a file, one access line per
//! request; the readiness probe.

use super::server::{get, Served};
use crate::common::TestApp;

#[test]
fn json_logs_are_one_object_a_line_from_start_to_stop_with_the_access_log() {
    let served = Served::start(&[
        ("CONG_LOG_FORMAT", "json"),
        ("CONG_ACCESS_LOG_CLIENT", "full"),
    ]);
    let port = served.port;
    assert_eq!(
        get(port, "skhcn.localhost", "/tin-tuc?page=1").unwrap().0,
        200
    );
    assert_eq!(
        get(port, "localhost", "/khong-co-trang-nay").unwrap().0,
        404
    );
    let log = served.stop();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines.iter().any(|l| l["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("serving on"))),
        "the start-up lines are JSON too:\n{log}"
    );
    let access: Vec<_> = lines.iter().filter(|l| l["target"] == "access").collect();
    let news = access
        .iter()
        .find(|l| l["path"] == "/tin-tuc")
        .unwrap_or_else(|| panic!("no access line for /tin-tuc:\n{log}"));
    assert_eq!(news["method"], "GET");
    assert_eq!(news["status"], 200);
    assert_eq!(news["site"], "skhcn");
    assert_eq!(news["client"], "127.0.0.1");
    assert!(news["bytes"].as_u64().unwrap() > 1000, "{news}");
    assert!(news["ms"].as_f64().is_some(), "{news}");
    assert!(
        !log.contains("page=1"),
        "the query string is never logged:\n{log}"
    );
    assert!(access
        .iter()
        .any(|l| l["path"] == "/khong-co-trang-nay" && l["status"] == 404 && l["site"] == "sonha"));
}

#[test]
fn text_logs_carry_no_colours_into_a_file_and_keep_only_the_network_by_default() {
    let served = Served::start(&[]);
    assert_eq!(get(served.port, "localhost", "/").unwrap().0, 200);
    let log = served.stop();
    assert!(!log.contains('\u{1b}'), "escape codes in the log:\n{log}");
    let line = log
        .lines()
        .find(|l| l.contains("access") && l.contains("path=\"/\""))
        .unwrap_or_else(|| panic!("no access line:\n{log}"));
    assert!(line.contains("client=\"127.0.0.0/24\""), "{line}");
    assert!(line.contains("status=200"), "{line}");
}

#[actix_web::test]
async fn readiness_waits_for_the_search_index() {
    let t = TestApp::new();
    let r = t.anon().get("nowhere.example", "/readyz").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.json()["search_index"], "missing");
    assert_eq!(r.header("cache-control"), "no-store");
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    let r = t.anon().get("nowhere.example", "/readyz").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["database"], "ok");
    // Opened again, as at a restart: the index may lag behind what changed meanwhile (an
    // import into the shared database), so the node is not ready until it has caught up.
    assert!(t.state.search.open());
    let r = t.anon().get("nowhere.example", "/readyz").await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.json()["search_index"], "catching_up");
    t.state.search.catch_up(&mut t.conn()).unwrap();
    let r = t.anon().get("nowhere.example", "/readyz").await;
    assert_eq!(r.status, 200, "{}", r.body);
}
