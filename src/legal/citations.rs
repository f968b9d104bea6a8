//! The articles (Điều) of legal documents that a free text cites: "Điều 24 Luật Khám bệnh,
//! chữa bệnh số 40/2009/QH12", "khoản 2 Điều 5 Nghị định 15/2020/NĐ-CP", "Điều 5, 6 và 7",
//! "Điều 3 của Luật này", "Article 24 of Law 40/2009/QH12". Search shows a published answer
//! beside the articles it cites.
//!
//! Only citations whose document is named by its number-symbol count: a bare "Điều 5" with
//! no document in its paragraph cites nothing, since guessing the document would link an
//! answer to the wrong law.

use std::ops::Range;

use super::symbol;
use crate::text::{fold, nfc};

/// The articles `text` cites, in order of first citation, each once: the document's folded
/// number-symbol (as [`symbol::NumberSymbol::folded`]) and the article number folded
/// (`40/2009/qh12`, `24`).
pub fn cited_articles(text: &str) -> Vec<(String, String)> {
    let text = nfc(text);
    let symbols: Vec<(Range<usize>, String)> = symbol::find_in_query(&without_full_stops(&text))
        .into_iter()
        .map(|f| (f.span, f.symbol.folded))
        .collect();
    let tokens = tokenize(&text);
    let groups = article_groups(&tokens, &symbols);
    // Right to left: "Điều 5 và khoản 3 Điều 6 Nghị định …" gives Điều 5 the document of Điều 6.
    let mut documents: Vec<Option<usize>> = vec![None; groups.len()];
    for g in (0..groups.len()).rev() {
        documents[g] = match reference(&tokens, &symbols, &groups, g) {
            Reference::Symbol(s) => Some(s),
            Reference::AsNext => documents.get(g + 1).copied().flatten(),
            Reference::Unknown => None,
        };
    }
    let mut cited: Vec<(String, String)> = Vec::new();
    for (group, document) in groups.iter().zip(documents) {
        if cited.len() >= MAX_CITATIONS {
            break;
        }
        let Some(s) = document else { continue };
        for number in &group.numbers {
            let pair = (symbols[s].1.clone(), number.clone());
            if !cited.contains(&pair) {
                cited.push(pair);
            }
        }
    }
    cited
}

/// Citations kept at most: more is a pasted law, not an answer.
const MAX_CITATIONS: usize = 64;

/// The text with each full stop that ends a sentence made a space (same length, so spans
/// stay valid): a number-symbol may contain dots (`55.2019.QĐ.UBND`), and would otherwise
/// run on into the next sentence's first word (`…/QH12. Điều 3` as `…/QH12-ĐIỀU`).
fn without_full_stops(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends = c == '.' && chars.peek().is_none_or(|n| n.is_whitespace());
        out.push(if ends { ' ' } else { c });
    }
    out
}

/// Words that introduce an article (`Điều`, `Article`, `Art.`), folded.
const ARTICLE_WORDS: &[&str] = &["dieu", "article", "articles", "art"];

/// Words between an article and the document it belongs to (`Điều 5 của Luật …`), folded.
const CONNECTORS: &[&str] = &[
    "cua", "tai", "thuoc", "trong", "theo", "of", "the", "in", "under",
];

/// Words that may join two article citations sharing one document (`Điều 5 và khoản 3
/// Điều 6 …`), folded.
const JOINERS: &[&str] = &[
    "va",
    "hoac",
    "cung",
    "nhu",
    "khoan",
    "diem",
    "and",
    "or",
    "clause",
    "point",
    "paragraph",
];

/// The types of normative documents (văn bản quy phạm pháp luật, Law 80/2015/QH13 art. 4),
/// whose articles are cited, folded; longer names first.
const DOCUMENT_TYPES: &[&str] = &[
    "thong tu lien tich",
    "nghi quyet lien tich",
    "hien phap",
    "bo luat",
    "luat",
    "phap lenh",
    "nghi dinh",
    "nghi quyet",
    "quyet dinh",
    "thong tu",
    "chi thi",
    "constitution",
    "code",
    "law",
    "ordinance",
    "decree",
    "resolution",
    "decision",
    "circular",
    "directive",
];

/// Words after which a full stop is an abbreviation's (`No. 40/2009/QH12`, `Art. 5`).
const ABBREVIATIONS: &[&str] = &["no", "art", "so"];

/// A word, or the punctuation that matters to a citation.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    Word(String),
    Comma,
    Dash,
    /// The end of a sentence (or a line).
    Stop,
    /// The end of a paragraph (a blank line).
    Paragraph,
}

#[derive(Debug, Clone)]
struct Token {
    mark: Mark,
    span: Range<usize>,
}

impl Token {
    fn word(&self) -> Option<&str> {
        match &self.mark {
            Mark::Word(w) => Some(w),
            _ => None,
        }
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end = at + c.len_utf8();
        if c.is_alphanumeric() {
            let mut stop = end;
            while let Some(&(n, d)) = chars.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                stop = n + d.len_utf8();
                chars.next();
            }
            tokens.push(Token {
                mark: Mark::Word(fold(&text[at..stop])),
                span: at..stop,
            });
            continue;
        }
        let next = chars.peek().map(|&(_, d)| d);
        let mark = match c {
            '\n' => {
                let rest = &text[end..];
                let blank = rest
                    .split('\n')
                    .next()
                    .is_some_and(|line| line.trim().is_empty() && rest.contains('\n'));
                Some(if blank { Mark::Paragraph } else { Mark::Stop })
            }
            ',' => Some(Mark::Comma),
            '-' | '–' | '—' => Some(Mark::Dash),
            '.' if next.is_none_or(char::is_whitespace) => {
                let after_abbreviation = tokens
                    .last()
                    .and_then(Token::word)
                    .is_some_and(|w| ABBREVIATIONS.contains(&w));
                (!after_abbreviation).then_some(Mark::Stop)
            }
            '?' | '!' | ';' => Some(Mark::Stop),
            _ => None,
        };
        if let Some(mark) = mark {
            tokens.push(Token {
                mark,
                span: at..end,
            });
        }
    }
    tokens
}

/// Article numbers cited together (`Điều 5, 6 và 7`), and the tokens they take.
#[derive(Debug)]
struct Group {
    numbers: Vec<String>,
    tokens: Range<usize>,
}

/// An article number as printed: `5`, `12a`.
fn article_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let letters = word.len() - digits.len();
    (letters <= 1 && (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Ranges longer than this are typing mistakes, not citations.
const MAX_RANGE: u32 = 30;

fn article_groups(tokens: &[Token], symbols: &[(Range<usize>, String)]) -> Vec<Group> {
    let starts_symbol = |t: &Token| symbols.iter().any(|(s, _)| s.start == t.span.start);
    let number_at = |i: usize| -> Option<(String, u32)> {
        let t = tokens.get(i)?;
        let word = t.word()?;
        let n = article_number(word)?;
        (!starts_symbol(t)).then(|| (word.to_string(), n))
    };
    let is_word = |i: usize, words: &[&str]| {
        tokens
            .get(i)
            .and_then(Token::word)
            .is_some_and(|w| words.contains(&w))
    };
    let mut groups = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some((first, mut last)) = is_word(i, ARTICLE_WORDS)
            .then(|| number_at(i + 1))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let mut numbers = vec![first];
        let mut j = i + 2;
        loop {
            let mut k = j + 1;
            let range = match tokens.get(j).map(|t| &t.mark) {
                Some(Mark::Comma) => {
                    if is_word(k, &["va", "hoac", "and", "or"]) {
                        k += 1;
                    }
                    false
                }
                Some(Mark::Dash) => true,
                Some(Mark::Word(w)) if matches!(w.as_str(), "va" | "hoac" | "and" | "or") => false,
                Some(Mark::Word(w)) if matches!(w.as_str(), "den" | "toi" | "to" | "through") => {
                    true
                }
                _ => break,
            };
            if is_word(k, ARTICLE_WORDS) {
                k += 1;
            }
            let Some((word, n)) = number_at(k) else { break };
            // "Theo Điều 5, 10 ngày…": a number after a comma belongs to the list only when
            // the list goes on or ends there.
            if !range && !ends_item(tokens, symbols, k + 1) {
                break;
            }
            if range && n > last && n - last <= MAX_RANGE {
                numbers.extend((last + 1..n).map(|m| m.to_string()));
            }
            numbers.push(word);
            last = n;
            j = k + 1;
        }
        groups.push(Group {
            numbers,
            tokens: i..j,
        });
        i = j;
    }
    groups
}

/// Whether the token at `i` may follow the last number of a list of articles.
fn ends_item(tokens: &[Token], symbols: &[(Range<usize>, String)], i: usize) -> bool {
    let Some(t) = tokens.get(i) else { return true };
    match &t.mark {
        Mark::Word(w) => {
            ["va", "hoac", "and", "or", "den", "to"].contains(&w.as_str())
                || CONNECTORS.contains(&w.as_str())
                || document_type_at(tokens, i).is_some()
                || symbols.iter().any(|(s, _)| s.start == t.span.start)
        }
        _ => true,
    }
}

/// The number of words a document type takes at token `i` (`Nghị định`: 2).
fn document_type_at(tokens: &[Token], i: usize) -> Option<usize> {
    DOCUMENT_TYPES.iter().find_map(|name| {
        let mut n = 0;
        for word in name.split(' ') {
            if tokens.get(i + n)?.word() != Some(word) {
                return None;
            }
            n += 1;
        }
        Some(n)
    })
}

/// What an article group's document is.
enum Reference {
    /// The number-symbol at this index.
    Symbol(usize),
    /// The document of the next group (`Điều 5 và Điều 6 Nghị định …`).
    AsNext,
    Unknown,
}

/// Characters at most between a document's type and its number-symbol: room for the
/// longest names (`Luật Sửa đổi, bổ sung một số điều của …`), not for another sentence.
const MAX_NAME_CHARS: usize = 160;

fn reference(
    tokens: &[Token],
    symbols: &[(Range<usize>, String)],
    groups: &[Group],
    g: usize,
) -> Reference {
    let group = &groups[g];
    let start = tokens[group.tokens.start].span.start;
    let group_end = group.tokens.end;
    // Where the sentence of the group ends (or the next group starts).
    let next_group = groups.get(g + 1).map(|n| n.tokens.start);
    let sentence_end = (group_end..tokens.len())
        .find(|&i| matches!(tokens[i].mark, Mark::Stop | Mark::Paragraph))
        .unwrap_or(tokens.len());
    let window = group_end..next_group.unwrap_or(tokens.len()).min(sentence_end);
    let byte = |i: usize| tokens.get(i).map_or(usize::MAX, |t| t.span.start);
    let symbol_at = |i: usize| symbols.iter().position(|(s, _)| s.start == byte(i));
    let before = |limit: usize| symbols.iter().rposition(|(s, _)| s.end <= limit);

    let mut k = group_end;
    while k < window.end && tokens[k].word().is_some_and(|w| CONNECTORS.contains(&w)) {
        k += 1;
    }
    if k < window.end {
        // "của Luật này", "this Law": the document the text has just named.
        let this = tokens[k].word() == Some("this") && document_type_at(tokens, k + 1).is_some();
        let these = document_type_at(tokens, k)
            .is_some_and(|n| tokens.get(k + n).and_then(Token::word) == Some("nay"));
        if this || these {
            return before(start).map_or(Reference::Unknown, Reference::Symbol);
        }
        if let Some(s) = symbol_at(k) {
            return Reference::Symbol(s);
        }
        // The number-symbol after a document's name, with at most `types` document types on
        // the way (another one names another document).
        let symbol_after = |from: usize, types: usize| {
            let mut seen = 0;
            for i in from..window.end {
                // A type first: the symbol may start with its own (`Nghị định 43/2014/…`).
                if document_type_at(tokens, i).is_some() {
                    seen += 1;
                    if seen > types {
                        return Reference::Unknown;
                    }
                }
                if let Some(s) = symbol_at(i) {
                    let close = tokens[i].span.start - byte(k) <= MAX_NAME_CHARS;
                    return if close {
                        Reference::Symbol(s)
                    } else {
                        Reference::Unknown
                    };
                }
            }
            Reference::Unknown
        };
        if let Some(n) = document_type_at(tokens, k) {
            // "Điều 24 Luật Khám bệnh, chữa bệnh số 40/2009/QH12": the type, the name, the
            // number-symbol.
            return symbol_after(k + n, 0);
        }
        if tokens[group_end..k].iter().any(|t| t.word() == Some("of")) {
            // "Article 3 of the Civil Code 91/2015/QH13": in English the name comes first.
            return symbol_after(k, 1);
        }
    }
    if (window.start..window.end).any(|i| document_type_at(tokens, i).is_some()) {
        return Reference::Unknown;
    }
    let joined = next_group.is_some_and(|n| {
        n <= sentence_end
            && (group_end..n).all(|i| match &tokens[i].mark {
                Mark::Word(w) => {
                    JOINERS.contains(&w.as_str()) || w.len() == 1 || article_number(w).is_some()
                }
                Mark::Comma | Mark::Dash => true,
                _ => false,
            })
    });
    if joined {
        return Reference::AsNext;
    }
    // "Nghị định 15/2020/NĐ-CP quy định … Theo Điều 5, …": the document named earlier in the
    // paragraph.
    let paragraph_start = tokens[..group.tokens.start]
        .iter()
        .rposition(|t| t.mark == Mark::Paragraph)
        .map_or(0, |i| tokens[i].span.end);
    match before(start) {
        Some(s) if symbols[s].0.start >= paragraph_start => Reference::Symbol(s),
        _ => Reference::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(text: &str) -> Vec<(String, String)> {
        cited_articles(text)
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(s, a)| (s.to_string(), a.to_string()))
            .collect()
    }

    #[test]
    fn an_article_followed_by_its_document_is_cited() {
        assert_eq!(
            cited("Theo Điều 24 Luật Khám bệnh, chữa bệnh số 40/2009/QH12, người hành nghề phải có chứng chỉ."),
            pairs(&[("40/2009/qh12", "24")])
        );
        assert_eq!(
            cited("Căn cứ khoản 2 Điều 5 Nghị định 15/2020/NĐ-CP thì hành vi này bị xử phạt."),
            pairs(&[("15/2020/nd-cp", "5")])
        );
        assert_eq!(
            cited("Điều 12a của Quyết định số 17/2019/QĐ-UBND quy định như sau"),
            pairs(&[("17/2019/qd-ubnd", "12a")])
        );
        assert_eq!(
            cited("Doanh nghiệp không phải nộp lại (khoản 1 Điều 3 Quyết định số 11/2026/QĐ-UBND của Ủy ban nhân dân tỉnh)."),
            pairs(&[("11/2026/qd-ubnd", "3")])
        );
        assert_eq!(
            cited("Under Article 24 of Law 40/2009/QH12, a licence is required."),
            pairs(&[("40/2009/qh12", "24")])
        );
        assert_eq!(
            cited("See Art. 3 of the Law on Residence No. 68/2020/QH14."),
            pairs(&[("68/2020/qh14", "3")])
        );
        assert_eq!(
            cited("Article 328 of the Civil Code 91/2015/QH13 governs deposits."),
            pairs(&[("91/2015/qh13", "328")])
        );
    }

    #[test]
    fn lists_and_ranges_of_articles_share_their_document() {
        assert_eq!(
            cited("Điều 5, 6 và 7 Nghị định 15/2020/NĐ-CP quy định mức phạt."),
            pairs(&[
                ("15/2020/nd-cp", "5"),
                ("15/2020/nd-cp", "6"),
                ("15/2020/nd-cp", "7")
            ])
        );
        assert_eq!(
            cited("Xem từ Điều 5 đến Điều 7 Luật số 91/2015/QH13."),
            pairs(&[
                ("91/2015/qh13", "5"),
                ("91/2015/qh13", "6"),
                ("91/2015/qh13", "7")
            ])
        );
        assert_eq!(
            cited("Điều 5 và khoản 3 Điều 6 Nghị định 15/2020/NĐ-CP"),
            pairs(&[("15/2020/nd-cp", "5"), ("15/2020/nd-cp", "6")])
        );
        assert_eq!(
            cited("Articles 3 and 4 of Decree 15/2020/ND-CP apply."),
            pairs(&[("15/2020/nd-cp", "3"), ("15/2020/nd-cp", "4")])
        );
    }

    #[test]
    fn several_citations_in_one_answer_each_keep_their_document() {
        let answer = "Theo khoản 1 Điều 3 Quyết định số 11/2026/QĐ-UBND, giấy tờ đã có thì không \
                      phải nộp lại. Thời hạn trả lời theo Điều 5 Quyết định 21/2024/QĐ-UBND và \
                      Điều 24 Luật Khám bệnh, chữa bệnh số 40/2009/QH12.\n\nĐiều 3 Quyết định \
                      số 11/2026/QĐ-UBND cũng nói rõ.";
        assert_eq!(
            cited(answer),
            pairs(&[
                ("11/2026/qd-ubnd", "3"),
                ("21/2024/qd-ubnd", "5"),
                ("40/2009/qh12", "24")
            ])
        );
    }

    #[test]
    fn this_law_is_the_document_named_before() {
        let answer = "Luật Cư trú số 68/2020/QH14 đã quy định rõ. Tại Điều 2 của Luật này, nơi \
                      thường trú được giải thích; Điều 11 Luật này nói về nơi cư trú.";
        assert_eq!(
            cited(answer),
            pairs(&[("68/2020/qh14", "2"), ("68/2020/qh14", "11")])
        );
        assert_eq!(
            cited("Decree 15/2020/ND-CP sets fines. Article 5 of this Decree lists them."),
            pairs(&[("15/2020/nd-cp", "5")])
        );
        // The document named earlier in the same paragraph.
        assert_eq!(
            cited("Nghị định 15/2020/NĐ-CP quy định việc xử phạt. Theo Điều 5, mức phạt là…"),
            pairs(&[("15/2020/nd-cp", "5")])
        );
    }

    #[test]
    fn an_article_without_a_document_cites_nothing() {
        for text in [
            "Theo Điều 5, bạn cần nộp hồ sơ tại bộ phận một cửa.",
            "Điều 24 Luật Khám bệnh, chữa bệnh quy định điều kiện hành nghề.",
            "Nghị định 15/2020/NĐ-CP quy định việc xử phạt.\n\nTheo Điều 5, mức phạt là…",
            "Điều 5 Luật Đất đai và Nghị định 43/2014/NĐ-CP đều quy định.",
            "Điều kiện cấp phép theo 17/2019 là gì?",
            "Theo Điều 5, 10 ngày là thời hạn.",
            "",
        ] {
            assert_eq!(cited(text), Vec::<(String, String)>::new(), "{text}");
        }
        // The number after the comma is not an article.
        assert_eq!(
            cited("Nghị định 15/2020/NĐ-CP quy định: theo Điều 5, 10 ngày là thời hạn."),
            pairs(&[("15/2020/nd-cp", "5")])
        );
    }

    #[test]
    fn no_text_makes_it_panic() {
        for text in [
            "Điều",
            "Điều 5",
            "Điều 5,",
            "Điều 5 đến",
            "Điều 9999 đến Điều 1",
            "Điều 1 đến Điều 100000 Luật 40/2009/QH12",
            "của Luật này Điều 3",
            "\n\n\nĐiều 3\n",
            "Article 5 of this",
        ] {
            let _ = cited(text);
        }
        let long = "Điều 5, 6 và 7 Nghị định 15/2020/NĐ-CP. ".repeat(500);
        assert_eq!(cited(&long).len(), 3);
    }
}
