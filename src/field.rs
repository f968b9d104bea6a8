//! What is wrong with a form or an imported line, field by field: one type shared by every
//! domain, rendered beside the field by the admin forms and listed by imports.

use serde::Serialize;

/// A field that is not acceptable, with the Fluent message id that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form field (or column) at fault.
    pub field: &'static str,
    /// The localized message that says what to change.
    pub message_id: &'static str,
    /// The line of a multi-line field (a menu), when the error is on one.
    pub line: Option<usize>,
    /// What the message names (the site that owns an alias, say).
    pub detail: Option<String>,
}

impl FieldError {
    pub fn new(field: &'static str, message_id: &'static str) -> FieldError {
        FieldError {
            field,
            message_id,
            line: None,
            detail: None,
        }
    }

    /// The same error, naming what it is about.
    pub fn with_detail(self, detail: impl Into<String>) -> FieldError {
        FieldError {
            detail: Some(detail.into()),
            ..self
        }
    }

    /// The same error, on a line of the field.
    pub fn on_line(self, line: usize) -> FieldError {
        FieldError {
            line: Some(line),
            ..self
        }
    }
}
