//! Cutting typed text into letters, digits and separators.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Digits,
    Letters,
    Sep(Sep),
    Space,
    Colon,
    Other,
}

/// A separator between parts; `\` counts as a slash, dashes of every width as a hyphen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sep {
    Slash,
    Hyphen,
    Dot,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    pub(super) kind: Kind,
    pub(super) text: &'a str,
    pub(super) start: usize,
}

impl Token<'_> {
    pub(super) fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

pub(super) fn separator(c: char) -> Option<Sep> {
    match c {
        '/' | '\\' | '／' => Some(Sep::Slash),
        '-' | '–' | '—' | '‐' | '‑' | '−' => Some(Sep::Hyphen),
        '.' | '_' => Some(Sep::Dot),
        _ => None,
    }
}

/// A letter that folds to ASCII: Vietnamese letters in any case, precomposed or not (and
/// the eth that old encodings put for `Đ`, which `text::fold` reads as `đ`).
pub(super) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if !c.is_alphabetic() {
        return false;
    }
    let mut buf = [0u8; 4];
    let folded = fold(c.encode_utf8(&mut buf));
    !folded.is_empty() && folded.bytes().all(|b| b.is_ascii_lowercase())
}

pub(super) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    for (at, c) in text.char_indices() {
        let kind = if c.is_ascii_digit() {
            Kind::Digits
        } else if is_letter(c) {
            Kind::Letters
        } else if is_combining_mark(c) && tokens.last().is_some_and(|t| t.kind == Kind::Letters) {
            // NFD input: the mark belongs to the letter before it.
            Kind::Letters
        } else if c.is_whitespace() {
            Kind::Space
        } else if let Some(sep) = separator(c) {
            Kind::Sep(sep)
        } else if c == ':' {
            Kind::Colon
        } else {
            Kind::Other
        };
        let runs = matches!(kind, Kind::Digits | Kind::Letters | Kind::Space);
        match tokens.last_mut() {
            Some(last) if runs && last.kind == kind && last.end() == at => {
                last.text = &text[last.start..at + c.len_utf8()];
            }
            _ => tokens.push(Token {
                kind,
                text: &text[at..at + c.len_utf8()],
                start: at,
            }),
        }
    }
    tokens
}

pub(super) fn is_opening(s: &str) -> bool {
    matches!(s, "(" | "[" | "\"" | "“" | "'" | "‘" | "«")
}

/// A part as typed, in upper case (`kt` → `KT`, `đt` → `ĐT`); an eth is written as the
/// `Đ` it stands for.
pub(super) fn upper_as_typed(part: &str) -> String {
    nfc(&part.replace('Ð', "Đ").replace('ð', "đ")).to_uppercase()
}
