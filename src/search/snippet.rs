//! Highlighted extracts of a text around the words searched for, HTML-escaped, matched words
//! in `<mark>`. Words match by their folded form, so a query typed without diacritics
//! highlights the accented text.

use std::collections::HashSet;
use std::ops::ControlFlow;

use rustc_hash::FxHashMap;

use super::analyzer::{for_each_folded, pair, Initials, Syllable};

/// Syllables in an extract: about two lines of a results page.
const WINDOW: usize = 36;

/// What an extract marks: the query's words as typed. Most Vietnamese words are two
/// syllables, and one syllable of them alone is another word or none (`tổ` of `tổ chức`,
/// `thực` of `thực hiện`): a syllable the query joins to its neighbour is marked only beside
/// that neighbour, a syllable the query uses alone wherever it stands. Words the lexicon adds
/// are not the reader's and are not marked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Highlight {
    /// Folded syllables the query uses alone (`thuế`, `bhxh`).
    singles: HashSet<String>,
    /// Folded pairs of adjacent syllables of the query (`to chuc`).
    pairs: HashSet<String>,
}

impl Highlight {
    /// The words of a query: its syllables and which of them are its subject (question words
    /// are not).
    pub(crate) fn of_query(syl: &[Syllable], content: &[bool]) -> Highlight {
        let mut highlight = Highlight::default();
        let words = |i: usize| content.get(i).copied().unwrap_or(false);
        for (i, s) in syl.iter().enumerate().filter(|(i, _)| words(*i)) {
            let after_word = i > 0 && words(i - 1) && s.joined_to_previous;
            let before_word = syl.get(i + 1).is_some_and(|n| n.joined_to_previous) && words(i + 1);
            if after_word {
                highlight.pairs.insert(pair(&syl[i - 1].folded, &s.folded));
            }
            if !after_word && !before_word {
                highlight.singles.insert(s.folded.clone());
            }
        }
        highlight
    }

    /// The words searched for alone, folded (each a term of the folded view).
    pub(crate) fn singles(&self) -> impl Iterator<Item = &str> {
        self.singles.iter().map(String::as_str)
    }

    /// The pairs searched for, folded (each a term of the folded pairs view).
    pub(crate) fn pairs(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(String::as_str)
    }
}

/// At most the first `max` bytes of `text`, cut at a character boundary.
pub(crate) fn opening(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A syllable of the text: where it is, whether it is marked, and which wanted word (single
/// or pair) ends on it, if any.
struct Spot {
    start: usize,
    end: usize,
    joined_to_previous: bool,
    marked: bool,
    word: Option<usize>,
}

/// Bytes of a text read (and stored) for its extract: a long news article or a long article
/// of a law is quoted from its first 16 KB. Reading whole texts for each entry on a page cost
/// more than ranking (profile of the document-level search API, shared law corpus).
pub(crate) const MAX_READ: usize = 16 * 1024;

/// Bytes of a legal document's own entry stored for its extract: its abstract and the
/// headings of its first articles (the articles, each an entry of its own, carry the text).
pub(crate) const OUTLINE_READ: usize = 4 * 1024;

/// Bytes read of a document whose best articles are quoted under it: its opening (type,
/// number, bases) says which document it is, the articles say why it was found.
pub(crate) const OPENING_READ: usize = 2 * 1024;

/// The best extract of `text` for the words searched for, as HTML, not knowing which of them
/// the text holds.
#[cfg(test)]
pub(crate) fn snippet(text: &str, wanted: &Highlight) -> String {
    snippet_within(text, wanted, MAX_READ, usize::MAX)
}

/// The best extract among the first `max` bytes of `text` (see [`MAX_READ`]), of a text that
/// holds `held` of the words searched for (as the index says; `usize::MAX` when unknown).
/// No window can hold more words than the text: once one holds them all, the walk can stop.
pub(crate) fn snippet_within(text: &str, wanted: &Highlight, max: usize, held: usize) -> String {
    let text = opening(text, max.min(MAX_READ));
    // Looked up for every syllable quoted: Fx, not SipHash (the words are the reader's own).
    // One lookup per syllable tells whether it is a word searched for alone and whether it
    // starts a pair; only then is the pair with the next syllable spelt and looked up.
    let mut syllables: FxHashMap<&str, (Option<usize>, bool)> = FxHashMap::default();
    let mut pairs: FxHashMap<&str, usize> = FxHashMap::default();
    let mut words = 0;
    let mut initials = Initials::default();
    for w in &wanted.singles {
        syllables.insert(w.as_str(), (Some(words), false));
        initials.add(w);
        words += 1;
    }
    for p in &wanted.pairs {
        pairs.insert(p.as_str(), words);
        words += 1;
        if let Some((head, tail)) = p.split_once(' ') {
            syllables.entry(head).or_insert((None, true)).1 = true;
            initials.add(head);
            initials.add(tail);
        }
    }
    let mut syl: Vec<Spot> = Vec::new();
    // The previous syllable, when it starts a pair searched for.
    let mut previous = String::new();
    let mut previous_heads_pair = false;
    let mut two = String::new();
    // Words inside the last WINDOW syllables. Once they are all there (all the text holds),
    // no later window can hold more: the walk stops a window further on (the windows starting
    // up to here need it), so a law whose title is searched for is read for its first lines,
    // not 16 KB, and an article holding two of a title's three pairs stops at the first place
    // that has both.
    let mut recent = vec![0usize; words];
    let reachable = words.min(held);
    let mut recent_distinct = 0;
    let mut stop_at = usize::MAX;
    let cut_short = for_each_folded(text, &initials, |start, end, joined_to_previous, folded| {
        if syl.len() >= stop_at {
            return ControlFlow::Break(());
        }
        let (mut word, heads_pair) = syllables.get(folded).copied().unwrap_or((None, false));
        let mut marked = word.is_some();
        if previous_heads_pair && joined_to_previous {
            two.clear();
            two.push_str(&previous);
            two.push(' ');
            two.push_str(folded);
            if let Some(&id) = pairs.get(two.as_str()) {
                word = Some(id);
                marked = true;
                if let Some(last) = syl.last_mut() {
                    last.marked = true;
                }
            }
        }
        previous_heads_pair = heads_pair;
        if heads_pair {
            previous.clear();
            previous.push_str(folded);
        }
        if let Some(w) = word {
            recent[w] += 1;
            recent_distinct += usize::from(recent[w] == 1);
        }
        if let Some(w) = syl.len().checked_sub(WINDOW).and_then(|i| syl[i].word) {
            recent[w] -= 1;
            recent_distinct -= usize::from(recent[w] == 0);
        }
        if recent_distinct >= reachable && stop_at == usize::MAX {
            stop_at = syl.len() + WINDOW;
        }
        syl.push(Spot {
            start,
            end,
            joined_to_previous,
            marked,
            word,
        });
        ControlFlow::Continue(())
    });
    if syl.is_empty() {
        return String::new();
    }
    // The window starting at a mark with the most distinct wanted words; ties go to the
    // earliest. One pass: the window slides, counting each word inside it.
    let mut best = (0usize, 0usize);
    let mut inside = vec![0usize; words];
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
        if syl[start].marked && distinct > best.1 {
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
    let marked = |i: usize| syl[i].marked;
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    let mut cursor = syl[start].start;
    let mut i = start;
    while i < end {
        if marked(i) {
            let mut j = i;
            while j + 1 < end && marked(j + 1) && syl[j + 1].joined_to_previous {
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
    if end < syl.len() || cut_short {
        html.push('…');
    }
    html
}

/// `text` HTML-escaped, line breaks as spaces. Every character replaced is ASCII, so the text
/// is copied in runs between them rather than a character at a time.
fn escape_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        let replacement = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\n' | b'\r' => " ",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::super::analyzer::syllables;
    use super::*;

    #[test]
    fn only_the_opening_of_a_long_text_is_read() {
        assert_eq!(opening("đất đai", 100), "đất đai");
        // `đ` is two bytes: a cut inside it moves back to its start.
        assert_eq!(opening("đất", 1), "");
        assert_eq!(opening("ađất", 2), "a");
        let long = format!("{} thuế cuối", "lời mở đầu ".repeat(4000));
        let wanted = Highlight {
            singles: ["thue".to_string()].into(),
            pairs: HashSet::new(),
        };
        assert!(!snippet(&long, &wanted).contains("<mark>"));
        assert!(snippet(&long[long.len() - 40..], &wanted).contains("<mark>thuế</mark>"));
    }

    #[test]
    fn the_walk_stops_a_window_after_every_word_is_found() {
        let long = format!(
            "Luật đất đai quy định chế độ sở hữu đất đai. {}",
            "Nhà nước thống nhất quản lý về đất đai. ".repeat(2000)
        );
        let html = snippet(&long, &wanted("luật đất đai"));
        assert!(
            html.starts_with("<mark>Luật đất đai</mark> quy định"),
            "{html}"
        );
        assert!(html.ends_with('…'), "{html}");
        // The words together beat an earlier window holding only some of them.
        let text = format!("thuế {} thuế đất ở", "một ".repeat(60));
        assert!(snippet(&text, &wanted("thuế, đất")).contains("<mark>thuế đất</mark>"));
    }

    #[test]
    fn a_text_holding_fewer_words_is_read_until_a_window_holds_them_all() {
        // `luật` never comes: knowing the text holds two of the three words, the walk stops a
        // window after the first place with both, and the extract is the same.
        let text = format!(
            "{} tranh chấp đất đai được hòa giải {}",
            "mở đầu ".repeat(30),
            "Nhà nước thống nhất quản lý. ".repeat(400)
        );
        let wanted = wanted("luật, đất đai, tranh chấp");
        let unknown = snippet(&text, &wanted);
        let known = snippet_within(&text, &wanted, MAX_READ, 2);
        assert_eq!(known, unknown);
        assert!(known.contains("<mark>tranh chấp đất đai</mark>"), "{known}");
        // A text said to hold none of them is quoted from its beginning.
        let none = snippet_within(&text, &wanted, MAX_READ, 0);
        assert!(none.starts_with("mở đầu") && none.ends_with('…'), "{none}");
    }

    /// The highlight of a query whose every syllable is a word searched for.
    fn wanted(query: &str) -> Highlight {
        let syl = syllables(query);
        Highlight::of_query(&syl, &vec![true; syl.len()])
    }

    #[test]
    fn matched_words_are_marked_by_their_folded_form() {
        let html = snippet(
            "Người sử dụng đất được cấp Giấy chứng nhận.",
            &wanted("dat, giay"),
        );
        assert_eq!(
            html,
            "Người sử dụng <mark>đất</mark> được cấp <mark>Giấy</mark> chứng nhận"
        );
    }

    #[test]
    fn adjacent_matches_share_one_mark() {
        let html = snippet("về quyền sử dụng đất", &wanted("su dung"));
        assert_eq!(html, "về quyền <mark>sử dụng</mark> đất");
    }

    #[test]
    fn a_syllable_of_a_word_typed_is_marked_only_beside_its_neighbour() {
        let html = snippet(
            "Tổ chức thực hiện việc thu phí; tổ dân phố thực tế chức năng.",
            &wanted("tổ chức thực hiện"),
        );
        assert_eq!(
            html,
            "<mark>Tổ chức thực hiện</mark> việc thu phí; tổ dân phố thực tế chức năng"
        );
    }

    #[test]
    fn question_words_are_not_marked_and_split_the_words_around_them() {
        let syl = syllables("thuế là gì");
        let content = [true, false, false];
        let html = snippet(
            "Thuế là khoản nộp; gì khác",
            &Highlight::of_query(&syl, &content),
        );
        assert_eq!(html, "<mark>Thuế</mark> là khoản nộp; gì khác");
    }

    #[test]
    fn markup_in_the_text_is_escaped() {
        let html = snippet("a <script>x</script> & đất", &wanted("dat, script"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;<mark>script</mark>&gt;"), "{html}");
        assert!(html.contains("&amp;"), "{html}");
    }

    #[test]
    fn escaping_keeps_every_other_character_and_turns_line_breaks_to_spaces() {
        let mut html = String::new();
        escape_into(&mut html, "Điều 1.\r\n\"Nhà\" & 'đất' <b>ở</b>");
        assert_eq!(
            html,
            "Điều 1.  &quot;Nhà&quot; &amp; &#39;đất&#39; &lt;b&gt;ở&lt;/b&gt;"
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_matches() {
        let text = format!(
            "{} thừa kế theo di chúc {}",
            "chữ ".repeat(100),
            "khác ".repeat(100)
        );
        let html = snippet(&text, &wanted("di chuc"));
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
        let html = snippet(&text, &wanted("thu hoi dat, boi thuong"));
        assert!(html.contains("<mark>bồi thường</mark>"), "{html}");
        assert!(html.starts_with('…'), "{html}");
    }

    #[test]
    fn no_match_gives_the_beginning_and_empty_text_nothing() {
        assert!(snippet("Điều khoản chung", &wanted("x")).starts_with("Điều"));
        assert_eq!(snippet("", &wanted("x")), "");
    }
}
