//! UI strings from Fluent files (`locales/vi/*.ftl`, `locales/en/*.ftl`), built into the binary.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::RenderError;
use crate::lang::Lang;

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/locales/"]
#[include = "*.ftl"]
struct Locales;

/// The message bundles of both languages.
pub struct Messages {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl Messages {
    pub fn load() -> Result<Messages, RenderError> {
        let mut bundles = HashMap::new();
        for lang in Lang::ALL {
            let langid = lang
                .code()
                .parse()
                .map_err(|_| RenderError::Theme(format!("bad language id {}", lang.code())))?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks would end up inside HTML attributes and titles.
            bundle.set_use_isolating(false);
            let prefix = format!("{}/", lang.code());
            let mut files: Vec<String> = Locales::iter()
                .filter(|p| p.starts_with(&prefix))
                .map(|p| p.to_string())
                .collect();
            files.sort();
            for file in files {
                let Some(data) = Locales::get(&file) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&data.data).into_owned();
                let resource =
                    FluentResource::try_new(text).map_err(|(_, errs)| RenderError::Locale {
                        file: file.clone(),
                        message: format!("{errs:?}"),
                    })?;
                bundle
                    .add_resource(resource)
                    .map_err(|errs| RenderError::Locale {
                        file: file.clone(),
                        message: format!("{errs:?}"),
                    })?;
            }
            bundles.insert(lang, bundle);
        }
        Ok(Messages { bundles })
    }

    /// Whether a language defines a message.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundles.get(&lang).is_some_and(|b| b.has_message(key))
    }

    /// A message without arguments.
    pub fn get(&self, lang: Lang, key: &str) -> String {
        self.get_with(lang, key, &[])
    }

    /// A message with arguments; falls back to Vietnamese, then to the key itself.
    pub fn get_with(&self, lang: Lang, key: &str, args: &[(&str, &serde_json::Value)]) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            let v: FluentValue = match value {
                serde_json::Value::Number(n) => n
                    .as_f64()
                    .map(FluentValue::from)
                    .unwrap_or(FluentValue::None),
                serde_json::Value::String(s) => FluentValue::from(s.clone()),
                other => FluentValue::from(other.to_string()),
            };
            fargs.set(name.to_string(), v);
        }
        for l in [lang, Lang::Vi] {
            let Some(bundle) = self.bundles.get(&l) else {
                continue;
            };
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
                return text.into_owned();
            }
        }
        tracing::warn!(key, lang = lang.code(), "missing UI message");
        key.to_string()
    }

    /// The message ids defined for a language (for completeness checks).
    pub fn ids(&self, lang: Lang) -> Vec<String> {
        let mut ids: Vec<String> = Locales::iter()
            .filter(|p| p.starts_with(&format!("{}/", lang.code())))
            .filter_map(|p| Locales::get(&p))
            .flat_map(|f| {
                String::from_utf8_lossy(&f.data)
                    .lines()
                    .filter_map(|l| {
                        let (id, _) = l.split_once('=')?;
                        let id = id.trim();
                        let ok = !l.starts_with([' ', '#', '.', '-'])
                            && !id.is_empty()
                            && id
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                        ok.then(|| id.to_string())
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        ids.sort();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_define_the_same_messages() {
        let m = Messages::load().unwrap();
        let (vi, en) = (m.ids(Lang::Vi), m.ids(Lang::En));
        assert!(!vi.is_empty());
        let missing_en: Vec<_> = vi.iter().filter(|k| !en.contains(k)).collect();
        let missing_vi: Vec<_> = en.iter().filter(|k| !vi.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_vi.is_empty(), "missing in vi: {missing_vi:?}");
    }

    #[test]
    fn arguments_are_substituted() {
        let m = Messages::load().unwrap();
        let page = serde_json::json!(3);
        let text = m.get_with(Lang::En, "pagination-page", &[("page", &page)]);
        assert!(text.contains('3'), "{text}");
    }
}
