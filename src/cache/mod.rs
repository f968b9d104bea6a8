//! The page cache: anonymous GETs of public pages served from memory, like static files.
//! Keyed by host, path (which carries the language) and query; invalidated through the
//! change log on every server; entries expire on time by the shared clock.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use actix_web::http::header::{HeaderName, HeaderValue};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use parking_lot::RwLock;

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
}

impl Cacheable {
    /// A page showing `site`'s content (or every site's, for `None`) that must be rebuilt
    /// at `next_change` (when a dated item becomes visible), if ever.
    pub fn until(site: Option<SiteId>, next_change: Option<chrono::NaiveDateTime>) -> Cacheable {
        Cacheable {
            site,
            expires_at: next_change.map(|t| t.and_utc()),
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
}

/// The cache of one app server.
pub struct PageCache {
    enabled: bool,
    ttl: chrono::Duration,
    max_entries: usize,
    clock: SharedClock,
    entries: RwLock<HashMap<String, Arc<CachedPage>>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// Counters for monitoring.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct CacheStats {
    pub entries: usize,
    pub hits: u64,
    pub misses: u64,
}

impl PageCache {
    pub fn new(enabled: bool, ttl_secs: u64, clock: SharedClock) -> PageCache {
        PageCache {
            enabled,
            ttl: chrono::Duration::seconds(ttl_secs.min(86_400 * 30) as i64),
            max_entries: 20_000,
            clock,
            entries: RwLock::new(HashMap::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The cache key of a request.
    pub fn key(host: &str, path: &str, query: &str) -> String {
        let mut k = String::with_capacity(host.len() + path.len() + query.len() + 2);
        k.push_str(host);
        k.push_str(path);
        if !query.is_empty() {
            k.push('?');
            k.push_str(query);
        }
        k
    }

    /// A fresh entry, if there is one.
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let found = self.entries.read().get(key).cloned();
        match found {
            Some(page) if page.expires_at > self.clock.now() => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(page)
            }
            Some(_) => {
                self.entries.write().remove(key);
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
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
        });
        if expires_at > now {
            let mut entries = self.entries.write();
            if entries.len() >= self.max_entries {
                // Crude but bounded: a full cache starts over rather than growing.
                entries.clear();
            }
            entries.insert(key, page.clone());
        }
        page
    }

    /// Drops every entry that shows content of these sites (and every aggregate page).
    pub fn invalidate(&self, sites: &HashSet<SiteId>) {
        self.entries
            .write()
            .retain(|_, p| p.site.is_some_and(|s| !sites.contains(&s)));
    }

    pub fn clear(&self) {
        self.entries.write().clear();
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            entries: self.entries.read().len(),
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
        PageCache::new(true, 60, clock)
    }

    fn policy(site: Option<i32>) -> Cacheable {
        Cacheable {
            site: site.map(SiteId),
            expires_at: None,
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
}
