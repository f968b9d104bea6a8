//! The theme's files: built into the binary from `themes/default/`, overridable by name
//! from a theme folder on disk (site → theme → built-in, as in Zola).

use std::collections::BTreeMap;
use std::path::Path;

use super::RenderError;

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/themes/default/"]
struct BuiltinTheme;

/// Every file of the theme by its path inside the theme (`templates/base.html`).
pub struct ThemeFiles(BTreeMap<String, Vec<u8>>);

impl ThemeFiles {
    pub fn load(override_dir: Option<&Path>) -> Result<ThemeFiles, RenderError> {
        let mut files = BTreeMap::new();
        for path in BuiltinTheme::iter() {
            if let Some(f) = BuiltinTheme::get(&path) {
                files.insert(path.to_string(), f.data.into_owned());
            }
        }
        if let Some(dir) = override_dir {
            let mut stack = vec![dir.to_path_buf()];
            while let Some(d) = stack.pop() {
                let entries = std::fs::read_dir(&d)
                    .map_err(|e| RenderError::Theme(format!("{}: {e}", d.display())))?;
                for entry in entries.flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if let Ok(rel) = p.strip_prefix(dir) {
                        let data = std::fs::read(&p)
                            .map_err(|e| RenderError::Theme(format!("{}: {e}", p.display())))?;
                        files.insert(rel.to_string_lossy().replace('\\', "/"), data);
                    }
                }
            }
        }
        Ok(ThemeFiles(files))
    }

    /// Templates named by their path under `templates/`.
    pub fn templates(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter_map(|(path, data)| {
                let name = path.strip_prefix("templates/")?;
                Some((name.to_string(), String::from_utf8_lossy(data).into_owned()))
            })
            .collect()
    }

    /// Static files by their path under `static/`.
    pub fn static_files(&self) -> Vec<(String, Vec<u8>)> {
        self.0
            .iter()
            .filter_map(|(path, data)| {
                let name = path.strip_prefix("static/")?;
                Some((name.to_string(), data.clone()))
            })
            .collect()
    }
}
