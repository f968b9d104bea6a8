//! `sitemap.xml`: every promoted address of a site with its last change and its
//! translation (hreflang); a sitemap index of several files only past 50,000 addresses.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;

use super::store::PromotedItem;
use super::{w3c_time, xml_escape};
use crate::content::ContentKind;
use crate::lang::Lang;
use crate::urls::Section;

/// The most addresses one sitemap file may list (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

/// One address of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    pub path: String,
    pub lastmod: Option<NaiveDateTime>,
    /// The same page in each language, itself included (empty when it has no translation).
    pub alternates: Vec<(Lang, String)>,
}

/// The addresses of a site from its promoted items: its home and contact page in each
/// language it publishes in, the list of each section that has items, and every item,
/// linked to its translation.
pub fn urls(items: &[PromotedItem]) -> Vec<SitemapUrl> {
    let by_key: HashMap<(&str, Lang, ContentKind), &PromotedItem> = items
        .iter()
        .map(|i| {
            (
                (i.entry.translation_key.as_str(), i.entry.lang, i.entry.kind),
                i,
            )
        })
        .collect();
    let mut newest: BTreeMap<(Lang, Option<&'static str>), NaiveDateTime> = BTreeMap::new();
    let mut bump = |key, at: NaiveDateTime| {
        let e = newest.entry(key).or_insert(at);
        *e = (*e).max(at);
    };
    let mut out = Vec::with_capacity(items.len() + 16);
    for item in items {
        let entry = &item.entry;
        bump((entry.lang, None), item.updated_at);
        if entry.kind != ContentKind::Page {
            bump(
                (
                    entry.lang,
                    Some(crate::urls::kind_path(entry.kind, entry.lang)),
                ),
                item.updated_at,
            );
        }
        let translation = by_key.get(&(
            entry.translation_key.as_str(),
            entry.lang.other(),
            entry.kind,
        ));
        let alternates = match translation {
            Some(other) => {
                let mut pair = vec![(entry.lang, item.path()), (other.entry.lang, other.path())];
                pair.sort_by_key(|(l, _)| l.code());
                pair
            }
            None => Vec::new(),
        };
        out.push(SitemapUrl {
            path: item.path(),
            lastmod: Some(item.updated_at),
            alternates,
        });
    }
    let languages: Vec<Lang> = [Lang::Vi, Lang::En]
        .into_iter()
        .filter(|l| *l == Lang::Vi || newest.contains_key(&(*l, None)))
        .collect();
    let both = languages.len() == 2;
    let mut sections: Vec<SitemapUrl> = Vec::new();
    for section in [Section::Home, Section::Contact] {
        for &lang in &languages {
            sections.push(SitemapUrl {
                path: section.path(lang).to_string(),
                lastmod: newest.get(&(lang, None)).copied(),
                alternates: if both {
                    vec![
                        (Lang::En, section.path(Lang::En).to_string()),
                        (Lang::Vi, section.path(Lang::Vi).to_string()),
                    ]
                } else {
                    Vec::new()
                },
            });
        }
    }
    for ((lang, path), at) in &newest {
        if let Some(path) = path {
            sections.push(SitemapUrl {
                path: path.to_string(),
                lastmod: Some(*at),
                alternates: Vec::new(),
            });
            let _ = lang;
        }
    }
    sections.extend(out);
    sections
}

/// What `/sitemap.xml` (part `None`) or `/sitemap-N.xml` (part `Some(N)`, from 1) answers:
/// the list itself, an index of the parts past [`MAX_URLS`], or `None` for a part that
/// does not exist.
pub fn render(origin: &str, urls: &[SitemapUrl], part: Option<usize>) -> Option<String> {
    let parts = urls.len().div_ceil(MAX_URLS).max(1);
    match part {
        None if parts == 1 => Some(urlset(origin, urls)),
        None => Some(index(origin, parts, urls)),
        Some(n) if parts > 1 && (1..=parts).contains(&n) => {
            let start = (n - 1) * MAX_URLS;
            Some(urlset(
                origin,
                &urls[start..(start + MAX_URLS).min(urls.len())],
            ))
        }
        Some(_) => None,
    }
}

fn urlset(origin: &str, urls: &[SitemapUrl]) -> String {
    let mut xml = String::with_capacity(urls.len() * 160 + 256);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset \
         xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for u in urls {
        xml.push_str("<url><loc>");
        xml.push_str(&xml_escape(&format!("{origin}{}", u.path)));
        xml.push_str("</loc>");
        if let Some(at) = u.lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&w3c_time(at));
            xml.push_str("</lastmod>");
        }
        for (lang, path) in &u.alternates {
            xml.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            xml.push_str(lang.code());
            xml.push_str("\" href=\"");
            xml.push_str(&xml_escape(&format!("{origin}{path}")));
            xml.push_str("\"/>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn index(origin: &str, parts: usize, urls: &[SitemapUrl]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex \
         xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in urls.chunks(MAX_URLS).enumerate().take(parts) {
        xml.push_str("<sitemap><loc>");
        xml.push_str(&xml_escape(&format!("{origin}/sitemap-{}.xml", n + 1)));
        xml.push_str("</loc>");
        if let Some(at) = chunk.iter().filter_map(|u| u.lastmod).max() {
            xml.push_str("<lastmod>");
            xml.push_str(&w3c_time(at));
            xml.push_str("</lastmod>");
        }
        xml.push_str("</sitemap>\n");
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// `robots.txt`: everything may be read but search answers (endless combinations),
/// the admin interface and preview links (under `/admin`), and the search API; the
/// sitemap is named.
pub fn robots(origin: &str) -> String {
    let mut text = String::from("User-agent: *\n");
    for path in [
        Section::Search.path(Lang::Vi),
        Section::Search.path(Lang::En),
        "/admin",
        "/en/admin",
        "/api/v1/search",
    ] {
        text.push_str("Disallow: ");
        text.push_str(path);
        text.push('\n');
    }
    text.push_str(&format!("\nSitemap: {origin}/sitemap.xml\n"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(n: usize) -> SitemapUrl {
        SitemapUrl {
            path: format!("/tin-tuc/{n}-x"),
            lastmod: None,
            alternates: Vec::new(),
        }
    }

    #[test]
    fn a_sitemap_becomes_an_index_only_past_fifty_thousand_addresses() {
        let small: Vec<_> = (0..MAX_URLS).map(url).collect();
        let xml = render("http://a.localhost", &small, None).unwrap();
        assert!(xml.contains("<urlset") && !xml.contains("sitemapindex"));
        assert_eq!(render("http://a.localhost", &small, Some(1)), None);

        let large: Vec<_> = (0..MAX_URLS + 1).map(url).collect();
        let index = render("http://a.localhost", &large, None).unwrap();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("http://a.localhost/sitemap-2.xml"));
        assert!(!index.contains("sitemap-3.xml"));
        let second = render("http://a.localhost", &large, Some(2)).unwrap();
        assert_eq!(second.matches("<url>").count(), 1);
        assert_eq!(render("http://a.localhost", &large, Some(3)), None);
    }

    #[test]
    fn robots_keep_search_and_admin_out_and_name_the_sitemap() {
        let text = robots("https://skhcn.sonha.gov.vn");
        assert!(text.contains("Disallow: /tim-kiem\n"));
        assert!(text.contains("Disallow: /admin\n"));
        assert!(text.ends_with("Sitemap: https://skhcn.sonha.gov.vn/sitemap.xml\n"));
    }
}
