//! The OpenAPI document of `/api/v1`: every route the router registers is in it, each one
//! is served by actix under the very pattern the document gives, and the fields the API
//! answers with are the ones it describes.

use std::collections::BTreeSet;

use cong::record::public::PublicKind;
use cong::record::{RecordKind, Visitor};
use serde_json::Value;

use super::metrics::sample;
use super::server::{free_port, get, Served};
use crate::common::{Backend, Setup, TestApp};

/// `/news/{id}` with a value in each path parameter.
fn filled(path: &str, key: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { key } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The API paths of every kind with the generic pages, walked from the registry.
#[derive(Default)]
struct KindPaths(Vec<String>);

impl Visitor for KindPaths {
    fn record<K: RecordKind>(&mut self) {}

    fn pages<K: PublicKind>(&mut self) {
        self.0.push(format!("/{}", K::API_PATH));
        self.0.push(format!("/{}/{{key}}", K::API_PATH));
    }
}

#[test]
fn every_registered_api_route_is_in_the_document_and_served_under_its_pattern() {
    let metrics_port = free_port();
    let served = Served::start(&[
        ("CONG_METRICS_BIND", &format!("127.0.0.1:{metrics_port}")),
        ("CONG_LOG", "warn"),
    ]);
    let (status, body) = get(served.port, "localhost", "/api/v1/openapi.json").unwrap();
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&body).expect("the document is JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let paths = doc["paths"].as_object().expect("paths");

    // The routes the router registers (the one list it walks), and every generic kind's.
    let registered: Vec<String> = cong::web::openapi::listed()
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    let mut kinds = KindPaths::default();
    cong::kinds::each(&mut kinds);
    assert!(!kinds.0.is_empty());
    for path in registered.iter().chain(&kinds.0) {
        let op = &paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} is registered but not in the document"))["get"];
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{path}"
        );
        assert_eq!(
            op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error",
            "{path}"
        );
        for name in path.split('/').filter_map(|s| s.strip_prefix('{')) {
            let name = name.trim_end_matches('}');
            assert!(
                op["parameters"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["name"] == name && p["in"] == "path"),
                "{path}: path parameter {name}"
            );
        }
    }
    assert_eq!(paths.len(), registered.len(), "nothing described twice");
    for list in ["/news", "/search", "/legal/documents", "/directory"] {
        let props = &paths[list]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["properties"];
        for key in ["results", "total", "page", "per_page"] {
            assert!(props.get(key).is_some(), "{list}: the envelope's {key}");
        }
    }

    // Each documented path is answered by actix under that very pattern, not the fallback.
    for path in paths.keys() {
        let (status, _) = get(
            served.port,
            "localhost",
            &format!("/api/v1{}", filled(path, "1")),
        )
        .expect("an answer");
        assert!(status < 500, "{path}: {status}");
    }
    let (_, metrics) = get(metrics_port, "127.0.0.1", "/metrics").unwrap();
    for path in paths.keys() {
        let pattern = format!("/api/v1{path}");
        assert!(
            metrics
                .lines()
                .any(|l| l.starts_with(&format!("http_requests_total{{route=\"{pattern}\""))),
            "{pattern} is in the document but no route of that pattern answered:\n{metrics}"
        );
    }
    assert_eq!(
        sample(
            &metrics,
            r#"http_requests_total{route="unmatched",status="404"}"#
        ),
        None,
        "a documented path fell through to the fallback"
    );
    drop(served);
}

/// The property names of the objects an answer's schema describes (empty: any object).
fn described(schema: &Value) -> BTreeSet<String> {
    schema["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// Every field an answer carries is described (a field added without its description fails).
fn check_fields(path: &str, answer: &Value, schema: &Value) {
    let allowed = described(schema);
    if allowed.is_empty() {
        return;
    }
    let object = answer
        .as_object()
        .unwrap_or_else(|| panic!("{path}: {answer}"));
    let undescribed: Vec<&String> = object.keys().filter(|k| !allowed.contains(*k)).collect();
    assert!(
        undescribed.is_empty(),
        "{path}: {undescribed:?} not described"
    );
}

async fn answers_carry_the_fields_the_document_describes(backend: Backend) {
    let Some(t) = TestApp::with(Setup {
        backend,
        ..Setup::default()
    }) else {
        return;
    };
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    let app = t.anon();
    let doc = app.get("localhost", "/api/v1/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    let mut items_checked = 0;
    for (path, op) in paths {
        // Routes behind a token are tried in their own modules (timeliness).
        if path.contains('{') || path == "/openapi.json" || op["get"].get("security").is_some() {
            continue;
        }
        let schema = &op["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        let query = if path == "/search" {
            "?q=quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh"
        } else {
            ""
        };
        let r = app.get("localhost", &format!("/api/v1{path}{query}")).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        let answer = r.json();
        check_fields(path, &answer, schema);
        let results = answer["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{path}: the demo has results");
        for result in results {
            check_fields(path, result, &schema["properties"]["results"]["items"]);
        }
        // The item route under this list, named as the list names it.
        let item_path = format!("{path}/{{id}}");
        let item_path = [item_path.clone(), format!("{path}/{{key}}")]
            .into_iter()
            .find(|p| paths.contains_key(p));
        if let Some(item_path) = item_path {
            let first = &results[0];
            // A procedure is named by its code; the other kinds by their id (a plan's
            // `code` is only a field of its record).
            let keys: Vec<String> = [
                first["code"].as_str().map(str::to_string),
                Some(first["id"].to_string()),
            ]
            .into_iter()
            .flatten()
            // A code that is not a plain path segment cannot be the key.
            .filter(|k| {
                k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            })
            .collect();
            let mut r = None;
            for key in &keys {
                let tried = app
                    .get("localhost", &format!("/api/v1{}", filled(&item_path, key)))
                    .await;
                if tried.status == 200 {
                    r = Some(tried);
                    break;
                }
            }
            let r = r.unwrap_or_else(|| panic!("{item_path}: none of {keys:?} answers 200"));
            let item_schema = &paths[&item_path]["get"]["responses"]["200"]["content"]
                ["application/json"]["schema"];
            check_fields(&item_path, &r.json(), item_schema);
            items_checked += 1;
        }
    }
    assert!(items_checked >= 5, "{items_checked} item routes checked");
}
on_both_backends!(answers_carry_the_fields_the_document_describes);
