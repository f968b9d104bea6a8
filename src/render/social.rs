//! OpenGraph and Twitter-card meta for every public page, made from what its head already
//! says (the title, the description, the canonical address), so that no template repeats
//! them: a shared link shows the page's own title, summary and picture.

use super::escape_html;

/// What a page adds to its head's own facts.
#[derive(Debug, Clone, Default)]
pub struct Social {
    pub site_name: String,
    /// `vi_VN` or `en_US`.
    pub locale: &'static str,
    /// `article` for an item with an author and a date, else `website`.
    pub article: bool,
    /// An absolute address of the page's picture, with its alternative text.
    pub image: Option<(String, String)>,
}

/// The text between `open` and `close` in the head, as the template escaped it.
fn between<'a>(head: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = head.find(open)? + open.len();
    let end = head[start..].find(close)? + start;
    Some(head[start..end].trim())
}

/// The page (as rendered, UTF-8) with its OpenGraph and Twitter-card meta inserted at the
/// end of its head; a page without a head is left as it is.
pub fn with_social_meta(mut html: Vec<u8>, s: &Social) -> Vec<u8> {
    let Some(head_end) = html.windows(7).position(|w| w == b"</head>") else {
        return html;
    };
    let head = std::str::from_utf8(&html[..head_end]).unwrap_or("");
    // Already escaped by the template: used as they are.
    let title = between(head, "<title>", "</title>").unwrap_or("");
    let description = between(head, "<meta name=\"description\" content=\"", "\"").unwrap_or("");
    let url = between(head, "<link rel=\"canonical\" href=\"", "\"").unwrap_or("");
    let mut meta = String::with_capacity(800);
    let mut property = |key: &str, value: &str| {
        if !value.is_empty() {
            meta.push_str(&format!("<meta property=\"{key}\" content=\"{value}\">\n"));
        }
    };
    property("og:type", if s.article { "article" } else { "website" });
    property("og:site_name", &escape_html(&s.site_name));
    property("og:title", title);
    property("og:description", description);
    property("og:url", url);
    property("og:locale", s.locale);
    let card = match &s.image {
        Some((src, alt)) => {
            property("og:image", &escape_html(src));
            property("og:image:alt", &escape_html(alt));
            "summary_large_image"
        }
        None => "summary",
    };
    let mut named = |key: &str, value: &str| {
        if !value.is_empty() {
            meta.push_str(&format!("<meta name=\"{key}\" content=\"{value}\">\n"));
        }
    };
    named("twitter:card", card);
    named("twitter:title", title);
    named("twitter:description", description);
    html.splice(head_end..head_end, meta.into_bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>Tin &amp; bài – Cổng</title>\n<meta name=\"description\" content=\"Tóm tắt &quot;ngắn&quot;\">\n<link rel=\"canonical\" href=\"http://localhost/tin-tuc/1-a\">\n</head><body><title>not this</title></body></html>";

    fn page(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_head_says_it_once_and_the_meta_repeat_it() {
        let out = page(with_social_meta(
            PAGE.into(),
            &Social {
                site_name: "Cổng <Sơn Hà>".into(),
                locale: "vi_VN",
                article: true,
                image: Some(("http://localhost/tep/3/a.png".into(), "Ảnh \"lũ\"".into())),
            },
        ));
        assert!(out.contains("<meta property=\"og:title\" content=\"Tin &amp; bài – Cổng\">"));
        assert!(
            out.contains("<meta property=\"og:description\" content=\"Tóm tắt &quot;ngắn&quot;\">")
        );
        assert!(out.contains("<meta property=\"og:url\" content=\"http://localhost/tin-tuc/1-a\">"));
        assert!(out.contains("<meta property=\"og:type\" content=\"article\">"));
        assert!(out.contains("content=\"Cổng &lt;Sơn Hà&gt;\""));
        assert!(out.contains("<meta property=\"og:image:alt\" content=\"Ảnh &quot;lũ&quot;\">"));
        assert!(out.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
        assert!(out.find("og:title").unwrap() < out.find("</head>").unwrap());
    }

    #[test]
    fn without_a_picture_the_card_is_a_summary_and_no_head_changes_nothing() {
        let out = page(with_social_meta(PAGE.into(), &Social::default()));
        assert!(out.contains("content=\"summary\"") && !out.contains("og:image"));
        assert_eq!(
            with_social_meta(b"<p>x</p>".to_vec(), &Social::default()),
            b"<p>x</p>"
        );
    }
}
