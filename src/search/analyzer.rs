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

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::ops::ControlFlow;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
    RawSyllables::new(text)
        .map(|raw| {
            let (accented, folded) = with_spellings(&text[raw.start..raw.end], |a, f| {
                (a.to_string(), f.to_string())
            });
            Syllable {
                start: raw.start,
                end: raw.end,
                accented,
                folded,
                joined_to_previous: raw.joined_to_previous,
            }
        })
        .collect()
}

/// Each syllable's byte range, whether it joins the previous one, and its folded spelling, lent
/// to `f` without allocating (snippets walk whole articles at query time), until `f` breaks.
/// A syllable whose folded spelling cannot start with a letter `initials` holds is lent as ""
/// without being spelt: looking every syllable up was most of an extract's time. Whether `f`
/// broke off before the end.
pub(crate) fn for_each_folded(
    text: &str,
    initials: &Initials,
    mut f: impl FnMut(usize, usize, bool, &str) -> ControlFlow<()>,
) -> bool {
    for raw in RawSyllables::new(text) {
        let syllable = &text[raw.start..raw.end];
        let flow = if syllable
            .chars()
            .next()
            .is_some_and(|c| initials.may_start(c))
        {
            with_spellings(syllable, |_, folded| {
                f(raw.start, raw.end, raw.joined_to_previous, folded)
            })
        } else {
            f(raw.start, raw.end, raw.joined_to_previous, "")
        };
        if flow.is_break() {
            return true;
        }
    }
    false
}

/// The first letters of some folded spellings (ASCII ones; any other first letter is
/// let through).
#[derive(Debug, Clone, Default)]
pub(crate) struct Initials {
    ascii: u128,
    other: bool,
}

impl Initials {
    /// Adds the first letter of a folded spelling.
    pub(crate) fn add(&mut self, folded: &str) {
        match folded.bytes().next() {
            Some(b) if b.is_ascii() => self.ascii |= 1 << b,
            Some(_) => self.other = true,
            None => {}
        }
    }

    /// Whether a syllable whose first character is `c` may fold to a spelling starting with
    /// one of the letters: an ASCII letter folds to itself in lower case and `đ` to `d`; an
    /// accented vowel is let through rather than folded here.
    fn may_start(&self, c: char) -> bool {
        let has = |b: u8| self.ascii & (1 << b) != 0;
        match c {
            _ if c.is_ascii() => has(c.to_ascii_lowercase() as u8),
            'đ' | 'Đ' | 'ð' | 'Ð' => has(b'd'),
            _ => self.other || self.ascii != 0,
        }
    }
}

/// Where a syllable is, before any spelling is computed.
#[derive(Debug, Clone, Copy)]
struct RawSyllable {
    start: usize,
    end: usize,
    joined_to_previous: bool,
}

/// The syllables' places in a text, without allocating.
struct RawSyllables<'a> {
    text: &'a str,
    cursor: usize,
    /// Whether only pair-friendly separators were seen since the previous syllable.
    joinable: bool,
    seen_any: bool,
}

impl<'a> RawSyllables<'a> {
    fn new(text: &'a str) -> Self {
        RawSyllables {
            text,
            cursor: 0,
            joinable: false,
            seen_any: false,
        }
    }
}

fn in_word(c: char) -> bool {
    // No ASCII character is a combining mark: spaces and punctuation, most of what ends a
    // syllable, skip the table lookup.
    letter_or_digit(c) || (!c.is_ascii() && is_combining_mark(c))
}

/// `char::is_alphanumeric`, answered at once for ASCII and the Latin blocks Vietnamese is
/// written in (a table lookup for every accented letter dominated the scanning of articles).
fn letter_or_digit(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '×' | '÷' => false,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Separators that keep two syllables a pair: Vietnamese words are written with spaces, and
/// compounds sometimes with hyphens.
fn joins(c: char) -> bool {
    matches!(c, ' ' | '-' | '\u{a0}' | '\t')
}

/// The character starting at byte `at` of `text` (a boundary) and its width; ASCII, most of
/// the separators and digits, without decoding.
#[inline]
fn char_at(text: &str, at: usize) -> (char, usize) {
    match text.as_bytes()[at] {
        b if b.is_ascii() => (char::from(b), 1),
        _ => text[at..]
            .chars()
            .next()
            .map_or((char::REPLACEMENT_CHARACTER, 1), |c| (c, c.len_utf8())),
    }
}

impl Iterator for RawSyllables<'_> {
    type Item = RawSyllable;

    fn next(&mut self) -> Option<RawSyllable> {
        let len = self.text.len();
        loop {
            let mut at = self.cursor;
            while at < len {
                let (c, width) = char_at(self.text, at);
                if in_word(c) {
                    break;
                }
                if !joins(c) {
                    self.joinable = false;
                }
                at += width;
            }
            if at >= len {
                self.cursor = len;
                return None;
            }
            let start = at;
            while at < len {
                let (c, width) = char_at(self.text, at);
                if !in_word(c) {
                    break;
                }
                at += width;
            }
            let end = at;
            self.cursor = end;
            let raw = &self.text[start..end];
            let joined = self.seen_any && self.joinable;
            self.joinable = true;
            if raw.len() <= MAX_SYLLABLE_BYTES && raw.chars().any(letter_or_digit) {
                self.seen_any = true;
                return Some(RawSyllable {
                    start,
                    end,
                    joined_to_previous: joined,
                });
            }
            // A skipped run breaks pairs as punctuation does.
            self.seen_any = false;
        }
    }
}

thread_local! {
    /// Spellings of the syllables met by this thread: a language has a few thousand syllables,
    /// and normalising each occurrence again dominated indexing time.
    /// Hashed with Fx: a snippet looks up every syllable of the text it quotes.
    static SPELLINGS: RefCell<FxHashMap<String, (String, String)>> = RefCell::new(FxHashMap::default());
}

/// Bound of the per-thread spelling cache (cleared when full: garbage text cannot grow it).
const SPELLING_CACHE: usize = 100_000;

/// Calls `f` with the accented and folded spellings of one syllable.
fn with_spellings<R>(raw: &str, f: impl FnOnce(&str, &str) -> R) -> R {
    if raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) && !raw.ends_with('y') {
        return f(raw, raw);
    }
    SPELLINGS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((a, folded)) = cache.get(raw) {
            return f(a, folded);
        }
        if cache.len() >= SPELLING_CACHE {
            cache.clear();
        }
        let folded = fold(raw);
        let folded = unify_i_y(&folded).unwrap_or(folded);
        let (a, folded) = cache
            .entry(raw.to_string())
            .or_insert((accented(raw), folded));
        f(a, folded)
    })
}

/// The accented spelling of one syllable: NFC, lower case, eth read as `đ`, the tone of an
/// open `oa`, `oe`, `uy` in one place (see [`unify_tone_place`]).
fn accented(raw: &str) -> String {
    let lower: String = nfc(raw)
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ð' { 'đ' } else { c })
        .collect();
    let lower = unify_tone_place(&lower).unwrap_or(lower);
    unify_i_y(&lower).unwrap_or(lower)
}

/// Consonants after which a syllable of the one vowel `i` is also written `y`.
const I_Y_ONSETS: [&str; 19] = [
    "b", "d", "đ", "h", "k", "l", "m", "n", "r", "s", "t", "v", "x", "ch", "kh", "nh", "ph", "th",
    "tr",
];

/// After a consonant, the syllable's one vowel `i` is written `i` or `y` by habit and by
/// year, in the laws as by the people asking (`bác sĩ` and `bác sỹ`, `kĩ thuật` and `kỹ
/// thuật`, `nhiệm kì` and `nhiệm kỳ`, `lí do` and `lý do`): written `i`, they meet, with or
/// without diacritics. `quy`, `uy`, `ay`, `ý` keep their `y` (another sound, or no consonant).
/// `None` when the syllable is not such.
fn unify_i_y(spelling: &str) -> Option<String> {
    let last = spelling.chars().next_back()?;
    if unaccented(last) != 'y' {
        return None;
    }
    let onset = &spelling[..spelling.len() - last.len_utf8()];
    if !I_Y_ONSETS.contains(&onset) {
        return None;
    }
    let vowel: String = last.to_string().nfd().skip(1).collect();
    Some(format!("{onset}{}", format!("i{vowel}").nfc()))
}

/// The tone marks (dấu thanh) as combining characters: huyền, sắc, ngã, hỏi, nặng.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// A syllable ending in `oa`, `oe` or `uy` carries its tone on the second vowel in the older
/// spelling (`hoà`, `khoẻ`, `thuỷ`, `uỷ ban`) and on the first in the newer one (`hòa`,
/// `khỏe`, `thủy`, `ủy ban`); laws of different years, and the people asking, use both.
/// Written the newer way, as most texts are, the two spellings meet. `quý` is not such a
/// syllable (`qu` is its consonant), nor is one with a final consonant (`hoàn`, `thuyết`),
/// which both spellings write alike. `None` when there is nothing to move.
fn unify_tone_place(lower: &str) -> Option<String> {
    let ending = |a: char, b: char| {
        lower.ends_with(|c: char| unaccented(c) == b) && {
            let mut letters = lower.chars().rev();
            letters.next();
            letters.next().is_some_and(|c| c == a)
                && letters.next().is_none_or(|c| !(a == 'u' && c == 'q'))
        }
    };
    if !(ending('o', 'a') || ending('o', 'e') || ending('u', 'y')) {
        return None;
    }
    let mut decomposed: Vec<char> = lower.nfd().collect();
    let n = decomposed.len();
    // The last vowel carries nothing but a tone, and the first vowel stands right before it.
    let tone = *decomposed.last()?;
    if n < 3 || !TONE_MARKS.contains(&tone) || is_combining_mark(decomposed[n - 2]) {
        return None;
    }
    decomposed.pop();
    decomposed.insert(n - 2, tone);
    Some(decomposed.into_iter().nfc().collect())
}

/// A letter without its tone and marks (`à` → `a`).
fn unaccented(c: char) -> char {
    c.to_string().nfd().next().unwrap_or(c)
}

/// The tokens of a text in one view, positions counted in syllables.
pub fn tokens(text: &str, view: View) -> Vec<Token> {
    let mut tokenizer = VietnameseTokenizer { view };
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
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

/// The tokens of one text, made as tantivy asks for them, reusing one buffer.
pub struct SyllableStream<'a> {
    view: View,
    raw: RawSyllables<'a>,
    token: Token,
    /// The previous syllable (for pairs): its spelling in this view and where it starts.
    previous: String,
    previous_start: usize,
    has_previous: bool,
    /// Syllables seen, for positions.
    seen: usize,
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = SyllableStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SyllableStream<'a> {
        SyllableStream {
            view: self.view,
            raw: RawSyllables::new(text),
            token: Token::default(),
            previous: String::new(),
            previous_start: 0,
            has_previous: false,
            seen: 0,
        }
    }
}

impl TokenStream for SyllableStream<'_> {
    fn advance(&mut self) -> bool {
        let folded_view = matches!(self.view, View::Folded | View::FoldedPairs);
        while let Some(raw) = self.raw.next() {
            let text = self.raw.text;
            let position = self.seen;
            self.seen += 1;
            let token = &mut self.token;
            token.text.clear();
            match self.view {
                View::Accented | View::Folded => {
                    with_spellings(&text[raw.start..raw.end], |a, f| {
                        token.text.push_str(if folded_view { f } else { a })
                    });
                    token.offset_from = raw.start;
                    token.offset_to = raw.end;
                    token.position = position;
                    token.position_length = 1;
                    return true;
                }
                View::AccentedPairs | View::FoldedPairs => {
                    let emit = self.has_previous && raw.joined_to_previous;
                    if emit {
                        token.text.push_str(&self.previous);
                        token.text.push(' ');
                    }
                    self.previous.clear();
                    let previous = &mut self.previous;
                    with_spellings(&text[raw.start..raw.end], |a, f| {
                        let spelling = if folded_view { f } else { a };
                        previous.push_str(spelling);
                        if emit {
                            token.text.push_str(spelling);
                        }
                    });
                    self.has_previous = true;
                    if emit {
                        token.offset_from = self.previous_start;
                        token.offset_to = raw.end;
                        token.position = position - 1;
                        token.position_length = 2;
                        self.previous_start = raw.start;
                        return true;
                    }
                    self.previous_start = raw.start;
                }
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_letter_test_agrees_with_unicode() {
        for c in ('\0'..='\u{2000}').chain('\u{1e00}'..='\u{1fff}') {
            assert_eq!(letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

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
    fn both_places_of_the_tone_in_oa_oe_uy_give_one_term() {
        assert_eq!(
            texts("Uỷ ban hoà giải thuỷ lợi khoẻ", View::Accented),
            texts("Ủy ban hòa giải thủy lợi khỏe", View::Accented)
        );
        assert_eq!(texts("Uỷ ban", View::AccentedPairs), ["ủy ban"]);
        // `qu` is a consonant, a final consonant fixes the place, marks stay where they are.
        for kept in [
            "quý", "quỳnh", "hoàn", "thuyết", "hoặc", "ngoài", "hòa", "hoa", "mùa",
        ] {
            assert_eq!(texts(kept, View::Accented), [kept]);
        }
        let nfd = "thuy\u{309}";
        assert_eq!(texts(nfd, View::Accented), ["thủy"]);
        assert_eq!(&nfd[tokens(nfd, View::Accented)[0].offset_to..], "");
    }

    #[test]
    fn i_and_y_after_a_consonant_give_one_term() {
        assert_eq!(
            texts("Bác sỹ kỹ thuật nhiệm kỳ lý do", View::Accented),
            texts("bác sĩ kĩ thuật nhiệm kì lí do", View::Accented)
        );
        assert_eq!(texts("bac sy", View::FoldedPairs), ["bac si"]);
        assert_eq!(texts("Bác sỹ", View::Folded), ["bac", "si"]);
        for kept in ["quy", "quý", "ý", "y", "tay", "thủy", "mấy"] {
            assert_eq!(texts(kept, View::Accented), [kept]);
        }
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
