//! A document's full text split into its articles (Điều), each with a stable anchor on the
//! document page (`#dieu-12`). Numbering must continue from one article to the next so that
//! an amendment quoting "Điều 5. …" inside an article does not start a new one.

use serde::{Deserialize, Serialize};

use crate::text::{fold, nfc};

/// One article (Điều) of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// As numbered in the document: `12`, `12a`.
    pub number: String,
    /// The heading after the number (`Phạm vi điều chỉnh`), possibly empty.
    #[serde(default)]
    pub heading: String,
    pub text: String,
}

impl Article {
    /// The fragment of the article on its document's page.
    pub fn anchor(&self) -> String {
        anchor(&self.number)
    }
}

/// `dieu-12`, `dieu-12a`.
pub fn anchor(number: &str) -> String {
    let folded: String = fold(number)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("dieu-{folded}")
}

/// Larger jumps in numbering are taken for quoted text, not a new article.
const MAX_GAP: u32 = 3;

/// A full text split into what precedes the first article (the preamble: căn cứ…) and the
/// articles. A text with no article lines is one preamble.
pub fn split(text: &str) -> (String, Vec<Article>) {
    let text = nfc(text).replace("\r\n", "\n");
    let mut preamble = String::new();
    let mut articles: Vec<Article> = Vec::new();
    let mut last: Option<u32> = None;
    for line in text.lines() {
        let next = article_line(line).filter(|(n, _, _)| match last {
            None => true,
            Some(prev) => *n > prev && *n <= prev + MAX_GAP,
        });
        match next {
            Some((n, number, heading)) => {
                last = Some(n);
                articles.push(Article {
                    number,
                    heading,
                    text: String::new(),
                });
            }
            None => {
                let target = match articles.last_mut() {
                    Some(a) => &mut a.text,
                    None => &mut preamble,
                };
                target.push_str(line);
                target.push('\n');
            }
        }
    }
    for a in &mut articles {
        a.text = a.text.trim().to_string();
    }
    (preamble.trim().to_string(), articles)
}

/// Reads `Điều 12. Heading` (also `Điều 12: …`, `Điều 12a.`, bold markers) as
/// (12, "12", "Heading").
fn article_line(line: &str) -> Option<(u32, String, String)> {
    let line = line.trim().trim_matches('*').trim();
    let rest = line.strip_prefix("Điều ")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: u32 = digits.parse().ok()?;
    let after = &rest[digits.len()..];
    let suffix: String = after
        .chars()
        .take_while(|c| c.is_ascii_lowercase())
        .take(1)
        .collect();
    let after = &after[suffix.len()..];
    let heading = match after.chars().next() {
        None => "",
        Some('.' | ':') => &after[1..],
        Some(_) => return None,
    };
    let heading = heading.trim().trim_matches('*').trim().to_string();
    Some((n, format!("{digits}{suffix}"), heading))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_split_on_their_heading_lines() {
        let text = "Căn cứ Luật Tổ chức chính quyền địa phương;\n\nĐiều 1. Phạm vi điều chỉnh\nQuy định này…\n\nĐiều 2: Đối tượng áp dụng\nCác cơ quan…\n**Điều 3.** Hiệu lực\nCó hiệu lực từ…";
        let (preamble, articles) = split(text);
        assert_eq!(preamble, "Căn cứ Luật Tổ chức chính quyền địa phương;");
        assert_eq!(articles.len(), 3);
        assert_eq!(articles[0].number, "1");
        assert_eq!(articles[0].heading, "Phạm vi điều chỉnh");
        assert_eq!(articles[0].text, "Quy định này…");
        assert_eq!(articles[1].heading, "Đối tượng áp dụng");
        assert_eq!(articles[2].heading, "Hiệu lực");
        assert_eq!(articles[2].anchor(), "dieu-3");
    }

    #[test]
    fn quoted_articles_of_another_law_stay_inside_the_article_quoting_them() {
        let text = "Điều 1. Sửa đổi\n1. Điều 45 được sửa đổi như sau:\nĐiều 45. Thời hạn\nNội dung mới.\nĐiều 2. Hiệu lực thi hành\nTừ ngày ký.";
        let (_, articles) = split(text);
        assert_eq!(articles.len(), 2);
        assert!(articles[0].text.contains("Điều 45. Thời hạn"));
        assert_eq!(articles[1].number, "2");
    }

    #[test]
    fn decomposed_text_and_lettered_articles_are_read() {
        let text = "Đie\u{0302}\u{0300}u 1. A\nx\nĐiều 1a. B\ny";
        let (_, articles) = split(text);
        assert_eq!(articles.len(), 1, "1a does not continue 1 by number");
        assert_eq!(anchor("12a"), "dieu-12a");
    }

    #[test]
    fn a_text_without_articles_is_a_preamble() {
        let (preamble, articles) = split("Thông báo lịch tiếp công dân.");
        assert_eq!(preamble, "Thông báo lịch tiếp công dân.");
        assert!(articles.is_empty());
    }
}
