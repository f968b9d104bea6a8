//! Scanning tokens into the pieces of a number-symbol: a leading type word, the number, the
//! year, and the letter parts, with the spellings each part may stand for.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// The whole text is one number-symbol: explain what is wrong.
    Whole,
    /// A symbol inside a query: be strict, so words and dates are not taken for symbols.
    Query,
}

/// What a leading type word tells: its name and the abbreviations it may stand for.
#[derive(Debug, Clone)]
pub(super) struct TypeWord {
    pub(super) name: Option<&'static str>,
    pub(super) codes: Vec<&'static TypeCode>,
}

/// A letters part of the symbol with the legislature number glued to it (`QH13`).
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub(super) letters: String,
    pub(super) digits: String,
}

/// The pieces of a number-symbol as typed, before they are looked up.
#[derive(Debug)]
pub(super) struct Scanned {
    pub(super) type_word: Option<TypeWord>,
    pub(super) number: String,
    pub(super) year: Option<u16>,
    pub(super) parts: Vec<Part>,
    /// The separator before each part.
    pub(super) seps: Vec<Sep>,
    pub(super) any_slash: bool,
    /// Digits where a year was expected (`17/19/QĐ-UBND`), for the error message.
    pub(super) bad_year: Option<String>,
}

pub(super) fn not_symbol(reason: String) -> SymbolError {
    SymbolError::NotANumberSymbol { reason }
}

pub(super) fn skip_space(t: &[Token<'_>], mut i: usize) -> usize {
    while t.get(i).is_some_and(|t| t.kind == Kind::Space) {
        i += 1;
    }
    i
}

/// A separator with spaces around it, and the index after it.
pub(super) fn sep_at(t: &[Token<'_>], i: usize) -> Option<(Sep, usize)> {
    let j = skip_space(t, i);
    match t.get(j)?.kind {
        Kind::Sep(sep) => Some((sep, skip_space(t, j + 1))),
        _ => None,
    }
}

/// Matches folded words (`"quyet dinh"`) against letter tokens separated by spaces.
pub(super) fn match_words(t: &[Token<'_>], i: usize, words: &str) -> Option<usize> {
    let mut j = i;
    for (n, word) in words.split(' ').enumerate() {
        if n > 0 {
            if t.get(j)?.kind != Kind::Space {
                return None;
            }
            j += 1;
        }
        let token = t.get(j)?;
        if token.kind != Kind::Letters || fold(token.text) != word {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// A type word, a type abbreviation used as a word (`qđ 17/2019`) or a filler at `i`.
pub(super) fn lead_at(t: &[Token<'_>], i: usize) -> Option<(Option<TypeWord>, usize)> {
    let mut best: Option<(Option<TypeWord>, usize)> = None;
    let mut consider = |word: Option<TypeWord>, end: usize| {
        if best.as_ref().is_none_or(|(_, e)| end > *e) {
            best = Some((word, end));
        }
    };
    for (words, name, code) in TYPE_WORDS {
        if let Some(end) = match_words(t, i, words) {
            let codes = code
                .map(|c| TYPES.iter().filter(|t| t.code == c).collect())
                .unwrap_or_default();
            consider(
                Some(TypeWord {
                    name: Some(*name),
                    codes,
                }),
                end,
            );
        }
    }
    for words in FILLER_WORDS {
        if let Some(end) = match_words(t, i, words) {
            consider(None, end);
        }
    }
    if let Some(token) = t.get(i).filter(|t| t.kind == Kind::Letters) {
        // One-letter abbreviations (`L`) are too common as words to lead a symbol.
        if token.text.chars().count() >= 2 {
            let codes = lookup(TYPES, |t| t.code, token.text);
            if !codes.is_empty() {
                consider(Some(TypeWord { name: None, codes }), i + 1);
            }
        }
    }
    best
}

/// Reads the lead words and the symbol from token `i`; returns the pieces and the index after.
pub(super) fn scan(
    text: &str,
    t: &[Token<'_>],
    start: usize,
) -> Result<(Scanned, usize), SymbolError> {
    let mut i = start;
    let mut type_word: Option<TypeWord> = None;
    loop {
        let j = skip_space(t, i);
        match t.get(j).map(|t| t.kind) {
            Some(Kind::Colon) if j > start => i = j + 1,
            Some(Kind::Letters) => match lead_at(t, j) {
                Some((Some(_), _)) if type_word.is_some() => break,
                Some((word, end)) => {
                    type_word = word.or(type_word);
                    i = end;
                }
                None => break,
            },
            _ => break,
        }
    }
    let j = skip_space(t, i);
    let Some(first) = t.get(j).filter(|t| t.kind == Kind::Digits) else {
        let what = t
            .get(j)
            .map_or(String::new(), |t| text[t.start..].to_string());
        return Err(not_symbol(if what.is_empty() {
            "no document number: a number-symbol starts with digits, like 17/2019/QĐ-UBND".into()
        } else {
            format!(
                "expected the document number (digits) at {:?}",
                truncate(&what)
            )
        }));
    };
    if first.text.len() > MAX_NUMBER_DIGITS {
        return Err(not_symbol(format!(
            "{} has more than {MAX_NUMBER_DIGITS} digits: too long for a document number",
            first.text
        )));
    }
    if first.text.bytes().all(|b| b == b'0') {
        return Err(not_symbol("documents are numbered from 1".into()));
    }
    let mut s = Scanned {
        type_word,
        number: first.text.to_string(),
        year: None,
        parts: Vec::new(),
        seps: Vec::new(),
        any_slash: false,
        bad_year: None,
    };
    let mut i = j + 1;
    while let Some((sep, j)) = sep_at(t, i) {
        let Some(next) = t.get(j) else { break };
        match next.kind {
            Kind::Digits if s.parts.is_empty() && s.year.is_none() => {
                match next.text.parse::<u16>() {
                    Ok(y) if next.text.len() == 4 && YEARS.contains(&y) => {
                        s.year = Some(y);
                        s.any_slash |= sep == Sep::Slash;
                        i = j + 1;
                    }
                    _ => {
                        s.bad_year = Some(next.text.to_string());
                        break;
                    }
                }
            }
            Kind::Letters => {
                if s.parts.len() == MAX_PARTS {
                    return Err(not_symbol(format!(
                        "more than {MAX_PARTS} parts after the number"
                    )));
                }
                let mut part = Part {
                    letters: next.text.to_string(),
                    digits: String::new(),
                };
                let mut k = j + 1;
                if let Some(d) = t.get(k).filter(|d| d.kind == Kind::Digits) {
                    part.digits = d.text.to_string();
                    k += 1;
                } else if is_numbered_issuer(next.text) {
                    // `QH 13`, `QH-13`: the legislature number written apart.
                    let m = sep_at(t, k).map_or(skip_space(t, k), |(_, m)| m);
                    if let Some(d) = t
                        .get(m)
                        .filter(|d| d.kind == Kind::Digits && d.text.len() <= 2)
                    {
                        part.digits = d.text.to_string();
                        k = m + 1;
                    }
                }
                s.parts.push(part);
                s.seps.push(sep);
                s.any_slash |= sep == Sep::Slash;
                i = k;
            }
            _ => break,
        }
    }
    Ok((s, i))
}

pub(super) fn truncate(s: &str) -> String {
    s.chars().take(20).collect()
}

pub(super) fn is_numbered_issuer(letters: &str) -> bool {
    lookup(ISSUERS, |i| i.code, letters)
        .iter()
        .any(|i| i.numbered)
}

/// Table entries spelled like `part`. A part typed with a diacritic or `Đ` was typed on
/// purpose, so its exact spelling (in any case) wins; an ASCII part may have lost them, so
/// every entry that folds alike is a candidate, in table order.
pub(super) fn lookup<'t, T>(table: &'t [T], code: impl Fn(&T) -> &str, part: &str) -> Vec<&'t T> {
    let folded = fold(part);
    let alike: Vec<&T> = table.iter().filter(|e| fold(code(e)) == folded).collect();
    if !part.is_ascii() {
        let upper = upper_as_typed(part);
        if let Some(exact) = alike.iter().find(|e| code(e).to_uppercase() == upper) {
            return vec![*exact];
        }
    }
    alike
}

/// Spellings an issuer part may have, most likely first; empty when unknown.
pub(super) fn issuer_spellings(part: &Part) -> Vec<(String, bool)> {
    lookup(ISSUERS, |i| i.code, &part.letters)
        .into_iter()
        // A legislature number belongs to numbered issuers only (`QH13`, not `UBND13`).
        .filter(|i| i.numbered != part.digits.is_empty())
        .map(|i| (format!("{}{}", i.code, part.digits), i.old_style))
        .collect()
}

pub(super) fn unit_spellings(part: &Part) -> Vec<String> {
    let known: Vec<String> = lookup(UNITS, |u| *u, &part.letters)
        .into_iter()
        .map(|u| format!("{u}{}", part.digits))
        .collect();
    if known.is_empty() {
        vec![upper_as_typed(&format!("{}{}", part.letters, part.digits))]
    } else {
        known
    }
}
