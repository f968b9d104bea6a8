//! Markdown to HTML for every content type, sanitised: whatever an author (or an import)
//! writes, no script, event handler or `javascript:` link reaches a reader.

use pulldown_cmark::{html, Options, Parser};

/// What every `id` of user content starts with, so that an author's `id` never collides
/// with the page's own (DOM clobbering); links to fragments are prefixed the same way.
pub const ID_PREFIX: &str = "user-content-";

/// Renders Markdown and keeps only safe HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    let raw = responsive_images(&raw);
    ammonia::Builder::default()
        .add_generic_attributes(["id"])
        .id_prefix(Some(ID_PREFIX))
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "width", "height"])
        .attribute_filter(|element, attribute, value| {
            // A footnote's link (`#fn-1`) follows its target's prefixed id.
            if element == "a" && attribute == "href" {
                if let Some(fragment) = value.strip_prefix('#') {
                    if !fragment.is_empty() && !fragment.starts_with(ID_PREFIX) {
                        return Some(format!("#{ID_PREFIX}{fragment}").into());
                    }
                }
            }
            // Only the portal's own renditions may appear in a srcset.
            if element == "img"
                && attribute == "srcset"
                && !value.split(',').all(|c| c.trim().starts_with("/tep/"))
            {
                return None;
            }
            Some(value.into())
        })
        .add_tag_attributes("th", ["scope"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// Gives every image of the media library (`/tep/{id}/…`) a `srcset` of its WebP
/// renditions, so phones download a fraction of the original.
fn responsive_images(html: &str) -> String {
    const MARK: &str = "<img src=\"/tep/";
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        let after = &rest[i + MARK.len()..];
        let id: String = after.chars().take_while(char::is_ascii_digit).collect();
        out.push_str(&rest[..i]);
        if id.is_empty() {
            out.push_str(MARK);
        } else {
            let srcset = crate::media::images::srcset(
                &format!("/tep/{id}"),
                &crate::media::images::WIDTHS,
                "webp",
            );
            out.push_str(&format!(
                "<img loading=\"lazy\" sizes=\"(max-width: 48rem) 100vw, 48rem\" srcset=\"{srcset}\" src=\"/tep/"
            ));
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Plain text (a legal document's articles, as issued) as HTML paragraphs, one per line:
/// escaped, never interpreted as Markdown, since `1.` and `a)` are the text's own numbering.
pub fn plain_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str("<p>");
        out.push_str(&super::escape_html(line));
        out.push_str("</p>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_of_user_content_are_prefixed_and_footnotes_still_link() {
        let html = super::to_safe_html(
            "<div id=\"main\">x</div>\n\nText[^1]\n\n[^1]: Note. <a href=\"#main\">top</a>",
        );
        assert!(html.contains("id=\"user-content-main\""), "{html}");
        assert!(!html.contains("id=\"main\""), "{html}");
        assert!(html.contains("href=\"#user-content-main\""), "{html}");
        assert!(!html.contains("href=\"#1\""), "{html}");
    }

    use super::*;

    #[test]
    fn markdown_renders_headings_tables_and_links() {
        let html =
            to_safe_html("## Mục tiêu\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Liên hệ](/lien-he)");
        assert!(html.contains("<h2>Mục tiêu</h2>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("href=\"/lien-he\""), "{html}");
    }

    #[test]
    fn library_images_get_a_srcset_and_foreign_ones_do_not() {
        let html =
            to_safe_html("![Lễ khai mạc](/tep/12/le-khai-mac.jpg) ![x](https://example.org/a.jpg)");
        assert!(html.contains("srcset=\"/tep/12/320w.webp 320w"), "{html}");
        assert!(html.contains("alt=\"Lễ khai mạc\""), "{html}");
        assert_eq!(html.matches("srcset").count(), 1, "{html}");
        let forged = to_safe_html("<img src=\"/x.png\" srcset=\"javascript:alert(1) 1x\">");
        assert!(!forged.contains("srcset"), "{forged}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> \
             <a href=\"JaVaScRiPt:alert(1)\">y</a> <iframe src=\"//evil\"></iframe>",
        );
        let lower = html.to_lowercase();
        for bad in ["<script", "javascript:", "onerror", "<iframe"] {
            assert!(!lower.contains(bad), "{bad} survived in {html}");
        }
    }
}
