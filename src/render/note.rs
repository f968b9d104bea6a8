//! Notes written now and read later in the reader's language: an audit entry's summary, a
//! scheduled job's report. What is stored is a message id with its arguments (as JSON), so
//! the administrator reading the log in Vietnamese or English sees it in that language;
//! text stored before notes existed, or a raw error, is shown as it was written.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::i18n::Messages;
use crate::lang::Lang;

/// A message to be worded when it is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The Fluent message id.
    #[serde(rename = "note")]
    pub message: String,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub args: Map<String, Value>,
}

impl Note {
    pub fn new(message: &str) -> Note {
        Note {
            message: message.to_string(),
            args: Map::new(),
        }
    }

    /// Adds an argument (a count, a title, a revision number).
    pub fn arg(mut self, name: &str, value: impl Into<Value>) -> Note {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// Adds an argument that is itself a message (a category's name), worded in the
    /// reader's language too.
    pub fn term(self, name: &str, message: &str) -> Note {
        self.arg(name, serde_json::json!({ "term": message }))
    }

    /// The text stored for it.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.message.clone())
    }

    /// The note a stored text holds, if it holds one.
    pub fn decode(stored: &str) -> Option<Note> {
        if !stored.starts_with("{\"note\":") {
            return None;
        }
        serde_json::from_str(stored).ok()
    }
}

impl From<Note> for String {
    fn from(n: Note) -> String {
        n.encode()
    }
}

/// A stored text in `lang`: a note worded, anything else as it is.
pub fn word(messages: &Messages, lang: Lang, stored: &str) -> String {
    match Note::decode(stored) {
        Some(note) => {
            let worded: Vec<(&str, Value)> = note
                .args
                .iter()
                .map(|(k, v)| match v.get("term").and_then(Value::as_str) {
                    Some(term) => (k.as_str(), Value::String(messages.get(lang, term))),
                    None => (k.as_str(), v.clone()),
                })
                .collect();
            let args: Vec<(&str, &Value)> = worded.iter().map(|(k, v)| (*k, v)).collect();
            messages.get_with(lang, &note.message, &args)
        }
        None => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_survives_storage_and_plain_text_is_left_alone() {
        let n = Note::new("audit-summary-revision")
            .arg("title", "Quyết định {số 5}")
            .arg("number", 3);
        assert_eq!(Note::decode(&n.encode()), Some(n));
        assert_eq!(Note::decode("Giới thiệu chung"), None);
        assert_eq!(Note::decode("{\"other\": 1}"), None);
        assert_eq!(Note::decode("{\"note\": broken"), None);
    }
}
