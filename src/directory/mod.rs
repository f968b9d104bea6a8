//! The organisation and its people (Decree 42/2022 art. 7; regulation art. 8.2): organisation
//! units (cơ quan, đơn vị) with their history, officials (cán bộ, lãnh đạo) with their positions
//! over time, and the leaders' weekly work schedules (lịch công tác). Each is a kind of record
//! (see [`crate::record`]): reviewed like any content, copied into its own table when published.
//! The record types and their rules are pure; `store` keeps them; `kind` declares the kinds.

pub mod contact;
pub mod demo;
pub mod form;
pub mod ical;
pub mod import;
pub mod kind;
pub mod listing;
pub mod official;
pub mod present;
pub mod schedule;
pub mod store;
pub mod unit;
pub mod vcard;
pub mod week;
pub mod week_form;

/// A stable key as imports and other records name units and officials by: ASCII lower-case
/// letters, digits, `.`, `-` and `_`, 2 to 80 characters (`sonha.so-tai-chinh`).
pub fn key_ok(key: &str) -> bool {
    (2..=80).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// Trims and NFC-normalises a text field of a record.
pub(crate) fn clean(text: &mut String) {
    *text = crate::text::nfc(text.trim());
}

/// An optional key: blank is none.
pub(crate) fn clean_key(key: &mut Option<String>) {
    *key = key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(String::from);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_plain_ascii_words() {
        assert!(key_ok("sonha.so-tai-chinh"));
        assert!(key_ok("nguyen_van_an-1"));
        assert!(!key_ok("Sở Tài chính"));
        assert!(!key_ok("a"));
        assert!(!key_ok("có dấu"));
    }
}
