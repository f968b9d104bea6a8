//! The Vietnamese analyzer: text is cut into syllables (Vietnamese writes one syllable per
//! word-like unit), each seen in three views that the index keeps as separate fields:
//!
//! - [`View::Accented`]: the syllable lower-cased with its tones and marks (`quyết`);
//! - [`View::Folded`]: the syllable folded by [`crate::text::fold`] (`quyet`), so that a query
//!   typed without diacritics still finds it;
//! - [`View::AccentedPairs`] / [`View::FoldedPairs`]: adjacent syllables joined by a space
//!   (`quyết định`), because most Vietnamese words are two syllables and a pair match is
//!   the cheap equivalent of a phrase match. Tantivy has no shingle filter, hence this file.
//!
//! Input may be decomposed (NFD, as some keyboards and PDF extractions produce): combining
//! marks stay inside the syllable and each syllable is NFC-normalised, so offsets always point
//! into the original text (snippets highlight the text as given).

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;

use crate::text::{fold, nfc};

/// Longer runs of letters are not syllables (URLs, base64, garbage): they are skipped so that
/// they neither bloat the term dictionary nor become query terms.
const MAX_SYLLABLE_BYTES: usize = 40;

/// One way of looking at a text's syllables; each is registered as a tantivy tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Lower case with diacritics: `quyết`.
    Accented,
    /// Folded: `quyet`.
    Folded,
    /// Adjacent accented syllables: `quyết định`.
    AccentedPairs,
    /// Adjacent folded syllables: `quyet dinh`.
    FoldedPairs,
}

impl View {
    /// Every view, in the order the index registers them.
    pub const ALL: [View; 4] = [
        View::Accented,
        View::Folded,
        View::AccentedPairs,
        View::FoldedPairs,
    ];

    /// The tokenizer name the schema refers to.
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            View::Accented => "vi_accented",
            View::Folded => "vi_folded",
            View::AccentedPairs => "vi_accented_pairs",
            View::FoldedPairs => "vi_folded_pairs",
        }
    }

    /// The tantivy analyzer for this view.
    pub fn analyzer(self) -> TextAnalyzer {
        TextAnalyzer::from(VietnameseTokenizer { view: self })
    }
}

/// A syllable of a text: where it is and its two spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// Byte range in the text as given.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Lower case, NFC, with diacritics (`đ` kept; the eth look-alike read as `đ`).
    pub accented: String,
    /// Folded: no diacritics, `đ` → `d`.
    pub folded: String,
    /// True when only spaces or hyphens separate it from the previous syllable, so the two
    /// may form a pair; punctuation (`.`, `,`, `;`, brackets, new lines) breaks pairs.
    pub joined_to_previous: bool,
}

impl Syllable {
    /// True when the syllable carries a tone or a mark (its two spellings differ).
    pub fn has_diacritics(&self) -> bool {
        self.accented != self.folded
    }
}

/// The syllables of a text, left to right.
pub fn syllables(text: &str) -> Vec<Syllable> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    // Whether only pair-friendly separators were seen since the previous syllable.
    let mut joinable = false;
    let mut seen_any = false;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let in_word = i < text.len() && (c.is_alphanumeric() || is_combining_mark(c));
        match (start, in_word) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                start = None;
                let raw = &text[s..i];
                if raw.len() <= MAX_SYLLABLE_BYTES && raw.chars().any(char::is_alphanumeric) {
                    let (accented, folded) = spellings(raw);
                    out.push(Syllable {
                        start: s,
                        end: i,
                        accented,
                        folded,
                        joined_to_previous: seen_any && joinable,
                    });
                    seen_any = true;
                } else {
                    // A skipped run breaks pairs as punctuation does.
                    seen_any = false;
                }
                joinable = true;
                if i < text.len() && !matches!(c, ' ' | '-' | '\u{a0}' | '\t') {
                    joinable = false;
                }
            }
            (None, false) => {
                if !matches!(c, ' ' | '-' | '\u{a0}' | '\t') {
                    joinable = false;
                }
            }
            (Some(_), true) => {}
        }
    }
    out
}

thread_local! {
    /// Spellings of the syllables met by this thread: a language has a few thousand syllables,
    /// and normalising each occurrence again dominated indexing time.
    static SPELLINGS: RefCell<HashMap<String, (String, String)>> = RefCell::new(HashMap::new());
}

/// Bound of the per-thread spelling cache (cleared when full: garbage text cannot grow it).
const SPELLING_CACHE: usize = 100_000;

/// The accented and folded spellings of one syllable.
fn spellings(raw: &str) -> (String, String) {
    if raw.is_ascii() {
        let lower = raw.to_ascii_lowercase();
        return (lower.clone(), lower);
    }
    SPELLINGS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(known) = cache.get(raw) {
            return known.clone();
        }
        if cache.len() >= SPELLING_CACHE {
            cache.clear();
        }
        let made = (accented(raw), fold(raw));
        cache.insert(raw.to_string(), made.clone());
        made
    })
}

/// The accented spelling of one syllable: NFC, lower case, eth read as `đ`.
fn accented(raw: &str) -> String {
    nfc(raw)
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ð' { 'đ' } else { c })
        .collect()
}

/// The tokens of a text in one view, positions counted in syllables.
pub fn tokens(text: &str, view: View) -> Vec<Token> {
    view_tokens(&syllables(text), view)
}

/// The tokens of already split syllables in one view (indexing splits a text once for all
/// its views).
pub fn view_tokens(syllables: &[Syllable], view: View) -> Vec<Token> {
    let single = |s: &Syllable, position: usize, text: &str| Token {
        offset_from: s.start,
        offset_to: s.end,
        position,
        text: text.to_string(),
        position_length: 1,
    };
    match view {
        View::Accented => syllables
            .iter()
            .enumerate()
            .map(|(p, s)| single(s, p, &s.accented))
            .collect(),
        View::Folded => syllables
            .iter()
            .enumerate()
            .map(|(p, s)| single(s, p, &s.folded))
            .collect(),
        View::AccentedPairs | View::FoldedPairs => syllables
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[1].joined_to_previous)
            .map(|(p, w)| {
                let (a, b) = if view == View::AccentedPairs {
                    (&w[0].accented, &w[1].accented)
                } else {
                    (&w[0].folded, &w[1].folded)
                };
                Token {
                    offset_from: w[0].start,
                    offset_to: w[1].end,
                    position: p,
                    text: pair(a, b),
                    position_length: 2,
                }
            })
            .collect(),
    }
}

/// The term of a syllable pair, as the pair views index it.
pub fn pair(first: &str, second: &str) -> String {
    let mut term = String::with_capacity(first.len() + second.len() + 1);
    term.push_str(first);
    term.push(' ');
    term.push_str(second);
    term
}

/// The tantivy tokenizer of one [`View`].
#[derive(Debug, Clone, Copy)]
pub struct VietnameseTokenizer {
    view: View,
}

/// The tokens of one text, produced up front (pairs need a look-ahead anyway).
pub struct SyllableStream {
    tokens: std::vec::IntoIter<Token>,
    current: Token,
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = SyllableStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SyllableStream {
        SyllableStream {
            tokens: tokens(text, self.view).into_iter(),
            current: Token::default(),
        }
    }
}

impl TokenStream for SyllableStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.current = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, view: View) -> Vec<String> {
        tokens(text, view).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn syllables_keep_diacritics_in_lower_case() {
        assert_eq!(
            texts("Quyết định về Cổng thông tin", View::Accented),
            ["quyết", "định", "về", "cổng", "thông", "tin"]
        );
    }

    #[test]
    fn the_folded_view_drops_tones_marks_and_d_stroke() {
        assert_eq!(
            texts("Quyết ĐỊNH, đất đai", View::Folded),
            ["quyet", "dinh", "dat", "dai"]
        );
    }

    #[test]
    fn decomposed_text_gives_the_same_terms_with_offsets_into_the_original() {
        let nfd = "Quye\u{302}\u{301}t đi\u{323}nh";
        assert_eq!(texts(nfd, View::Accented), ["quyết", "định"]);
        let first = &tokens(nfd, View::Accented)[0];
        assert_eq!(
            &nfd[first.offset_from..first.offset_to],
            "Quye\u{302}\u{301}t"
        );
    }

    #[test]
    fn pairs_join_adjacent_syllables_but_not_across_punctuation() {
        assert_eq!(
            texts("quyền sử dụng đất; nhà ở", View::AccentedPairs),
            ["quyền sử", "sử dụng", "dụng đất", "nhà ở"]
        );
        assert_eq!(
            texts("Giấy chứng nhận (sổ đỏ)", View::FoldedPairs),
            ["giay chung", "chung nhan", "so do"]
        );
        assert_eq!(texts("an toàn-vệ sinh", View::FoldedPairs).len(), 3);
    }

    #[test]
    fn pair_offsets_cover_both_syllables() {
        let text = "sổ đỏ";
        let t = &tokens(text, View::AccentedPairs)[0];
        assert_eq!(&text[t.offset_from..t.offset_to], "sổ đỏ");
        assert_eq!(t.text, pair("sổ", "đỏ"));
    }

    #[test]
    fn numbers_are_syllables_and_long_runs_are_skipped() {
        assert_eq!(
            texts("Điều 5 khoản 2", View::Folded),
            ["dieu", "5", "khoan", "2"]
        );
        let long = "a".repeat(MAX_SYLLABLE_BYTES + 1);
        assert_eq!(texts(&format!("x {long} y"), View::Folded), ["x", "y"]);
        assert!(texts(&format!("x {long} y"), View::FoldedPairs).is_empty());
    }

    #[test]
    fn the_eth_look_alike_reads_as_d_stroke() {
        assert_eq!(texts("ðịnh", View::Accented), ["định"]);
        assert_eq!(texts("ðịnh", View::Folded), ["dinh"]);
    }

    #[test]
    fn only_punctuation_or_empty_text_has_no_tokens() {
        for text in ["", "   ", "?!…—", "\u{301}\u{301}"] {
            for view in View::ALL {
                assert!(texts(text, view).is_empty(), "{text:?} {view:?}");
            }
        }
    }

    #[test]
    fn a_registered_analyzer_produces_the_same_tokens() {
        let mut analyzer = View::FoldedPairs.analyzer();
        let mut stream = analyzer.token_stream("Sổ đỏ nhà đất");
        let mut seen = Vec::new();
        while let Some(t) = stream.next() {
            seen.push(t.text.clone());
        }
        assert_eq!(seen, ["so do", "do nha", "nha dat"]);
    }
}
