//! Highlighted extracts of a text around the words searched for, HTML-escaped, matched words
//! in `<mark>`. Words match by their folded form, so a query typed without diacritics
//! highlights the accented text.

use std::collections::HashSet;

use super::analyzer::syllables;

/// Syllables in an extract: about two lines of a results page.
const WINDOW: usize = 36;

/// The best extract of `text` for the folded syllables searched for, as HTML.
pub(crate) fn snippet(text: &str, wanted: &HashSet<String>) -> String {
    let syl = syllables(text);
    if syl.is_empty() {
        return String::new();
    }
    let matched: Vec<bool> = syl.iter().map(|s| wanted.contains(&s.folded)).collect();
    // The window starting at a match with the most distinct matched words; ties go to the
    // earliest.
    let mut best = (0usize, 0usize);
    for start in (0..syl.len()).filter(|&i| matched[i]) {
        let end = (start + WINDOW).min(syl.len());
        let distinct: HashSet<&str> = (start..end)
            .filter(|&i| matched[i])
            .map(|i| syl[i].folded.as_str())
            .collect();
        if distinct.len() > best.1 {
            best = (start, distinct.len());
        }
    }
    // Start a little before the first match, so that the extract reads as a sentence.
    let start = best.0.saturating_sub(4);
    let end = (start + WINDOW).min(syl.len());
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    let mut cursor = syl[start].start;
    let mut i = start;
    while i < end {
        if matched[i] {
            let mut j = i;
            while j + 1 < end && matched[j + 1] && syl[j + 1].joined_to_previous {
                j += 1;
            }
            escape_into(&mut html, &text[cursor..syl[i].start]);
            html.push_str("<mark>");
            escape_into(&mut html, &text[syl[i].start..syl[j].end]);
            html.push_str("</mark>");
            cursor = syl[j].end;
            i = j + 1;
        } else {
            i += 1;
        }
    }
    escape_into(&mut html, &text[cursor..syl[end - 1].end]);
    if end < syl.len() {
        html.push('…');
    }
    html
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(words: &[&str]) -> HashSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn matched_words_are_marked_by_their_folded_form() {
        let html = snippet(
            "Người sử dụng đất được cấp Giấy chứng nhận.",
            &wanted(&["dat", "giay"]),
        );
        assert_eq!(
            html,
            "Người sử dụng <mark>đất</mark> được cấp <mark>Giấy</mark> chứng nhận"
        );
    }

    #[test]
    fn adjacent_matches_share_one_mark() {
        let html = snippet("về quyền sử dụng đất", &wanted(&["su", "dung"]));
        assert_eq!(html, "về quyền <mark>sử dụng</mark> đất");
    }

    #[test]
    fn markup_in_the_text_is_escaped() {
        let html = snippet("a <script>x</script> & đất", &wanted(&["dat", "script"]));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;<mark>script</mark>&gt;"), "{html}");
        assert!(html.contains("&amp;"), "{html}");
    }

    #[test]
    fn a_long_text_is_cut_around_the_matches() {
        let text = format!(
            "{} thừa kế theo di chúc {}",
            "chữ ".repeat(100),
            "khác ".repeat(100)
        );
        let html = snippet(&text, &wanted(&["di", "chuc"]));
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>di chúc</mark>"), "{html}");
        assert!(html.chars().count() < 300);
    }

    #[test]
    fn no_match_gives_the_beginning_and_empty_text_nothing() {
        assert!(snippet("Điều khoản chung", &wanted(&["x"])).starts_with("Điều"));
        assert_eq!(snippet("", &wanted(&["x"])), "");
    }
}
