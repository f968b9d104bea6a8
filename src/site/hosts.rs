//! Choosing the site from a request's `Host`: pure rules over an in-memory snapshot
//! of the sites, their aliases and menus (reloaded when sites change).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use parking_lot::RwLock;

use super::{MenuItem, Site, SiteId, SiteKind};
use crate::lang::Lang;

/// What a host means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostMatch {
    /// The site's canonical host (or an IP address / the base domain for the province).
    Site(SiteId),
    /// An alias or a retired site's host: answer with a permanent redirect to this site's host.
    RedirectTo(SiteId),
    /// No site answers here.
    Unknown,
}

/// The host without port or trailing dot, lower case (`SKHCN.localhost:8080` → `skhcn.localhost`).
pub fn normalise_host(host: &str) -> String {
    let host = host.trim();
    let without_port = if let Some(rest) = host.strip_prefix('[') {
        // [v6]:port
        rest.split(']').next().unwrap_or(rest)
    } else {
        match host.rsplit_once(':') {
            Some((h, port)) if !h.contains(':') && port.chars().all(|c| c.is_ascii_digit()) => h,
            _ => host,
        }
    };
    without_port.trim_end_matches('.').to_ascii_lowercase()
}

/// A snapshot of every site, looked up by host label.
#[derive(Debug, Default)]
pub struct Directory {
    pub sites: Vec<Arc<Site>>,
    by_id: HashMap<SiteId, Arc<Site>>,
    /// Canonical labels (slugs) and aliases, with what they mean.
    labels: HashMap<String, HostMatch>,
    province: Option<SiteId>,
    menus: HashMap<(SiteId, Lang), Vec<MenuItem>>,
    /// Alert and maintenance banners not ended when the directory was read.
    banners: Vec<super::banners::Banner>,
}

impl Directory {
    pub fn new(
        sites: Vec<Site>,
        aliases: Vec<(String, SiteId)>,
        menus: HashMap<(SiteId, Lang), Vec<MenuItem>>,
    ) -> Directory {
        let mut sites: Vec<Arc<Site>> = sites.into_iter().map(Arc::new).collect();
        sites.sort_by_key(|s| (s.kind != SiteKind::Province, s.position, s.id));
        let mut labels = HashMap::new();
        let by_id: HashMap<SiteId, Arc<Site>> = sites.iter().map(|s| (s.id, s.clone())).collect();
        for site in &sites {
            let meaning = match (site.retired, site.redirect_to) {
                (true, Some(target)) if by_id.contains_key(&target) => {
                    HostMatch::RedirectTo(target)
                }
                _ => HostMatch::Site(site.id),
            };
            if site.kind != SiteKind::Province {
                labels.insert(site.slug.clone(), meaning);
            }
        }
        for (label, site) in aliases {
            // An alias follows its site if that site was itself retired into another.
            let target = match by_id.get(&site) {
                Some(s) if s.retired => s.redirect_to.unwrap_or(site),
                _ => site,
            };
            labels.insert(label, HostMatch::RedirectTo(target));
        }
        let province = sites
            .iter()
            .find(|s| s.kind == SiteKind::Province)
            .map(|s| s.id);
        Directory {
            sites,
            by_id,
            labels,
            province,
            menus,
            banners: Vec::new(),
        }
    }

    /// The same directory with its banners.
    pub fn with_banners(self, banners: Vec<super::banners::Banner>) -> Directory {
        Directory { banners, ..self }
    }

    /// The banners shown on a site's pages at `now`, and when that next changes.
    pub fn banners(
        &self,
        site: SiteId,
        now: chrono::NaiveDateTime,
    ) -> (Vec<&super::banners::Banner>, Option<chrono::NaiveDateTime>) {
        let shown = self.banners.iter().filter(|b| b.shown(site, now)).collect();
        (shown, super::banners::next_change(&self.banners, site, now))
    }

    pub fn get(&self, id: SiteId) -> Option<&Arc<Site>> {
        self.by_id.get(&id)
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Arc<Site>> {
        self.sites.iter().find(|s| s.slug == slug)
    }

    /// The province portal, if one is defined.
    pub fn province(&self) -> Option<&Arc<Site>> {
        self.province.and_then(|id| self.by_id.get(&id))
    }

    pub fn menu(&self, site: SiteId, lang: Lang) -> &[MenuItem] {
        self.menus
            .get(&(site, lang))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// What a request's `Host` header means under `base_domain`.
    pub fn resolve(&self, host: &str, base_domain: &str) -> HostMatch {
        let host = normalise_host(host);
        let province = || match self.province {
            Some(id) => HostMatch::Site(id),
            None => HostMatch::Unknown,
        };
        if host.parse::<IpAddr>().is_ok() || host == base_domain {
            return province();
        }
        match host
            .strip_suffix(base_domain)
            .and_then(|l| l.strip_suffix('.'))
        {
            Some(label) if !label.is_empty() => self
                .labels
                .get(label)
                .cloned()
                .unwrap_or(HostMatch::Unknown),
            _ => HostMatch::Unknown,
        }
    }
}

impl Directory {
    /// Whether a form posted with this `Origin` header comes from a page of this
    /// installation: the request's own host, or the host or an alias of one of its sites.
    /// `null` and every other host are foreign, IP addresses included (unless the request
    /// itself was made to that address).
    pub fn is_own_origin(&self, origin: &str, request_host: &str, base_domain: &str) -> bool {
        let Some(host) = url::Url::parse(origin.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .and_then(|u| u.host_str().map(normalise_host))
        else {
            return false;
        };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if host == normalise_host(request_host) {
            return true;
        }
        host.parse::<IpAddr>().is_err() && self.resolve(&host, base_domain) != HostMatch::Unknown
    }
}

/// The live snapshot, swapped whole when sites change so readers never see half an update.
#[derive(Default)]
pub struct SiteDirectory(RwLock<Arc<Directory>>);

impl SiteDirectory {
    pub fn current(&self) -> Arc<Directory> {
        self.0.read().clone()
    }

    pub fn replace(&self, directory: Directory) {
        *self.0.write() = Arc::new(directory);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(id: i32, slug: &str, kind: SiteKind) -> Site {
        Site {
            id: SiteId(id),
            slug: slug.into(),
            kind,
            name_vi: slug.into(),
            name_en: slug.into(),
            short_name_vi: slug.into(),
            short_name_en: slug.into(),
            address_vi: String::new(),
            address_en: String::new(),
            phone: String::new(),
            fax: String::new(),
            email: String::new(),
            office_hours_vi: String::new(),
            office_hours_en: String::new(),
            office_sessions: None,
            redirect_to: None,
            retired: false,
            position: 0,
        }
    }

    fn directory() -> Directory {
        let mut old = site(4, "stttt-cu", SiteKind::Department);
        old.retired = true;
        old.redirect_to = Some(SiteId(2));
        Directory::new(
            vec![
                site(1, "sonha", SiteKind::Province),
                site(2, "skhcn", SiteKind::Department),
                site(3, "tanphu", SiteKind::Commune),
                old,
            ],
            vec![("www".into(), SiteId(1)), ("stttt".into(), SiteId(2))],
            HashMap::new(),
        )
    }

    #[test]
    fn hosts_are_normalised() {
        assert_eq!(normalise_host("SKHCN.Localhost:8080"), "skhcn.localhost");
        assert_eq!(normalise_host("sonha.gov.vn."), "sonha.gov.vn");
        assert_eq!(normalise_host("[::1]:8080"), "::1");
        assert_eq!(normalise_host("::1"), "::1");
    }

    #[test]
    fn base_domain_and_ip_hosts_serve_the_province() {
        let d = directory();
        for host in [
            "localhost",
            "LOCALHOST:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "10.1.2.3",
        ] {
            assert_eq!(
                d.resolve(host, "localhost"),
                HostMatch::Site(SiteId(1)),
                "{host}"
            );
        }
    }

    #[test]
    fn sub_domains_select_their_site() {
        let d = directory();
        assert_eq!(
            d.resolve("skhcn.localhost", "localhost"),
            HostMatch::Site(SiteId(2))
        );
        assert_eq!(
            d.resolve("TanPhu.localhost:80", "localhost"),
            HostMatch::Site(SiteId(3))
        );
        assert_eq!(
            d.resolve("sonha.localhost", "localhost"),
            HostMatch::Unknown
        );
    }

    #[test]
    fn aliases_and_retired_sites_redirect() {
        let d = directory();
        assert_eq!(
            d.resolve("www.localhost", "localhost"),
            HostMatch::RedirectTo(SiteId(1))
        );
        assert_eq!(
            d.resolve("stttt.localhost", "localhost"),
            HostMatch::RedirectTo(SiteId(2))
        );
        assert_eq!(
            d.resolve("stttt-cu.localhost", "localhost"),
            HostMatch::RedirectTo(SiteId(2))
        );
    }

    #[test]
    fn unknown_and_foreign_hosts_are_unknown() {
        let d = directory();
        assert_eq!(d.resolve("nope.localhost", "localhost"), HostMatch::Unknown);
        assert_eq!(d.resolve("example.com", "localhost"), HostMatch::Unknown);
        assert_eq!(d.resolve("evillocalhost", "localhost"), HostMatch::Unknown);
        assert_eq!(d.resolve("", "localhost"), HostMatch::Unknown);
    }

    #[test]
    fn forms_are_accepted_only_from_pages_of_the_installation() {
        let d = directory();
        let own = |origin: &str| d.is_own_origin(origin, "skhcn.sonha.gov.vn", "sonha.gov.vn");
        assert!(own("https://skhcn.sonha.gov.vn"));
        assert!(own("http://tanphu.sonha.gov.vn:8080"));
        assert!(own("https://www.sonha.gov.vn"));
        assert!(own("https://sonha.gov.vn"));
        assert!(!own("http://evil.example"));
        assert!(!own("https://skhcn.sonha.gov.vn.evil.example"));
        assert!(!own("null"));
        assert!(!own("http://203.0.113.9"));
        assert!(!own("file://skhcn.sonha.gov.vn"));
        assert!(d.is_own_origin("http://127.0.0.1:8080", "127.0.0.1:8080", "sonha.gov.vn"));
    }
}
