//! Numbers as each language writes them: `1.234.567,5` in Vietnamese, `1,234,567.5` in
//! English. Figures, amounts of money and chart axes all go through [`number`].

use crate::lang::Lang;

/// A number with its language's digit grouping and decimal mark, its decimals as given
/// (`12.50` is written `12,5`).
pub fn number(value: f64, lang: Lang) -> String {
    let (group, decimal) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{}", value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    if value < 0.0 {
        out.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_in_each_language() {
        assert_eq!(number(1234567.5, Lang::Vi), "1.234.567,5");
        assert_eq!(number(1234567.5, Lang::En), "1,234,567.5");
        assert_eq!(number(-0.75, Lang::Vi), "-0,75");
        assert_eq!(number(999.0, Lang::Vi), "999");
        assert_eq!(number(1000.0, Lang::En), "1,000");
        assert_eq!(number(0.0, Lang::Vi), "0");
    }
}
