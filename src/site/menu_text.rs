//! Menus as administrators type them: one entry a line, `Label | /address`; a line
//! starting with `-` is a child of the entry above (one level of nesting).

use super::store::MenuDefinition;

/// A menu line that cannot be read, with its line number (from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MenuTextError {
    #[error("line {0}: expected `Label | /address`")]
    NoSeparator(usize),
    #[error("line {0}: the label is empty")]
    EmptyLabel(usize),
    #[error("line {0}: the address must start with / or http:// or https://")]
    BadUrl(usize),
    #[error("line {0}: a child entry (-) needs an entry above it")]
    Orphan(usize),
}

impl MenuTextError {
    /// The line the error is on.
    pub fn line(&self) -> usize {
        match self {
            MenuTextError::NoSeparator(n)
            | MenuTextError::EmptyLabel(n)
            | MenuTextError::BadUrl(n)
            | MenuTextError::Orphan(n) => *n,
        }
    }
}

/// Reads a menu for one language.
pub fn parse(text: &str, lang: &str) -> Result<Vec<MenuDefinition>, MenuTextError> {
    let mut menu: Vec<MenuDefinition> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let (is_child, line) = match line.strip_prefix('-') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let (label, url) = line.split_once('|').ok_or(MenuTextError::NoSeparator(n))?;
        let (label, url) = (label.trim(), url.trim());
        if label.is_empty() {
            return Err(MenuTextError::EmptyLabel(n));
        }
        let url_ok = (url.starts_with('/') && !url.starts_with("//"))
            || url.starts_with("https://")
            || url.starts_with("http://");
        if !url_ok || url.contains(char::is_whitespace) {
            return Err(MenuTextError::BadUrl(n));
        }
        let entry = MenuDefinition {
            lang: Some(lang.to_string()),
            label: label.to_string(),
            url: url.to_string(),
            children: Vec::new(),
        };
        if is_child {
            menu.last_mut()
                .ok_or(MenuTextError::Orphan(n))?
                .children
                .push(entry);
        } else {
            menu.push(entry);
        }
    }
    Ok(menu)
}

/// Writes a menu back in the same format.
pub fn format(menu: &[super::MenuItem]) -> String {
    let mut out = String::new();
    for item in menu {
        out.push_str(&format!("{} | {}\n", item.label, item.url));
        for child in &item.children {
            out.push_str(&format!("- {} | {}\n", child.label, child.url));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_children_are_read() {
        let menu = parse("Trang chủ | /\nGiới thiệu | /trang/gioi-thieu\n  - Lãnh đạo | /trang/lanh-dao\n\nTin tức | /tin-tuc", "vi").unwrap();
        assert_eq!(menu.len(), 3);
        assert_eq!(menu[1].children.len(), 1);
        assert_eq!(menu[1].children[0].label, "Lãnh đạo");
        let items: Vec<super::super::MenuItem> = menu
            .iter()
            .map(|m| super::super::MenuItem {
                label: m.label.clone(),
                url: m.url.clone(),
                children: m
                    .children
                    .iter()
                    .map(|c| super::super::MenuItem {
                        label: c.label.clone(),
                        url: c.url.clone(),
                        children: vec![],
                    })
                    .collect(),
            })
            .collect();
        assert_eq!(parse(&format(&items), "vi").unwrap().len(), 3);
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(
            parse("Trang chủ /", "vi").unwrap_err(),
            MenuTextError::NoSeparator(1)
        );
        assert_eq!(
            parse("A | /\n | /x", "vi").unwrap_err(),
            MenuTextError::EmptyLabel(2)
        );
        assert_eq!(
            parse("A | javascript:alert(1)", "vi").unwrap_err(),
            MenuTextError::BadUrl(1)
        );
        assert_eq!(
            parse("A | //evil.example", "vi").unwrap_err(),
            MenuTextError::BadUrl(1)
        );
        assert_eq!(
            parse("- A | /", "vi").unwrap_err(),
            MenuTextError::Orphan(1)
        );
    }
}
