//! vCard 4.0 (RFC 6350) of an official's official contacts, for the directory's download.

use super::contact::tel_uri;

/// What a card carries, already in the reader's language.
#[derive(Debug, Clone, Default)]
pub struct Card<'a> {
    /// Full name, family name first (`Nguyễn Văn An`).
    pub name: &'a str,
    pub title: &'a str,
    /// The unit, as `ORG` (agency then unit when both are known).
    pub organisation: &'a [&'a str],
    pub phone: &'a str,
    pub fax: &'a str,
    pub email: &'a str,
    /// The person's page.
    pub url: &'a str,
    /// `vi` or `en`.
    pub lang: &'a str,
}

/// Escapes a text value (RFC 6350 §3.4): backslash, comma, semicolon and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a character (RFC 6350 §3.2).
fn fold_line(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The structured name: Vietnamese write the family name first, then middle names, then the
/// given name (`Nguyễn Văn An` → family `Nguyễn`, given `An`, additional `Văn`).
fn structured_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => ";;;;".to_string(),
        [only] => format!(";{};;;", escape(only)),
        [family, middle @ .., given] => format!(
            "{};{};{};;",
            escape(family),
            escape(given),
            escape(&middle.join(" "))
        ),
    }
}

/// The card as text, lines ending in CRLF.
pub fn vcard(card: &Card) -> String {
    let mut lines = vec![
        "BEGIN:VCARD".to_string(),
        "VERSION:4.0".to_string(),
        format!("FN:{}", escape(card.name)),
        format!("N:{}", structured_name(card.name)),
    ];
    if !card.title.is_empty() {
        lines.push(format!("TITLE:{}", escape(card.title)));
    }
    let org: Vec<String> = card
        .organisation
        .iter()
        .filter(|o| !o.is_empty())
        .map(|o| escape(o))
        .collect();
    if !org.is_empty() {
        lines.push(format!("ORG:{}", org.join(";")));
    }
    if !card.phone.is_empty() {
        lines.push(format!(
            "TEL;VALUE=uri;TYPE=\"work,voice\":{}",
            tel_uri(card.phone)
        ));
    }
    if !card.fax.is_empty() {
        lines.push(format!(
            "TEL;VALUE=uri;TYPE=\"work,fax\":{}",
            tel_uri(card.fax)
        ));
    }
    if !card.email.is_empty() {
        lines.push(format!("EMAIL;TYPE=work:{}", card.email));
    }
    if !card.lang.is_empty() {
        lines.push(format!("LANG:{}", card.lang));
    }
    if !card.url.is_empty() {
        lines.push(format!("URL:{}", card.url));
    }
    lines.push("END:VCARD".to_string());
    let mut out = String::new();
    for line in &lines {
        fold_line(line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_carries_the_official_contacts_in_vcard_4() {
        let text = vcard(&Card {
            name: "Nguyễn Văn An",
            title: "Phó Chủ tịch, Trưởng ban",
            organisation: &["Ủy ban nhân dân tỉnh Sơn Hà"],
            phone: "0255 3822 123",
            fax: "",
            email: "nvan@sonha.gov.vn",
            url: "http://localhost/danh-ba/3-nguyen-van-an",
            lang: "vi",
        });
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
        assert!(text.contains("FN:Nguyễn Văn An\r\n"));
        assert!(text.contains("N:Nguyễn;An;Văn;;\r\n"));
        assert!(text.contains("TITLE:Phó Chủ tịch\\, Trưởng ban\r\n"));
        assert!(text.contains("TEL;VALUE=uri;TYPE=\"work,voice\":tel:02553822123\r\n"));
        assert!(!text.contains("fax"));
        assert!(text.contains("EMAIL;TYPE=work:nvan@sonha.gov.vn\r\n"));
        assert!(text.ends_with("END:VCARD\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let title =
            "Chánh Văn phòng Ủy ban nhân dân tỉnh kiêm Trưởng ban Tiếp công dân tỉnh Sơn Hà";
        let text = vcard(&Card {
            name: "Lê Thị Hoa",
            title,
            ..Card::default()
        });
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("TITLE:{title}")));
    }
}
