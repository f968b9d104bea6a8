//! The public data sections of Decree 42/2022 art. 4 (projects, procurement, statistics,
//! plans, budget disclosures, science and technology), each a store-backed kind of record:
//! its list on the province portal covering every site unless `site=` narrows it, its
//! filters, an item's page, its API, its import (bad lines refused with their reasons and
//! nothing stored) and its review by the board.

use cong::import::Outcome;
use cong::record::import::ImportReport;
use cong::record::stored::StoredKind;
use serde_json::Value;

use crate::common::*;

fn app(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

async fn json(app: &Client, path: &str) -> Value {
    let r = app.get("localhost", path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

async fn total(app: &Client, path: &str) -> i64 {
    json(app, path).await["total"]
        .as_i64()
        .unwrap_or_else(|| panic!("{path} has a total"))
}

/// The host and path of an absolute URL.
fn host_and_path(url: &str) -> (String, String) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    (
        host.split(':').next().unwrap_or("").to_string(),
        path.to_string(),
    )
}

/// Imports JSON Lines of a kind as the system, onto the province portal.
fn import<K: StoredKind>(t: &TestApp, text: &str) -> ImportReport {
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    system_import(t, |options| {
        cong::record::import::import::<K>(
            &mut t.conn(),
            cong::import::jsonl_lines(text),
            options,
            now,
            &mut |_, _| {},
        )
    })
}

fn reasons(report: &ImportReport) -> Vec<String> {
    report
        .lines
        .iter()
        .filter(|l| l.outcome == Outcome::Rejected)
        .map(|l| l.reason.clone().unwrap_or_default())
        .collect()
}

/// What every kind does the same way: the portal lists every site's items and `site=`
/// narrows the page and the API alike; each filter narrows; an item's page and API item.
async fn lists_every_site_and_narrows(app: &Client, list: &str, api: &str, sites: &[&str]) {
    let all = total(app, api).await;
    assert!(all >= 5, "{api}: the demo has at least 5, has {all}");
    let mut sum = 0;
    for site in sites {
        let narrowed = json(app, &format!("{api}?site={site}")).await;
        let n = narrowed["total"].as_i64().unwrap();
        assert!(n >= 1, "{api}?site={site}");
        for r in narrowed["results"].as_array().unwrap() {
            assert_eq!(r["site"], *site, "{api}?site={site}");
        }
        sum += n;
        // The page's filter narrows the same way.
        let page = app.get("localhost", &format!("{list}?site={site}")).await;
        assert_eq!(page.status, 200, "{list}?site={site}");
        assert!(page
            .body
            .contains(&format!("<option value=\"{site}\" selected")));
    }
    assert_eq!(sum, all, "{api}: every item is on one of {sites:?}");
    let bad = app.get("localhost", &format!("{list}?site=nowhere")).await;
    assert_eq!(bad.status, 400);
    // A department's own host lists its own only.
    let own = app
        .get(&format!("{}.localhost", sites[1]), api)
        .await
        .json();
    assert!(own["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["site"] == sites[1]));
}

/// Opens the first item of an API list: its page and its API item.
async fn first_item(app: &Client, api: &str) -> (String, Value) {
    let list = json(app, api).await;
    let first = &list["results"][0];
    let url = first["url"].as_str().expect("an absolute url").to_string();
    assert!(url.starts_with("http://"), "{url}");
    let (host, path) = host_and_path(&url);
    let page = app.get(&host, &path).await;
    assert_eq!(page.status, 200, "{url}: {}", page.body);
    let base = api.split('?').next().unwrap_or(api);
    let item = json(app, &format!("{base}/{}", first["id"])).await;
    assert_eq!(item["url"], url.as_str());
    (page.body, item)
}

/// A contributor's form on the province site, reviewed by an editor and published by the
/// board head; a refused form stores nothing.
async fn through_the_board(
    t: &TestApp,
    word: &str,
    bad: &[(&str, &str)],
    expected: &str,
    good: &[(&str, &str)],
) -> i32 {
    crate::admin::board(t);
    let author = t.user("soantin");
    let editor = t.user("bientap");
    let head = t.user("truongban");
    let new = format!("/admin/sites/sonha/{word}/new");
    let blank = author.get(&new).await;
    assert_eq!(blank.status, 200, "{new}: {}", blank.body);
    let refused = author.post_form(&new, bad).await;
    assert_eq!(refused.status, 422, "{new}: {}", refused.body);
    assert!(
        refused.body.contains(expected),
        "{new} should say {expected:?}: {}",
        refused.body
    );
    let created = author.post_form(&new, good).await;
    assert_eq!(created.status, 303, "{new}: {}", created.body);
    let content = last_id(&created);
    let revisions =
        cong::review::store::revisions(&mut t.conn(), cong::content::ContentId(content)).unwrap();
    let published = through_review([&author, &editor, &head], revisions[0].id).await;
    assert_eq!(published.status, 303, "{}", published.body);
    content
}

on_both_backends!(projects_are_listed_filtered_shown_imported_and_reviewed);
async fn projects_are_listed_filtered_shown_imported_and_reviewed(backend: Backend) {
    let Some(t) = app(backend) else { return };
    let app = t.anon();
    lists_every_site_and_narrows(
        &app,
        "/du-an",
        "/api/v1/projects",
        &["sonha", "sxd", "skhcn"],
    )
    .await;
    // Filters by field, commune, status and year, on the page and in the API.
    assert_eq!(total(&app, "/api/v1/projects?status=completed").await, 1);
    assert_eq!(
        total(&app, "/api/v1/projects?field=Giao%20th%C3%B4ng").await,
        1
    );
    assert_eq!(
        total(
            &app,
            "/api/v1/projects?commune=X%C3%A3%20T%C3%A2n%20Ph%C3%BA"
        )
        .await,
        2
    );
    assert_eq!(total(&app, "/api/v1/projects?year=2026").await, 1);
    let page = app.get("localhost", "/du-an?status=suspended").await;
    assert!(page.body.contains("Nhà văn hóa đa năng"));
    assert!(!page.body.contains("Trung tâm Hành chính công"));
    assert_eq!(app.get("localhost", "/du-an?year=nam").await.status, 400);
    // English where the portal has it.
    assert_eq!(total(&app, "/api/v1/projects?lang=en").await, 1);
    let en = app.get("localhost", "/en/projects").await;
    assert!(en.body.contains("Sơn Hà coastal road"), "{}", en.body);
    // An item: its facts, the approval decision linked to the registry, its progress.
    let (body, item) = first_item(&app, "/api/v1/projects?field=Giao%20th%C3%B4ng").await;
    assert!(body.contains("/van-ban/so/1520/Q%C4%90-UBND"), "{body}");
    assert!(body.contains("Hoàn thành nền đường 11 km"));
    assert!(body.contains("<th scope=\"row\">"));
    assert_eq!(item["total_investment"], 1250000.0);
    assert_eq!(item["status"], "under_construction");

    // Import: a new project, a negative amount and a non-numeric one refused with their
    // reasons, nothing stored for them; the same line again changes nothing.
    let good = r#"{"site": "sxd", "code": "DA-2027-001", "name": "Cầu Tân Phú", "investor": "Sở Xây dựng", "commune": "Xã Tân Phú", "field": "Giao thông", "total_investment": 98000, "status": "approved", "starts_on": "2027-02-01"}"#;
    let negative = good
        .replace("DA-2027-001", "DA-2027-002")
        .replace("98000", "-5");
    let text = good
        .replace("DA-2027-001", "DA-2027-003")
        .replace("98000", "\"chín tỷ\"");
    let report = import::<cong::projects::Projects>(&t, &format!("{good}\n{negative}\n{text}\n"));
    assert_eq!(report.created, 1);
    assert_eq!(
        reasons(&report),
        [
            "total_investment: stored-error-negative",
            "total_investment: stored-error-number"
        ]
    );
    assert_eq!(total(&app, "/api/v1/projects?site=sxd").await, 3);
    let again = import::<cong::projects::Projects>(&t, good);
    assert_eq!(again.unchanged, 1);

    // The board: a refused form stores nothing; a good one is public only once published.
    let before = total(&app, "/api/v1/projects").await;
    let form = |total: &'static str| {
        vec![
            ("lang", "vi"),
            ("code", "DA-2027-010"),
            ("name", "Kè chống sạt lở bờ sông Trà"),
            ("investor", "Ban Quản lý dự án nông nghiệp tỉnh"),
            ("commune", "Phường Hà Thanh"),
            ("field", "Thủy lợi"),
            ("total_investment", total),
            ("status", "approved"),
            ("starts_on", "2027-03-01"),
            ("ends_on", "2026-03-01"),
            ("updates", "2027-03-01 | Khởi công"),
        ]
    };
    let mut good_form = form("45000.5");
    good_form.retain(|(k, _)| *k != "ends_on");
    let content = through_the_board(
        &t,
        "projects",
        &form("-1"),
        "Không được là số âm",
        &good_form,
    )
    .await;
    assert_eq!(total(&app, "/api/v1/projects").await, before + 1);
    let item = json(&app, &format!("/api/v1/projects/{content}")).await;
    assert_eq!(item["total_investment"], 45000.5);
    assert_eq!(item["updates"][0]["text"], "Khởi công");
    // Site search finds it under its own kind.
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    let found = json(
        &app,
        "/api/v1/search?q=k%C3%A8%20ch%E1%BB%91ng%20s%E1%BA%A1t%20l%E1%BB%9F&kind=project",
    )
    .await;
    assert!(
        found["results"].as_array().unwrap().iter().any(|h| h["url"]
            .as_str()
            .unwrap_or("")
            .contains(&format!("/du-an/{content}-"))),
        "{found}"
    );
}
