//! Vietnamese text rules shared by every module: NFC storage (TCVN 6909:2001 is
//! Unicode) and the one folding function behind slugs, file names and matching.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The text as stored: NFC (precomposed), so that `ế` typed in any form compares equal.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// Whether a text holds a control character other than a line break or a tab (NUL, escape,
/// backspace, the C1 controls…): nobody types them, mail and PostgreSQL refuse them.
pub fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Lower case with every diacritic removed and `đ` → `d`: `Quyết định` → `quyet dinh`.
/// The eth `Ð`/`ð`, which stands in for `Đ`/`đ` in text converted from old Vietnamese
/// encodings, folds the same way.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' || c == 'ð' { 'd' } else { c })
        .collect()
}

/// A URL slug: folded, ASCII letters and digits joined by single hyphens.
/// `Khai mạc Hội chợ 2026!` → `khai-mac-hoi-cho-2026`. At most `max_len` bytes, cut at a word.
pub fn slugify(text: &str, max_len: usize) -> String {
    join_ascii_words(&fold(text), '-', max_len)
}

/// A stored file name as the portal rules require: ASCII letters and digits with `-`
/// between words, no diacritics, at most 50 characters, extension kept (lower case).
pub fn file_name(original: &str) -> String {
    const MAX: usize = 50;
    let (stem, ext) = match original.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && !e.is_empty() && e.len() <= 8 => {
            (s, join_ascii_words(&fold(e), '-', 8).replace('-', ""))
        }
        _ => (original, String::new()),
    };
    let room = if ext.is_empty() {
        MAX
    } else {
        MAX - ext.len() - 1
    };
    let mut stem = join_ascii_words(&fold(stem), '-', room);
    if stem.is_empty() {
        stem.push_str("tep");
    }
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

fn join_ascii_words(folded: &str, sep: char, max_len: usize) -> String {
    let mut out = String::new();
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = if out.is_empty() {
            word.len()
        } else {
            word.len() + 1
        };
        if out.len() + extra > max_len {
            if out.is_empty() {
                out.push_str(&word[..max_len.min(word.len())]);
            }
            break;
        }
        if !out.is_empty() {
            out.push(sep);
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_found_but_line_breaks_and_tabs_are_text() {
        assert!(has_control_characters("ti\0tle"));
        assert!(has_control_characters("a\u{1b}[31m"));
        assert!(has_control_characters("x\u{85}"));
        assert!(!has_control_characters("Dòng một\r\nDòng hai\tcột"));
    }

    use super::*;

    #[test]
    fn folding_removes_tones_marks_and_d_stroke() {
        assert_eq!(fold("Quyết định"), "quyet dinh");
        assert_eq!(fold("ĐẢNG BỘ TỈNH"), "dang bo tinh");
        assert_eq!(fold("Trường Sa, Hoàng Sa"), "truong sa, hoang sa");
        assert_eq!(fold("ưu tiên ở ơn"), "uu tien o on");
        assert_eq!(fold("NÐ-CP ðịnh"), "nd-cp dinh", "eth is read as đ");
    }

    #[test]
    fn folding_treats_decomposed_and_precomposed_alike() {
        let decomposed = "Vie\u{0302}\u{0323}t Nam";
        assert_eq!(fold(decomposed), fold("Việt Nam"));
        assert_eq!(nfc(decomposed), "Việt Nam");
    }

    #[test]
    fn slugs_are_ascii_words_joined_by_hyphens() {
        assert_eq!(
            slugify("Khai mạc Hội chợ — 2026!", 80),
            "khai-mac-hoi-cho-2026"
        );
        assert_eq!(slugify("  ", 80), "");
        assert_eq!(slugify("Sở Khoa học và Công nghệ", 12), "so-khoa-hoc");
    }

    #[test]
    fn file_names_follow_the_portal_rule() {
        assert_eq!(
            file_name("Quyết định số 17 (bản ký).PDF"),
            "quyet-dinh-so-17-ban-ky.pdf"
        );
        let long = file_name(&"Báo cáo tổng hợp ".repeat(10));
        assert!(long.len() <= 50, "{long}");
        assert!(long
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
        assert_eq!(file_name("....pdf"), "tep.pdf");
        assert_eq!(file_name("ảnh"), "anh");
    }
}
