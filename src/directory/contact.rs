//! Official contacts as Decree 42/2022 art. 7 lists them: phone, fax and official e-mail.
//! Pure checks; the personal contacts of officials (home address, private phone) have no field
//! anywhere and are never stored.

use crate::field::FieldError;

/// A phone or fax number as agencies publish it: digits grouped by spaces, dots or hyphens,
/// an optional area code in brackets and an optional leading `+`; 8 to 15 digits
/// (`0255 3822 123`, `(0255) 3.822.123`, `+84 255 3822 123`).
pub fn phone_ok(text: &str) -> bool {
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
}

/// An e-mail address of the usual shape: one `@`, a local part, a domain with a dot, no
/// spaces (`vanphong@sonha.gov.vn`).
pub fn email_ok(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && domain.len() <= 253
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@')
        && text.is_ascii()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
}

/// What is wrong with a unit's or an official's key, name and official contacts: the one
/// rule the admin forms and the import share.
pub fn problems(key: &str, name: &str, phone: &str, fax: &str, email: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !super::key_ok(key) {
        errors.push(FieldError::new("key", "directory-bad-key"));
    }
    if name.is_empty() {
        errors.push(FieldError::new("name", "directory-name-required"));
    }
    for (field, value) in [("phone", phone), ("fax", fax)] {
        if !value.is_empty() && !phone_ok(value) {
            errors.push(FieldError::new(field, "directory-bad-phone").with_detail(value));
        }
    }
    if !email.is_empty() && !email_ok(email) {
        errors.push(FieldError::new("email", "directory-bad-email").with_detail(email));
    }
    errors
}

/// The number as a `tel:` URI keeps it (RFC 3966): digits, with `+` when international.
pub fn tel_uri(text: &str) -> String {
    let plus = if text.trim_start().starts_with('+') {
        "+"
    } else {
        ""
    };
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{plus}{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_as_agencies_write_them_pass_and_words_do_not() {
        assert!(phone_ok("0255 3822 123"));
        assert!(phone_ok("(0255) 3.822.123"));
        assert!(phone_ok("+84 255 3822 123"));
        assert!(!phone_ok("gọi tổng đài"));
        assert!(!phone_ok("123"));
        assert!(!phone_ok("0255 3822 123 ext 4"));
        assert!(!phone_ok("++84 255 3822 123"));
    }

    #[test]
    fn e_mail_addresses_need_a_local_part_and_a_dotted_domain() {
        assert!(email_ok("vanphong@sonha.gov.vn"));
        assert!(!email_ok("vanphong.sonha.gov.vn"));
        assert!(!email_ok("van phong@sonha.gov.vn"));
        assert!(!email_ok("vanphong@localhost"));
        assert!(!email_ok("@sonha.gov.vn"));
        assert!(!email_ok("a@b@sonha.gov.vn"));
        assert!(!email_ok("vănphòng@sonha.gov.vn"));
    }

    #[test]
    fn tel_uris_keep_digits_and_the_plus() {
        assert_eq!(tel_uri("+84 255 3822 123"), "tel:+842553822123");
        assert_eq!(tel_uri("(0255) 3.822.123"), "tel:02553822123");
    }
}
