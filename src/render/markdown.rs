//! Markdown to HTML for every content type, sanitised: whatever an author (or an import)
//! writes, no script, event handler or `javascript:` link reaches a reader.

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown and keeps only safe HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .add_generic_attributes(["id"])
        .add_tag_attributes("th", ["scope"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
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
