//! Loading content folders: `sites.toml` plus Markdown files with TOML front matter
//! (`+++`). Every file is checked before anything is written, so a bad file damages nothing.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;

use super::store::{self, ContentForm, Saved};
use super::{ContentKind, ContentState, ContentText};
use crate::account::audit::{self, Entry, Via};
use crate::account::Actor;
use crate::db::{DbConn, DbError};
use crate::lang::Lang;
use crate::review::store::{self as review_store, ReviewError, RevisionForm};
use crate::site::store::{self as site_store, SiteDefinitionError, SitesFile};
use crate::site::SiteId;

/// The demo content shipped in the binary (the repository's `content/` folder).
#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/content/"]
#[include = "*.md"]
#[include = "*.toml"]
#[exclude = "README.md"]
// The legal registry's demo documents are loaded by `legal::demo`.
#[exclude = "legal/*"]
// The catalogue's demo procedures are loaded by `services::demo`.
#[exclude = "services/*"]
// The directory's demo units, officials and schedules are loaded by `directory::demo`.
#[exclude = "directory/*"]
// The demo's cover images are loaded by `content::covers`.
#[exclude = "covers/*"]
// The store-backed kinds' demo records are loaded by `record::import::Demo`.
#[exclude = "public-data/*"]
struct DemoContent;

/// A set of files to load: their paths (for messages) and text.
#[derive(Debug, Default)]
pub struct Bundle {
    pub sites_toml: Option<(String, String)>,
    pub documents: Vec<(String, String)>,
}

impl Bundle {
    /// The demo content built into the binary.
    pub fn demo() -> Bundle {
        let mut bundle = Bundle::default();
        for path in DemoContent::iter() {
            let Some(file) = DemoContent::get(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&file.data).into_owned();
            bundle.add(path.to_string(), text);
        }
        bundle.documents.sort();
        bundle
    }

    /// Every `sites.toml` and `*.md` (except README.md) under `dir`.
    pub fn read_dir(dir: &Path) -> Result<Bundle, LoadError> {
        let mut bundle = Bundle::default();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d).map_err(|e| LoadError::Read {
                path: d.display().to_string(),
                message: e.to_string(),
            })?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let wanted =
                    rel == "sites.toml" || (rel.ends_with(".md") && !rel.ends_with("README.md"));
                if wanted {
                    let text = std::fs::read_to_string(&path).map_err(|e| LoadError::Read {
                        path: rel.clone(),
                        message: e.to_string(),
                    })?;
                    bundle.add(rel, text);
                }
            }
        }
        bundle.documents.sort();
        Ok(bundle)
    }

    fn add(&mut self, path: String, text: String) {
        if path == "sites.toml" {
            self.sites_toml = Some((path, text));
        } else if path.ends_with(".md") {
            self.documents.push((path, text));
        }
    }
}

/// Why a content folder could not be loaded; names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error(transparent)]
    Sites(#[from] SiteDefinitionError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for LoadError {
    fn from(e: diesel::result::Error) -> Self {
        LoadError::Db(DbError::Query(e))
    }
}

/// What a load did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LoadReport {
    pub sites: usize,
    /// Items created and published (or, with drafts, created as drafts for review).
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// New draft revisions made for review (imports with `--draft`).
    pub drafts: usize,
}

/// Who imports, and whether the import publishes or only proposes drafts for review.
pub struct Importer {
    /// Recorded in the audit log for every item the import creates or changes.
    pub entry: Entry,
    /// The account the import runs as (needed for drafts, which enter the workflow).
    pub actor: Option<Actor>,
    /// Create drafts for the board to review instead of publishing.
    pub draft: bool,
}

impl Importer {
    /// An import by the installation itself (the demo content).
    pub fn system(name: &str) -> Importer {
        Importer {
            entry: Entry::named(None, name, Via::Import),
            actor: None,
            draft: false,
        }
    }

    /// An import run as a named account.
    pub fn as_account(actor: Actor, draft: bool) -> Importer {
        Importer {
            entry: Entry::by(&actor, Via::Import),
            actor: Some(actor),
            draft,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    site: String,
    lang: String,
    kind: String,
    translation_key: String,
    title: String,
    #[serde(default)]
    summary: String,
    date: toml::value::Datetime,
    updated: Option<toml::value::Datetime>,
    author: String,
    source: String,
    slug: Option<String>,
    category: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    state: Option<String>,
    state_note: Option<String>,
}

/// Splits `+++\n<toml>\n+++\n<markdown>`.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("+++")?.trim_start_matches([' ', '\t']);
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// A TOML date or date-time as UTC; a time without offset is Vietnam's time.
fn to_utc(dt: &toml::value::Datetime) -> Option<NaiveDateTime> {
    let s = dt.to_string();
    if let Ok(t) = DateTime::parse_from_rfc3339(&s) {
        return Some(t.with_timezone(&Utc).naive_utc());
    }
    let vn = crate::clock::vietnam();
    let local = NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    Some(
        local
            .and_local_timezone(vn)
            .single()?
            .with_timezone(&Utc)
            .naive_utc(),
    )
}

struct Parsed {
    site_slug: String,
    form: ContentForm,
}

fn parse_document(path: &str, text: &str) -> Result<Parsed, LoadError> {
    let invalid = |message: String| LoadError::Invalid {
        path: path.to_string(),
        message,
    };
    let (head, body) = split_front_matter(text)
        .ok_or_else(|| invalid("expected TOML front matter between +++ lines".into()))?;
    let fm: FrontMatter =
        toml::from_str(head).map_err(|e| invalid(format!("front matter: {}", e.message())))?;
    let lang = Lang::from_code(&fm.lang)
        .ok_or_else(|| invalid(format!("lang {:?}: expected vi or en", fm.lang)))?;
    let kind = ContentKind::parse(&fm.kind)
        .ok_or_else(|| invalid(format!("kind {:?}: expected page or news", fm.kind)))?;
    let state = match fm.state.as_deref() {
        None => ContentState::Published,
        Some(s) => ContentState::parse(s).ok_or_else(|| {
            invalid(format!(
                "state {s:?}: expected draft, published or unpublished"
            ))
        })?,
    };
    let key_ok = !fm.translation_key.is_empty()
        && fm
            .translation_key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !key_ok {
        return Err(invalid(
            "translation_key must be lower-case ASCII letters, digits and hyphens".into(),
        ));
    }
    for (name, value) in [
        ("title", &fm.title),
        ("author", &fm.author),
        ("source", &fm.source),
    ] {
        if value.trim().is_empty() {
            return Err(invalid(format!("{name} must not be empty")));
        }
    }
    let published_at =
        to_utc(&fm.date).ok_or_else(|| invalid(format!("date {}: not a date", fm.date)))?;
    let revised_at = match &fm.updated {
        Some(u) => to_utc(u).ok_or_else(|| invalid(format!("updated {u}: not a date")))?,
        None => published_at,
    };
    Ok(Parsed {
        site_slug: fm.site,
        form: ContentForm {
            site_id: SiteId(0),
            kind,
            lang,
            translation_key: fm.translation_key,
            text: ContentText {
                slug: fm.slug.unwrap_or_default(),
                title: fm.title,
                summary: fm.summary,
                body_markdown: body.trim_start_matches(['\r', '\n']).to_string(),
                author: fm.author,
                source: fm.source,
                category: fm.category,
            },
            tags: fm.tags,
            state,
            state_note: fm.state_note,
            published_at,
            revised_at,
            cover: None,
        },
    })
}

/// On an installation without any site, defines the demo province's sites (not their
/// content): for benchmarks and fixtures that import into a fresh data directory. (An
/// operator's import refuses an installation without sites instead of making these up.)
/// Returns how many sites were defined.
pub fn ensure_sites(conn: &mut DbConn, now: NaiveDateTime) -> Result<usize, LoadError> {
    if !site_store::load_directory(conn)?.sites.is_empty() {
        return Ok(0);
    }
    let bundle = Bundle::demo();
    let Some((path, text)) = &bundle.sites_toml else {
        return Ok(0);
    };
    let file: SitesFile = toml::from_str(text).map_err(|e| LoadError::Invalid {
        path: path.clone(),
        message: e.message().to_string(),
    })?;
    Ok(site_store::save_definitions(conn, &file.site, now)?)
}

/// Loads a bundle: sites first, then every document; all or nothing. Every item created
/// or changed is recorded in the audit log as done by the importer through an import.
pub fn load(
    conn: &mut DbConn,
    bundle: &Bundle,
    importer: &Importer,
    now: NaiveDateTime,
) -> Result<LoadReport, LoadError> {
    let sites = match &bundle.sites_toml {
        Some((path, text)) => {
            let file: SitesFile = toml::from_str(text).map_err(|e| LoadError::Invalid {
                path: path.clone(),
                message: e.message().to_string(),
            })?;
            file.site
        }
        None => Vec::new(),
    };
    let parsed = bundle
        .documents
        .iter()
        .map(|(path, text)| parse_document(path, text).map(|p| (path, p)))
        .collect::<Result<Vec<_>, _>>()?;
    let drafting = match (importer.draft, &importer.actor) {
        (false, _) => None,
        (true, Some(actor)) => Some(actor),
        (true, None) => {
            return Err(LoadError::Invalid {
                path: String::new(),
                message: "drafts are proposed by an account: give --as USER".into(),
            })
        }
    };
    conn.write(|conn| {
        let mut report = LoadReport {
            sites: site_store::save_definitions(conn, &sites, now)?,
            ..LoadReport::default()
        };
        let directory = site_store::load_directory(conn)?;
        for (path, mut p) in parsed {
            let site = directory
                .by_slug(&p.site_slug)
                .ok_or_else(|| LoadError::Invalid {
                    path: path.clone(),
                    message: format!("site {:?} is not defined", p.site_slug),
                })?;
            p.form.site_id = site.id;
            match drafting {
                Some(actor) => propose(conn, &p.form, actor, path, &mut report, now)?,
                None => {
                    // The Markdown files carry no cover: one chosen in the admin stays.
                    p.form.cover = store::find_by_key(
                        conn,
                        site.id,
                        p.form.lang,
                        p.form.translation_key.trim(),
                    )?
                    .and_then(|item| item.cover);
                    let saved = store::save(conn, &p.form, now)?;
                    let action = match saved {
                        Saved::Created(_) => {
                            report.created += 1;
                            crate::account::audit::AuditAction::ContentImportCreate
                        }
                        Saved::Updated(_) => {
                            report.updated += 1;
                            crate::account::audit::AuditAction::ContentImportUpdate
                        }
                        Saved::Unchanged(_) => {
                            report.unchanged += 1;
                            continue;
                        }
                    };
                    let entry = importer.entry.about(
                        "content",
                        saved.id().0 as i64,
                        Some(site.id),
                        action,
                        &p.form.text.title,
                    );
                    audit::record(conn, &entry, now)?;
                }
            }
        }
        Ok(report)
    })
}

/// With `--draft`: a new item becomes a draft item, a changed one a new draft revision;
/// the board reviews them like any other.
fn propose(
    conn: &mut DbConn,
    form: &ContentForm,
    actor: &Actor,
    path: &str,
    report: &mut LoadReport,
    now: NaiveDateTime,
) -> Result<(), LoadError> {
    let refused = |e: ReviewError| match e {
        ReviewError::Db(e) => LoadError::Db(e),
        other => LoadError::Invalid {
            path: path.to_string(),
            message: other.to_string(),
        },
    };
    let revision = RevisionForm {
        tags: form.tags.join(", "),
        ..RevisionForm::of_text(form.text.clone())
    };
    match store::find_by_key(conn, form.site_id, form.lang, &form.translation_key)? {
        Some(item)
            if item.text.body_markdown == crate::text::nfc(&form.text.body_markdown)
                && item.text.title == crate::text::nfc(form.text.title.trim()) =>
        {
            report.unchanged += 1;
        }
        Some(item) => {
            // The Markdown files carry no cover: one chosen in the admin stays.
            let revision = RevisionForm {
                cover: RevisionForm::cover_value(item.cover.map(|m| m.0)),
                ..revision
            };
            review_store::save_draft(conn, item.id, &revision, actor, now).map_err(refused)?;
            report.drafts += 1;
        }
        None => {
            let new = review_store::NewItem {
                site: form.site_id,
                kind: form.kind,
                lang: form.lang,
                translation_key: &form.translation_key,
            };
            review_store::create_item(conn, new, &revision, actor, now).map_err(refused)?;
            report.created += 1;
            report.drafts += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (head, body) = split_front_matter("+++\ntitle = \"x\"\n+++\n# Hi\n").unwrap();
        assert_eq!(head, "title = \"x\"\n");
        assert_eq!(body, "# Hi\n");
        assert!(split_front_matter("# no front matter").is_none());
        assert!(split_front_matter("+++\nunterminated").is_none());
    }

    #[test]
    fn times_without_offset_are_vietnam_time() {
        let dt: toml::value::Datetime = "2026-11-10T08:30:00".parse().unwrap();
        assert_eq!(to_utc(&dt).unwrap().to_string(), "2026-11-10 01:30:00");
        let d: toml::value::Datetime = "2026-11-10".parse().unwrap();
        assert_eq!(to_utc(&d).unwrap().to_string(), "2026-11-09 17:00:00");
        let z: toml::value::Datetime = "2026-11-10T08:30:00+07:00".parse().unwrap();
        assert_eq!(to_utc(&z).unwrap().to_string(), "2026-11-10 01:30:00");
    }

    #[test]
    fn a_document_missing_its_source_is_refused_with_the_field_named() {
        let text = "+++\nsite = \"a\"\nlang = \"vi\"\nkind = \"news\"\ntranslation_key = \"k\"\n\
                    title = \"T\"\ndate = 2026-01-01\nauthor = \"A\"\nsource = \" \"\n+++\nbody";
        let err = parse_document("x.md", text).err().unwrap().to_string();
        assert!(err.contains("x.md") && err.contains("source"), "{err}");
    }
}
