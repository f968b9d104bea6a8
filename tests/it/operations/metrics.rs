//! The metrics listener: Prometheus text on its own address, never on the public one.

use super::server::{free_port, get, Served};

/// The value of a sample line of the Prometheus text, by its name and labels as written.
pub fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[test]
fn metrics_are_served_on_their_own_listener_only() {
    let metrics_port = free_port();
    let served = Served::start(&[
        ("CONG_METRICS_BIND", &format!("127.0.0.1:{metrics_port}")),
        ("CONG_LOG", "warn"),
    ]);
    let port = served.port;
    for _ in 0..3 {
        assert_eq!(get(port, "skhcn.localhost", "/tin-tuc").unwrap().0, 200);
    }
    assert_eq!(
        get(port, "skhcn.localhost", "/tim-kiem?q=khoa+h%E1%BB%8Dc")
            .unwrap()
            .0,
        200
    );
    assert_eq!(
        get(port, "localhost", "/metrics").unwrap().0,
        404,
        "not on the public port"
    );

    let (status, text) = get(metrics_port, "127.0.0.1", "/metrics").unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        sample(
            &text,
            r#"http_requests_total{route="/tin-tuc",status="200"}"#
        ),
        Some(3.0),
        "{text}"
    );
    assert!(
        text.contains(r#"http_requests_total{route="unmatched",status="404"}"#),
        "{text}"
    );
    assert!(
        text.contains(r#"http_request_duration_seconds_bucket{route="/tin-tuc",status="200",le="#),
        "{text}"
    );
    // The first read of the list misses, the next two are served from memory.
    assert_eq!(sample(&text, "page_cache_hits_total"), Some(2.0), "{text}");
    assert!(
        sample(&text, "page_cache_misses_total").unwrap() >= 1.0,
        "{text}"
    );
    assert!(
        sample(&text, "page_cache_bytes").unwrap() > 1000.0,
        "{text}"
    );
    assert!(text.contains("db_pool_wait_seconds_count"), "{text}");
    assert!(
        sample(&text, "search_duration_seconds_count").unwrap() >= 1.0,
        "{text}"
    );
    assert!(sample(&text, "mail_outbox_queued").is_some(), "{text}");
    assert!(
        sample(&text, "mail_outbox_oldest_age_seconds").is_some(),
        "{text}"
    );
    for standing in ["due_soon", "overdue"] {
        assert!(
            sample(
                &text,
                &format!(r#"inbox_questions{{site="skhcn",standing="{standing}"}}"#)
            )
            .is_some(),
            "{text}"
        );
    }
    assert!(text.contains("# HELP http_requests_total"), "{text}");
    drop(served);
}
