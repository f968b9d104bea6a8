//! Rendering shared by every content type: Markdown to safe HTML, the Tera environment of
//! the theme, Fluent messages, and the theme's static assets with content-hashed names.

pub mod assets;
pub mod csv;
pub mod i18n;
pub mod markdown;
pub mod note;
pub mod number;
pub mod social;
pub mod theme;

/// What a query value escapes: everything but unreserved characters (RFC 3986).
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use assets::Assets;
use i18n::Messages;
use tera::{Context, Tera, Value};

/// Why the theme or the messages cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error: {0}")]
    Template(#[from] tera::Error),
    #[error("locale file {file}: {message}")]
    Locale { file: String, message: String },
    #[error("theme: {0}")]
    Theme(String),
}

/// schema.org data as JSON safe inside a `<script type="application/ld+json">` element
/// (`</script>` in a string would end the element early).
pub fn json_ld(data: &serde_json::Value) -> String {
    data.to_string().replace("</", "<\\/")
}

/// `{{ t | local_time(lang=lang) }}`: a UTC time as stored (`2026-12-06T07:30:00`) shown in
/// Vietnam's time, as readers of the language write it (`06/12/2026 14:30`, `6 December 2026
/// 14:30`); empty for none, and a value that is not a time is shown as it is.
fn local_time(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let lang = args
        .get("lang")
        .and_then(Value::as_str)
        .and_then(crate::lang::Lang::from_code)
        .unwrap_or(crate::lang::Lang::Vi);
    let Some(text) = value.as_str() else {
        return Ok(match value {
            Value::Null => Value::String(String::new()),
            other => other.clone(),
        });
    };
    Ok(Value::String(match text.parse::<chrono::NaiveDateTime>() {
        Ok(utc) => {
            let local = utc.and_utc().with_timezone(&crate::clock::vietnam());
            format!(
                "{} {}",
                crate::clock::day_text(local.date_naive(), lang),
                local.format("%H:%M")
            )
        }
        Err(_) => text.to_string(),
    }))
}

/// The compiled theme: templates parsed once at start, messages and assets in memory.
pub struct Renderer {
    tera: Tera,
    pub messages: Arc<Messages>,
    pub assets: Arc<Assets>,
}

impl Renderer {
    /// Builds the renderer from the built-in theme, with templates and static files of
    /// `override_dir` (if any) taking precedence by name.
    pub fn new(override_dir: Option<&Path>) -> Result<Renderer, RenderError> {
        let files = theme::ThemeFiles::load(override_dir)?;
        let messages = Arc::new(Messages::load()?);
        let assets = Arc::new(Assets::from_files(files.static_files()));
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".atom"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(files.templates())?;
        // Tera's own `urlencode` is in its optional built-ins, which this build leaves out.
        tera.register_filter(
            "urlencode",
            |value: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
                let text = match value {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                Ok(Value::String(
                    percent_encoding::utf8_percent_encode(&text, QUERY_VALUE).to_string(),
                ))
            },
        );
        // `{{ value | number(lang=lang) }}`: a figure written as the language writes it.
        tera.register_filter(
            "number",
            |value: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
                let lang = args
                    .get("lang")
                    .and_then(Value::as_str)
                    .and_then(crate::lang::Lang::from_code)
                    .unwrap_or(crate::lang::Lang::Vi);
                Ok(Value::String(match value.as_f64() {
                    Some(v) => number::number(v, lang),
                    None => String::new(),
                }))
            },
        );
        tera.register_filter("local_time", local_time);
        // `{{ entry.summary | note(lang=lang) }}`: a stored note worded in the reader's language.
        let m = messages.clone();
        tera.register_filter(
            "note",
            move |value: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
                let lang = args
                    .get("lang")
                    .and_then(Value::as_str)
                    .and_then(crate::lang::Lang::from_code)
                    .unwrap_or(crate::lang::Lang::Vi);
                Ok(Value::String(note::word(
                    &m,
                    lang,
                    value.as_str().unwrap_or_default(),
                )))
            },
        );
        let m = messages.clone();
        tera.register_function(
            "t",
            move |args: &HashMap<String, Value>| -> tera::Result<Value> {
                let key = args
                    .get("key")
                    .and_then(Value::as_str)
                    .ok_or_else(|| tera::Error::msg("t() needs key"))?;
                let lang = args
                    .get("lang")
                    .and_then(Value::as_str)
                    .and_then(crate::lang::Lang::from_code)
                    .unwrap_or(crate::lang::Lang::Vi);
                let extra: Vec<(&str, &Value)> = args
                    .iter()
                    .filter(|(k, _)| k.as_str() != "key" && k.as_str() != "lang")
                    .map(|(k, v)| (k.as_str(), v))
                    .collect();
                Ok(Value::String(m.get_with(lang, key, &extra)))
            },
        );
        let a = assets.clone();
        tera.register_function(
            "asset",
            move |args: &HashMap<String, Value>| -> tera::Result<Value> {
                let path = args
                    .get("path")
                    .and_then(Value::as_str)
                    .ok_or_else(|| tera::Error::msg("asset() needs path"))?;
                a.url(path)
                    .map(|u| Value::String(u.to_string()))
                    .ok_or_else(|| tera::Error::msg(format!("no static file {path}")))
            },
        );
        tera.register_function(
            "srcset",
            |args: &HashMap<String, Value>| -> tera::Result<Value> {
                let id = args
                    .get("id")
                    .and_then(Value::as_i64)
                    .ok_or_else(|| tera::Error::msg("srcset() needs the media id"))?;
                let base = format!("/tep/{id}");
                Ok(Value::String(crate::media::images::srcset(
                    &base,
                    &crate::media::images::WIDTHS,
                    "webp",
                )))
            },
        );
        Ok(Renderer {
            tera,
            messages,
            assets,
        })
    }

    /// Every UI message.
    pub fn messages(&self) -> &crate::render::i18n::Messages {
        &self.messages
    }

    /// A UI message in a language.
    pub fn message(&self, lang: crate::lang::Lang, key: &str) -> String {
        self.messages.get(lang, key)
    }

    /// Renders a template of the theme into bytes (sent as they are: turning them back
    /// into a `String` would re-validate every byte of UTF-8 for nothing).
    pub fn render(&self, template: &str, context: &Context) -> Result<Vec<u8>, RenderError> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera.render_to(template, context, &mut out)?;
        Ok(out)
    }
}

/// Escapes text for HTML content and quoted attributes (Tera's default also escapes `/`,
/// which makes every URL unreadable in the source).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 16);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(value: Value, lang: &str) -> Value {
        let args = HashMap::from([("lang".to_string(), Value::String(lang.into()))]);
        local_time(&value, &args).unwrap()
    }

    #[test]
    fn stored_utc_times_are_shown_in_vietnam_time() {
        // 20:30 UTC is 03:30 the next morning in Hà Nội.
        let at = Value::String("2026-12-06T20:30:00".into());
        assert_eq!(shown(at.clone(), "vi"), "07/12/2026 03:30");
        assert_eq!(shown(at, "en"), "7 December 2026 03:30");
        assert_eq!(
            shown(Value::String("2026-12-06T07:30:00.125".into()), "vi"),
            "06/12/2026 14:30"
        );
        assert_eq!(shown(Value::Null, "vi"), "");
        assert_eq!(shown(Value::String("hôm qua".into()), "vi"), "hôm qua");
    }
}
