//! Atom feeds (RFC 4287) of a site's news and answered questions.

use chrono::NaiveDateTime;

use super::store::PromotedItem;
use super::{w3c_time, xml_escape};

/// How many entries a feed carries: the newest.
pub const ENTRIES: i64 = 50;

/// A feed ready to be written.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    /// The feed's own absolute address (its id and `rel="self"`).
    pub url: String,
    /// The HTML list it mirrors.
    pub list_url: String,
    pub title: String,
    pub lang: &'a str,
    /// The site publishing it (the feed's author when an entry names none).
    pub site_name: &'a str,
    /// The site's origin, prefixed to each item's path.
    pub origin: &'a str,
    pub items: &'a [PromotedItem],
}

/// The Atom document. `updated` is the newest entry's change, or `since` for an empty feed.
pub fn render(feed: &Feed<'_>, since: NaiveDateTime) -> String {
    let updated = feed
        .items
        .iter()
        .map(|i| i.updated_at)
        .max()
        .unwrap_or(since);
    let mut xml = String::with_capacity(1024 + feed.items.len() * 600);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(feed.lang)
    ));
    let url = xml_escape(&feed.url);
    xml.push_str(&format!("  <id>{url}</id>\n"));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(&feed.title)));
    xml.push_str(&format!("  <link rel=\"self\" href=\"{url}\"/>\n"));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&feed.list_url)
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", w3c_time(updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(feed.site_name)
    ));
    for item in feed.items {
        let link = xml_escape(&format!("{}{}", feed.origin, item.path()));
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{link}</id>\n"));
        xml.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&item.entry.title)
        ));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n"
        ));
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            w3c_time(item.entry.published_at)
        ));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            w3c_time(item.updated_at)
        ));
        if !item.entry.author.trim().is_empty() {
            xml.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml_escape(&item.entry.author)
            ));
        }
        if !item.entry.summary.trim().is_empty() {
            xml.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&item.entry.summary)
            ));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
