//! Highlighted extracts of a text around the words searched for, HTML-escaped, matched words
//! in `<mark>`. Words match by their folded form, so a query typed without diacritics
//! highlights the accented text.

use std::collections::{HashMap, HashSet};

use super::analyzer::for_each_folded;

/// Syllables in an extract: about two lines of a results page.
const WINDOW: usize = 36;

/// A syllable of the text: where it is, and which wanted word it is, if any.
struct Spot {
    start: usize,
    end: usize,
    joined_to_previous: bool,
    word: Option<usize>,
}

/// The best extract of `text` for the folded syllables searched for, as HTML.
pub(crate) fn snippet(text: &str, wanted: &HashSet<String>) -> String {
    let ids: HashMap<&str, usize> = wanted
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), i))
        .collect();
    let mut syl: Vec<Spot> = Vec::new();
    for_each_folded(text, |start, end, joined_to_previous, folded| {
        syl.push(Spot {
            start,
            end,
            joined_to_previous,
            word: ids.get(folded).copied(),
        })
    });
    if syl.is_empty() {
        return String::new();
    }
    // The window starting at a match with the most distinct matched words; ties go to the
    // earliest. One pass: the window slides, counting each word inside it.
    let mut best = (0usize, 0usize);
    let mut inside = vec![0usize; ids.len()];
    let mut distinct = 0;
    let mut end = 0;
    for start in 0..syl.len() {
        while end < syl.len() && end < start + WINDOW {
            if let Some(w) = syl[end].word {
                inside[w] += 1;
                if inside[w] == 1 {
                    distinct += 1;
                }
            }
            end += 1;
        }
        if syl[start].word.is_some() && distinct > best.1 {
            best = (start, distinct);
        }
        if let Some(w) = syl[start].word {
            inside[w] -= 1;
            if inside[w] == 0 {
                distinct -= 1;
            }
        }
    }
    // Start a little before the first match, so that the extract reads as a sentence.
    let start = best.0.saturating_sub(4);
    let end = (start + WINDOW).min(syl.len());
    let matched = |i: usize| syl[i].word.is_some();
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    let mut cursor = syl[start].start;
    let mut i = start;
    while i < end {
        if matched(i) {
            let mut j = i;
            while j + 1 < end && matched(j + 1) && syl[j + 1].joined_to_previous {
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
    fn the_extract_holds_the_most_distinct_words_searched_for() {
        let text = format!(
            "đất {} thu hồi đất và bồi thường khi Nhà nước thu hồi đất {}",
            "chữ ".repeat(60),
            "khác ".repeat(60)
        );
        let html = snippet(&text, &wanted(&["thu", "hoi", "dat", "boi", "thuong"]));
        assert!(html.contains("<mark>bồi thường</mark>"), "{html}");
        assert!(html.starts_with('…'), "{html}");
    }

    #[test]
    fn no_match_gives_the_beginning_and_empty_text_nothing() {
        assert!(snippet("Điều khoản chung", &wanted(&["x"])).starts_with("Điều"));
        assert_eq!(snippet("", &wanted(&["x"])), "");
    }
}
