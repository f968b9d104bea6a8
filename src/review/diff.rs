//! A readable line diff between two revisions' texts (longest common subsequence).

use serde::Serialize;

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Line {
    Same(String),
    Added(String),
    Removed(String),
}

/// The lines of `new` compared with `old`. Quadratic in lines, which is fine for articles
/// (a 1,500-word article has a few dozen paragraphs); very long texts fall back to a
/// whole-text replacement.
pub fn lines(old: &str, new: &str) -> Vec<Line> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a.len() * b.len() > 4_000_000 {
        return a
            .iter()
            .map(|l| Line::Removed(l.to_string()))
            .chain(b.iter().map(|l| Line::Added(l.to_string())))
            .collect();
    }
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(Line::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removals before additions reads as "this line became that one".
            out.push(Line::Removed(a[i].to_string()));
            i += 1;
        } else {
            out.push(Line::Added(b[j].to_string()));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_show_as_removed_then_added() {
        let d = lines("một\nhai\nba", "một\nHAI\nba\nbốn");
        assert_eq!(
            d,
            vec![
                Line::Same("một".into()),
                Line::Removed("hai".into()),
                Line::Added("HAI".into()),
                Line::Same("ba".into()),
                Line::Added("bốn".into()),
            ]
        );
        assert!(lines("", "").is_empty());
    }
}
