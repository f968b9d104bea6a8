//! Prometheus figures, served at `/metrics` on the separate `metrics_bind` listener.
//! Counters and histograms are recorded where things happen (through the `metrics`
//! macros, which cost nothing until [`install`] is called); the gauges of queues and
//! deadlines are read from the database when scraped, so that every node reports the same
//! shared figures and no background task has to keep them.

use std::sync::OnceLock;
use std::time::Duration;

use chrono::NaiveDateTime;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::cache::PageCache;
use crate::db::{Db, DbConn};
use crate::site::hosts::SiteDirectory;

/// Latency buckets in seconds: a cached page takes well under a millisecond, a heavy
/// search or a cold page some hundreds.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Job durations: from milliseconds to the minutes of a rebuild.
const JOB_BUCKETS: &[f64] = &[0.01, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process's recorder (once; later calls return the same handle).
pub fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full("job_duration_seconds".into()),
                        JOB_BUCKETS,
                    )
                })
                .map(|b| b.build_recorder());
            match recorder {
                Ok(recorder) => {
                    let handle = recorder.handle();
                    if metrics::set_global_recorder(recorder).is_err() {
                        tracing::warn!("a metrics recorder was already installed");
                    }
                    describe();
                    handle
                }
                Err(e) => {
                    tracing::error!(error = %e, "metrics recorder not built");
                    PrometheusBuilder::new().build_recorder().handle()
                }
            }
        })
        .clone()
}

/// The help text of every figure.
fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        "http_requests_total",
        "HTTP requests answered, by route pattern and status"
    );
    describe_histogram!(
        "http_request_duration_seconds",
        Unit::Seconds,
        "time until the response head was ready, by route pattern and status"
    );
    describe_counter!(
        "page_cache_hits_total",
        "anonymous pages served from the page cache"
    );
    describe_counter!(
        "page_cache_misses_total",
        "cacheable requests the page cache did not hold"
    );
    describe_counter!(
        "page_cache_evictions_total",
        "pages dropped from the page cache for room (size) or age (expired)"
    );
    describe_gauge!(
        "page_cache_bytes",
        Unit::Bytes,
        "what the cached pages weigh"
    );
    describe_gauge!("page_cache_entries", "pages in the page cache");
    describe_histogram!(
        "search_duration_seconds",
        Unit::Seconds,
        "time to answer a search query"
    );
    describe_histogram!(
        "db_pool_wait_seconds",
        Unit::Seconds,
        "time a request waited for a database connection"
    );
    describe_gauge!(
        "db_pool_connections",
        "database connections of this node, by state"
    );
    describe_counter!(
        "jobs_runs_total",
        "scheduled job runs of this node, by job and outcome"
    );
    describe_counter!(
        "jobs_failures_total",
        "scheduled job runs that failed, by job"
    );
    describe_histogram!(
        "job_duration_seconds",
        Unit::Seconds,
        "duration of a job run, by job"
    );
    describe_gauge!(
        "mail_outbox_queued",
        "mails waiting in the outbox (shared by every node)"
    );
    describe_gauge!(
        "mail_outbox_oldest_age_seconds",
        Unit::Seconds,
        "age of the oldest mail waiting in the outbox"
    );
    describe_gauge!(
        "inbox_questions",
        "open citizens' questions due soon or overdue, by site and standing"
    );
}

/// One HTTP exchange: its count and latency by route pattern (bounded: unknown paths
/// share `unmatched`) and status.
pub fn http_exchange(route: Option<&str>, status: u16, duration: Duration) {
    let route = route.unwrap_or("unmatched").to_string();
    let status = status.to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "status" => status.clone())
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route, "status" => status)
        .record(duration.as_secs_f64());
}

/// A lookup in the page cache.
pub fn page_cache_lookup(hit: bool) {
    if hit {
        metrics::counter!("page_cache_hits_total").increment(1);
    } else {
        metrics::counter!("page_cache_misses_total").increment(1);
    }
}

/// A page the cache dropped by itself (`size` or `expired`).
pub fn page_cache_eviction(cause: &'static str) {
    metrics::counter!("page_cache_evictions_total", "cause" => cause).increment(1);
}

/// A search query answered.
pub fn search_answered(duration: Duration) {
    metrics::histogram!("search_duration_seconds").record(duration.as_secs_f64());
}

/// The wait for a database connection.
pub fn db_pool_waited(duration: Duration) {
    metrics::histogram!("db_pool_wait_seconds").record(duration.as_secs_f64());
}

/// A scheduled job run on this node.
pub fn job_ran(job: &'static str, ok: bool, duration: Duration) {
    let outcome = if ok { "ok" } else { "failed" };
    metrics::counter!("jobs_runs_total", "job" => job, "outcome" => outcome).increment(1);
    if !ok {
        metrics::counter!("jobs_failures_total", "job" => job).increment(1);
    }
    metrics::histogram!("job_duration_seconds", "job" => job).record(duration.as_secs_f64());
}

/// What a scrape reads besides the recorded figures: this node's cache, pool and sites.
pub struct Scraped<'a> {
    pub cache: &'a PageCache,
    pub db: &'a Db,
    pub sites: &'a SiteDirectory,
    pub inbox: &'a crate::inbox::Settings,
}

/// The figures read when scraped: the shared queues from the database, this node's cache
/// and pool. Returns the Prometheus text.
pub fn scrape(state: &Scraped<'_>, conn: &mut DbConn, now: NaiveDateTime) -> String {
    let cache = state.cache.stats();
    metrics::gauge!("page_cache_bytes").set(cache.bytes as f64);
    metrics::gauge!("page_cache_entries").set(cache.entries as f64);
    let pool = state.db.pool_state();
    metrics::gauge!("db_pool_connections", "state" => "idle").set(pool.idle_connections as f64);
    metrics::gauge!("db_pool_connections", "state" => "in_use")
        .set((pool.connections - pool.idle_connections) as f64);
    match crate::mail::queue_figures(conn, now) {
        Ok(queue) => {
            metrics::gauge!("mail_outbox_queued").set(queue.queued as f64);
            metrics::gauge!("mail_outbox_oldest_age_seconds")
                .set(queue.oldest_age.map_or(0.0, |a| a.num_seconds() as f64));
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the outbox was not read"),
    }
    let directory = state.sites.current();
    match crate::inbox::store::pressing_by_site(conn, state.inbox, now) {
        Ok(by_site) => {
            // Every site reports, with zeros, so that an alert sees a question leave.
            for site in directory.sites.iter() {
                let (due_soon, overdue) = by_site.get(&site.id).copied().unwrap_or((0, 0));
                let slug = site.slug.clone();
                metrics::gauge!("inbox_questions", "site" => slug.clone(), "standing" => "due_soon")
                    .set(due_soon as f64);
                metrics::gauge!("inbox_questions", "site" => slug, "standing" => "overdue")
                    .set(overdue as f64);
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the inbox was not read"),
    }
    let handle = install();
    // Without the exporter's own HTTP listener, histograms are drained here.
    handle.run_upkeep();
    handle.render()
}
