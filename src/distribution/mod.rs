//! What the portal hands to search engines and feed readers: sitemaps, `robots.txt`, Atom
//! feeds and the metadata of public pages (OpenGraph, schema.org). Only what the public
//! may read goes out, by the one visibility rule of [`crate::content`].

pub mod feed;
pub mod sitemap;
pub mod store;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A UTC time as RFC 3339 (`2026-11-20T02:00:00Z`), as sitemaps and Atom want it.
pub fn w3c_time(t: chrono::NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            xml_escape("Sở <KH&CN> \"x\" 'y'\u{0}"),
            "Sở &lt;KH&amp;CN&gt; &quot;x&quot; &apos;y&apos;"
        );
    }
}
