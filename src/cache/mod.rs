//! The page cache: anonymous GETs of public pages served from memory, like static files.
//! Keyed by host, path (which carries the language) and query; invalidated through the
//! change log on every server; entries expire on time by the shared clock.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use actix_web::http::header::{HeaderName, HeaderValue};
use bytes::Bytes;
use chrono::{DateTime, Utc};

use crate::changelog::follower::ChangeListener;
use crate::changelog::Change;
use crate::clock::SharedClock;
use crate::db::DbConn;
use crate::site::SiteId;

/// A response a handler allows to be cached, and until when.
#[derive(Debug, Clone, Copy)]
pub struct Cacheable {
    /// The site whose changes make this page stale; `None` for pages that aggregate
    /// every site (any change makes them stale).
    pub site: Option<SiteId>,
    /// A page whose content depends on the clock says when it must be rebuilt.
    pub expires_at: Option<DateTime<Utc>>,
    /// A page of search results: the index generation it shows, stale once the index moves.
    pub index_generation: Option<u64>,
}

impl Cacheable {
    /// A page showing `site`'s content (or every site's, for `None`) that must be rebuilt
    /// at `next_change` (when a dated item becomes visible), if ever.
    pub fn until(site: Option<SiteId>, next_change: Option<chrono::NaiveDateTime>) -> Cacheable {
        Cacheable {
            site,
            expires_at: next_change.map(|t| t.and_utc()),
            index_generation: None,
        }
    }

    /// A page of `site`'s search results found in index generation `generation`: kept until
    /// the index moves on (a change reaches the index after the change log, so the site's
    /// changes alone would let a page rendered in between stay stale).
    pub fn following_index(site: Option<SiteId>, generation: u64) -> Cacheable {
        Cacheable {
            site,
            expires_at: None,
            index_generation: Some(generation),
        }
    }
}

/// One cached response.
pub struct CachedPage {
    pub status: u16,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
    pub etag: String,
    site: Option<SiteId>,
    expires_at: DateTime<Utc>,
    index_generation: Option<u64>,
}

impl CachedPage {
    /// Whether the page shows search results of an index generation other than the one
    /// `current` reads now (asked only of such pages).
    pub fn is_behind_index(&self, current: impl FnOnce() -> Option<u64>) -> bool {
        self.index_generation
            .is_some_and(|shown| current() != Some(shown))
    }

    /// What the entry costs in memory, roughly: what the byte bound counts.
    fn weight(&self, key: &str) -> u32 {
        let headers: usize = self
            .headers
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len() + 32)
            .sum();
        let total = key.len() + self.body.len() + self.etag.len() + headers + 128;
        u32::try_from(total).unwrap_or(u32::MAX)
    }
}

/// The query parameters some cacheable page reads. A request naming any other parameter
/// is answered as usual (the parameter ignored) but never looked up in nor stored into
/// the cache, so that unique query strings cannot fill or flush it. A handler that reads
/// a new parameter adds it here, or its pages are simply not cached with it.
pub const KNOWN_QUERY_PARAMETERS: &[&str] = &[
    "agency",
    "as_of",
    "code",
    "field",
    "granularity",
    "issuer",
    "kind",
    "lang",
    "level",
    "limit",
    "online",
    "page",
    "per_page",
    "print",
    "q",
    "site",
    "sort",
    "status",
    "type",
    "year",
];

/// The default bound of the cache, in bytes.
pub const DEFAULT_BYTES: u64 = 128 * 1024 * 1024;

/// The cache of one app server: bounded by bytes, evicting by recency and frequency
/// (moka's TinyLFU: a flood of pages asked once does not push out the pages people read).
pub struct PageCache {
    enabled: bool,
    ttl: chrono::Duration,
    clock: SharedClock,
    entries: moka::sync::Cache<String, Arc<CachedPage>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// Counters for monitoring.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct CacheStats {
    pub entries: u64,
    /// What the entries weigh, against the bound.
    pub bytes: u64,
    pub max_bytes: u64,
    pub hits: u64,
    pub misses: u64,
}

impl PageCache {
    pub fn new(enabled: bool, ttl_secs: u64, max_bytes: u64, clock: SharedClock) -> PageCache {
        let ttl_secs = ttl_secs.min(86_400 * 30);
        let entries = moka::sync::Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|key: &String, page: &Arc<CachedPage>| page.weight(key))
            // A backstop on the machine's own time; the shared clock decides freshness.
            .time_to_live(std::time::Duration::from_secs(ttl_secs.max(1)))
            .support_invalidation_closures()
            .eviction_listener(|_, _, cause| match cause {
                moka::notification::RemovalCause::Size => {
                    crate::telemetry::metrics::page_cache_eviction("size")
                }
                moka::notification::RemovalCause::Expired => {
                    crate::telemetry::metrics::page_cache_eviction("expired")
                }
                // Invalidated by a change, or replaced: not the cache's own choice.
                _ => {}
            })
            .build();
        PageCache {
            enabled,
            ttl: chrono::Duration::seconds(ttl_secs as i64),
            clock,
            entries,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The cache key of a request, or `None` when its query names a parameter no cached
    /// page reads (such a request bypasses the cache). The port and scheme are not part of
    /// it: no cached byte depends on them (links come from the configuration).
    pub fn key(host: &str, path: &str, query: &str) -> Option<String> {
        let known = query.split('&').filter(|p| !p.is_empty()).all(|pair| {
            let name = pair.split_once('=').map_or(pair, |(n, _)| n);
            KNOWN_QUERY_PARAMETERS.contains(&name)
        });
        if !known {
            return None;
        }
        let mut k = String::with_capacity(host.len() + path.len() + query.len() + 2);
        k.push_str(host);
        k.push_str(path);
        if !query.is_empty() {
            k.push('?');
            k.push_str(query);
        }
        Some(k)
    }

    /// A fresh entry, if there is one.
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        match self.entries.get(key) {
            Some(page) if page.expires_at > self.clock.now() => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                crate::telemetry::metrics::page_cache_lookup(true);
                Some(page)
            }
            Some(_) => {
                self.entries.invalidate(key);
                self.misses.fetch_add(1, Ordering::Relaxed);
                crate::telemetry::metrics::page_cache_lookup(false);
                crate::telemetry::metrics::page_cache_eviction("expired");
                None
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                crate::telemetry::metrics::page_cache_lookup(false);
                None
            }
        }
    }

    /// Stores a response the handler marked cacheable; returns the stored entry.
    pub fn put(
        &self,
        key: String,
        status: u16,
        headers: Vec<(HeaderName, HeaderValue)>,
        body: Bytes,
        policy: Cacheable,
    ) -> Arc<CachedPage> {
        let now = self.clock.now();
        let latest = now + self.ttl;
        let expires_at = policy.expires_at.map_or(latest, |e| e.min(latest));
        let etag = format!("\"{:016x}\"", fxhash(&body));
        let page = Arc::new(CachedPage {
            status,
            headers,
            body,
            etag,
            site: policy.site,
            expires_at,
            index_generation: policy.index_generation,
        });
        if expires_at > now {
            self.entries.insert(key, page.clone());
        }
        page
    }

    /// Drops every entry that shows content of these sites (and every aggregate page).
    pub fn invalidate(&self, sites: &HashSet<SiteId>) {
        let sites = sites.clone();
        let dropped = self
            .entries
            .invalidate_entries_if(move |_, p| p.site.is_none_or(|s| sites.contains(&s)));
        if dropped.is_err() {
            // Only when the builder lacks invalidation closures; never stale, then.
            self.clear();
        }
    }

    /// Drops one entry (a page found stale on reading).
    pub fn forget(&self, key: &str) {
        self.entries.invalidate(key);
    }

    pub fn clear(&self) {
        self.entries.invalidate_all();
    }

    /// The counters, after the cache has applied its pending evictions.
    pub fn stats(&self) -> CacheStats {
        self.entries.run_pending_tasks();
        CacheStats {
            entries: self.entries.entry_count(),
            bytes: self.entries.weighted_size(),
            max_bytes: self.entries.policy().max_capacity().unwrap_or(0),
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }
}

/// A fast non-cryptographic hash for ETags of cached pages.
fn fxhash(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in data.chunks(8) {
        let mut buf = [0u8; 8];
        buf[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(0x5170_8f3e_a09b_c4d5);
    }
    h
}

/// The page cache follows the change log: a change to a site's content drops that
/// site's pages and the pages aggregating all sites (the province portal shows
/// department news). A change to a site's own definition (name, menu) drops everything.
impl ChangeListener for PageCache {
    fn on_changes(&self, _conn: &mut DbConn, changes: &[Change]) {
        if changes.iter().any(|c| c.is(crate::changelog::Entity::Site)) {
            self.clear();
            return;
        }
        let sites: HashSet<SiteId> = changes.iter().filter_map(Change::site).collect();
        if changes.iter().any(|c| c.site().is_none()) {
            self.clear();
        } else if !sites.is_empty() {
            self.invalidate(&sites);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, ManualClock};

    fn cache(clock: Arc<ManualClock>) -> PageCache {
        PageCache::new(true, 60, DEFAULT_BYTES, clock)
    }

    fn policy(site: Option<i32>) -> Cacheable {
        Cacheable {
            site: site.map(SiteId),
            expires_at: None,
            index_generation: None,
        }
    }

    #[test]
    fn entries_expire_by_the_clock() {
        let clock = ManualClock::new(Utc::now());
        let c = cache(clock.clone());
        c.put(
            "k".into(),
            200,
            vec![],
            Bytes::from_static(b"x"),
            policy(Some(1)),
        );
        assert!(c.get("k").is_some());
        clock.advance(chrono::Duration::seconds(61));
        assert!(c.get("k").is_none());
    }

    #[test]
    fn a_page_may_ask_to_expire_sooner() {
        let clock = ManualClock::new(Utc::now());
        let c = cache(clock.clone());
        let soon = Cacheable {
            site: Some(SiteId(1)),
            expires_at: Some(clock.now() + chrono::Duration::seconds(5)),
            index_generation: None,
        };
        c.put("k".into(), 200, vec![], Bytes::from_static(b"x"), soon);
        clock.advance(chrono::Duration::seconds(6));
        assert!(c.get("k").is_none());
    }

    #[test]
    fn invalidation_drops_the_site_and_aggregates_only() {
        let c = cache(ManualClock::new(Utc::now()));
        c.put("a".into(), 200, vec![], Bytes::new(), policy(Some(1)));
        c.put("b".into(), 200, vec![], Bytes::new(), policy(Some(2)));
        c.put("all".into(), 200, vec![], Bytes::new(), policy(None));
        c.invalidate(&HashSet::from([SiteId(1)]));
        assert!(c.get("a").is_none());
        assert!(c.get("b").is_some());
        assert!(c.get("all").is_none());
    }

    #[test]
    fn unknown_query_parameters_make_no_key() {
        assert_eq!(
            PageCache::key("skhcn.localhost", "/tin-tuc", "page=2").as_deref(),
            Some("skhcn.localhost/tin-tuc?page=2")
        );
        assert!(PageCache::key("localhost", "/", "z=1").is_none());
        assert!(PageCache::key("localhost", "/", "page=2&utm_source=x").is_none());
        assert!(PageCache::key("localhost", "/", "").is_some());
    }

    #[test]
    fn the_cache_stays_within_its_bytes_and_keeps_what_is_read() {
        let clock = ManualClock::new(Utc::now());
        let c = PageCache::new(true, 600, 1024 * 1024, clock);
        let page = Bytes::from(vec![b'x'; 40 * 1024]);
        c.put("hot".into(), 200, vec![], page.clone(), policy(Some(1)));
        for i in 0..2_000 {
            assert!(c.get("hot").is_some() || i > 0);
            c.put(
                format!("cold{i}"),
                200,
                vec![],
                page.clone(),
                policy(Some(1)),
            );
            let _ = c.get("hot");
        }
        let stats = c.stats();
        assert!(stats.bytes <= 1024 * 1024, "{stats:?}");
        assert!(stats.entries > 1, "{stats:?}");
        assert!(
            c.get("hot").is_some(),
            "the page read all along was evicted"
        );
    }
}
