//! What every bulk import shares (`cong legal import`, `cong services import`): the outcome
//! of a line, the progress bar, reasons said in words, and files read beside an import file
//! stored through the media library.

use chrono::NaiveDateTime;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::account::audit::Entry;
use crate::content::store::ContentForm;
use crate::content::{ContentId, ContentState};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::media::files::FileStore;
use crate::media::library::{self as media_library, MediaFile, Upload};
use crate::media::{Limits, MediaError};
use crate::render::i18n::Messages;
use crate::review::store::{NewItem, ReviewError, RevisionForm};
use crate::site::SiteId;

/// What happened to one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    Rejected,
}

/// A progress bar on standard error, drawn only on a terminal: indicatif hides it when
/// the output is redirected, so a log file gets no carriage-return frames (the command
/// prints a summary line at the end instead).
pub fn progress_bar(what: &str) -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    let style = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("#>.");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// Tells a progress bar that `done` of `total` are done.
pub fn advance(bar: &indicatif::ProgressBar, done: usize, total: usize) {
    bar.set_length(total as u64);
    bar.set_position(done as u64);
}

/// A line's reason as the report prints it: `number_symbol: legal-duplicate` becomes
/// `number_symbol: <the message in lang>`; text that names no message stays as it is.
pub fn explain(messages: &Messages, lang: Lang, reason: &str) -> String {
    reason
        .split(", ")
        .map(|part| match part.split_once(": ") {
            Some((field, id)) if !id.contains(' ') && messages.has(lang, id) => {
                format!("{field}: {}", messages.get(lang, id))
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The media library an import stores files in, and who is recorded as storing them.
pub struct Library<'a> {
    pub files: &'a dyn FileStore,
    pub entry: &'a Entry,
    pub limits: &'a Limits,
}

/// Stores bytes an import read (a form, a document's file) in a site's library under
/// `name`; the same bytes already in the library are that file.
pub fn store_bytes(
    conn: &mut DbConn,
    library: &Library,
    bytes: &[u8],
    name: &str,
    site: SiteId,
    now: NaiveDateTime,
) -> Result<MediaFile, ImportFileError> {
    store_with_alt(conn, library, bytes, name, "", site, now)
}

/// The same, with the alternative text an image needs.
pub fn store_with_alt(
    conn: &mut DbConn,
    library: &Library,
    bytes: &[u8],
    name: &str,
    alt: &str,
    site: SiteId,
    now: NaiveDateTime,
) -> Result<MediaFile, ImportFileError> {
    // The library takes uploads from a temporary file, which it consumes.
    let temp = std::env::temp_dir().join(format!(
        "cong-import-{}-{:016x}.tmp",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::write(&temp, bytes)?;
    let upload = Upload {
        temp: &temp,
        sha256: hex::encode(Sha256::digest(bytes)),
        size: bytes.len() as u64,
        original_name: name.to_string(),
        site,
        alt_text: alt.to_string(),
    };
    Ok(media_library::ingest(
        conn,
        library.files,
        upload,
        library.entry,
        library.limits,
        now,
    )?)
}

/// Why a file named by an import could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Media(#[from] MediaError),
}

/// How and where an import stores what it reads.
pub struct ImportOptions<'a> {
    /// The site items go on when a line names none (the province portal by default).
    pub site: SiteId,
    /// Set by `--site`: every line goes there, whatever it says.
    pub force_site: bool,
    pub directory: &'a crate::site::hosts::Directory,
    /// Recorded in the audit log for every item created or changed.
    pub entry: Entry,
    /// The account drafts are proposed by (needed with `draft`).
    pub actor: Option<crate::account::Actor>,
    pub draft: bool,
    pub files: &'a dyn FileStore,
    pub limits: &'a Limits,
    /// Reads a file a line names (relative to the import file, or from the built-in demo).
    pub read_file: &'a dyn Fn(&str) -> std::io::Result<Vec<u8>>,
}

impl ImportOptions<'_> {
    /// Where the files lines name are stored.
    pub fn library(&self) -> Library<'_> {
        Library {
            files: self.files,
            entry: &self.entry,
            limits: self.limits,
        }
    }
}

/// Why a whole import could not start.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Csv(String),
}

/// The text of an import file (without the byte-order mark some editors write first), and
/// whether it is CSV (`.csv`) rather than JSON Lines.
pub fn read_text(path: &std::path::Path) -> Result<(String, bool), ImportError> {
    let mut text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.display().to_string(),
        source,
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    Ok((text, is_csv))
}

/// Reads the files an import file names from the folder it is in.
pub fn beside(file: &std::path::Path) -> impl Fn(&str) -> std::io::Result<Vec<u8>> {
    let base = file
        .parent()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    move |path: &str| std::fs::read(base.join(path))
}

/// Why a line was rejected (its transaction is rolled back): `field: message-id, …` for a
/// refused record, else the fault in words.
pub struct LineFailure(pub String);

impl From<diesel::result::Error> for LineFailure {
    fn from(e: diesel::result::Error) -> Self {
        LineFailure(format!("database: {e}"))
    }
}

impl From<ReviewError> for LineFailure {
    fn from(e: ReviewError) -> Self {
        LineFailure(match e {
            ReviewError::Invalid(errors) => errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message_id))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        })
    }
}

/// The content item an import created for a record.
pub enum Created {
    /// Proposed by the import's account: the workflow keeps the record in the revision.
    Draft(ContentId),
    /// Public at once: the caller writes the record into its kind's tables.
    Published(ContentId),
}

/// Whether an account may import onto a site: a member of its board, or a system
/// administrator (who may import anywhere).
pub fn may_import(actor: &crate::account::Actor, site: SiteId) -> bool {
    actor.system_admin || actor.role_on(site).is_some()
}

/// Creates the content item of an imported record: a draft proposed by the import's account
/// with `--draft`, else an item published at `published_at`. A line for a site the import's
/// account has no role on is refused.
pub fn create_item(
    conn: &mut DbConn,
    options: &ImportOptions,
    new: NewItem,
    text: &RevisionForm,
    published_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Created, ReviewError> {
    if let Some(actor) = &options.actor {
        if !may_import(actor, new.site) {
            return Err(ReviewError::Refused(crate::review::Refusal::NotPermitted));
        }
    }
    if options.draft {
        let actor = options
            .actor
            .as_ref()
            .ok_or(ReviewError::Refused(crate::review::Refusal::NotPermitted))?;
        let (id, _) = crate::review::store::create_item(conn, new, text, actor, now)?;
        return Ok(Created::Draft(id));
    }
    let form = ContentForm {
        site_id: new.site,
        kind: new.kind,
        lang: new.lang,
        translation_key: new.translation_key.to_string(),
        slug: text.slug.clone(),
        title: text.title.clone(),
        summary: text.summary.clone(),
        body_markdown: String::new(),
        author: text.author.clone(),
        source: text.source.clone(),
        category: None,
        tags: Vec::new(),
        state: ContentState::Published,
        state_note: None,
        published_at,
        revised_at: published_at,
        cover: None,
    };
    Ok(Created::Published(
        crate::content::store::save(conn, &form, now)?.id(),
    ))
}

/// Says every rejected line's reason in words (English: the command line's language).
pub fn explain_all<'a>(reasons: impl Iterator<Item = &'a mut String>) -> anyhow::Result<()> {
    let messages = Messages::load()?;
    for reason in reasons {
        *reason = explain(&messages, Lang::En, reason);
    }
    Ok(())
}

/// Where and as whom a command-line import runs: the opened app, the site lines go to
/// (`--site`, else the province portal), and the account (`--as`) recorded in the audit log.
pub struct Run {
    pub state: crate::app::AppState,
    pub directory: std::sync::Arc<crate::site::hosts::Directory>,
    pub target: std::sync::Arc<crate::site::Site>,
    pub actor: Option<crate::account::Actor>,
    pub entry: Entry,
}

impl Run {
    /// Opens the app for an import; refused on an installation without sites, and for an
    /// account without a role on the target site.
    pub fn open(
        config: crate::config::Config,
        clock: crate::clock::SharedClock,
        site: Option<&str>,
        as_user: Option<String>,
        draft: bool,
    ) -> anyhow::Result<Run> {
        use crate::account::audit::Via;
        if draft && as_user.is_none() {
            anyhow::bail!("--draft needs --as USER: drafts are proposed by an account");
        }
        let state = crate::app::AppState::open(config, clock.clone())?;
        let directory = state.sites.current();
        if directory.sites.is_empty() {
            // The demo province is never made up behind an operator's back.
            anyhow::bail!(
                "no site is defined yet: define the province's sites first with \
                 `cong content load DIR` (a folder with a sites.toml, like the repository's \
                 content/), then import with --site SLUG or onto the province portal"
            );
        }
        let target = match site {
            Some(slug) => directory
                .by_slug(slug)
                .ok_or_else(|| anyhow::anyhow!("no site with slug {slug:?}"))?,
            None => directory
                .province()
                .ok_or_else(|| anyhow::anyhow!("no province portal is defined: give --site"))?,
        }
        .clone();
        let mut conn = state.db.conn()?;
        let actor = match &as_user {
            Some(name) => {
                let id = crate::account::store::find_id(&mut conn, name)?
                    .ok_or_else(|| anyhow::anyhow!("no user {name:?}"))?;
                let actor = crate::account::store::actor(&mut conn, id)?
                    .ok_or_else(|| anyhow::anyhow!("the account {name:?} is disabled"))?;
                if !may_import(&actor, target.id) {
                    anyhow::bail!(
                        "the account {name:?} has no role on the site {:?}: an import runs as a \
                         member of the site's board (or a system administrator)",
                        target.slug
                    );
                }
                Some(actor)
            }
            None => None,
        };
        drop(conn);
        let entry = match &actor {
            Some(a) => Entry::by(a, Via::Import),
            None => Entry::named(None, "import", Via::Import),
        };
        Ok(Run {
            state,
            directory,
            target,
            actor,
            entry,
        })
    }
}

/// What an import of a file from the command line is told.
#[derive(Debug, clap::Args)]
pub struct ImportRequest {
    /// The file to import.
    pub file: std::path::PathBuf,
    /// Put every item on this site (its slug).
    #[arg(long)]
    pub site: Option<String>,
    /// Run the import as this account (recorded in the audit log as its import).
    #[arg(long = "as", value_name = "USER")]
    pub as_user: Option<String>,
    /// Create drafts for the editorial board to review instead of publishing (needs --as).
    #[arg(long)]
    pub draft: bool,
}

impl Run {
    /// Runs `import` over a file's lines as the command line asked, with a progress bar on
    /// standard error; returns its report and how long it took in seconds.
    pub fn import<L, R>(
        config: crate::config::Config,
        clock: crate::clock::SharedClock,
        request: ImportRequest,
        lines: L,
        import: impl FnOnce(
            &mut DbConn,
            L,
            &ImportOptions,
            NaiveDateTime,
            &mut dyn FnMut(usize, usize),
        ) -> R,
    ) -> anyhow::Result<(R, f64)> {
        let run = Run::open(
            config,
            clock.clone(),
            request.site.as_deref(),
            request.as_user,
            request.draft,
        )?;
        let mut conn = run.state.db.conn()?;
        let read_file = beside(&request.file);
        let options = ImportOptions {
            site: run.target.id,
            force_site: request.site.is_some(),
            directory: &run.directory,
            entry: run.entry.clone(),
            actor: run.actor.clone(),
            draft: request.draft,
            files: run.state.files.as_ref(),
            limits: &run.state.config.media,
            read_file: &read_file,
        };
        let started = std::time::Instant::now();
        let bar = progress_bar("import");
        let report = import(
            &mut conn,
            lines,
            &options,
            clock.now().naive_utc(),
            &mut |done, total| advance(&bar, done, total),
        );
        bar.finish_and_clear();
        Ok((report, started.elapsed().as_secs_f64()))
    }
}

/// Prints an import's JSON summary with how long it took, and one line of it on standard
/// error (for logs, where no progress bar is drawn); an error (exit status 1) when a line
/// was rejected, which says whether anything was imported at all.
pub fn print_summary(
    mut summary: serde_json::Value,
    seconds: f64,
    total: usize,
    rejected: usize,
) -> anyhow::Result<()> {
    summary["seconds"] = serde_json::json!((seconds * 100.0).round() / 100.0);
    println!("{}", serde_json::to_string_pretty(&summary)?);
    eprintln!(
        "{total} line(s) read in {seconds:.2} s: {} imported, {rejected} rejected",
        total - rejected.min(total)
    );
    match rejected {
        0 => Ok(()),
        r if r >= total => anyhow::bail!("every line ({r}) was rejected: nothing was imported"),
        r => anyhow::bail!("{r} of {total} line(s) rejected; the others were imported"),
    }
}

/// Refuses a CSV file whose header row lacks a column every line needs, naming the header
/// expected once (rather than "required" on every row). Each entry lists a column and the
/// other names it may go by.
pub fn require_columns(
    headers: &csv::StringRecord,
    required: &[&[&str]],
) -> Result<(), ImportError> {
    let has = |name: &str| headers.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
    let missing: Vec<&str> = required
        .iter()
        .filter(|names| !names.iter().any(|n| has(n)))
        .map(|names| names[0])
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let expected: Vec<String> = required
        .iter()
        .map(|names| match names {
            [one] => one.to_string(),
            [first, others @ ..] => format!("{first} (or {})", others.join(", ")),
            [] => String::new(),
        })
        .collect();
    Err(ImportError::Csv(format!(
        "the CSV header row must name the columns {}; missing: {}; the file's header row: {}",
        expected.join(", "),
        missing.join(", "),
        headers.iter().collect::<Vec<_>>().join(",")
    )))
}

/// An import file's lines by number (from 1; a CSV's header is line 1): each a line of the
/// kind's import, or why it could not be read.
pub type NumberedLines<L> = Vec<(usize, Result<L, String>)>;

/// JSON Lines: one line of the import a line, blank lines skipped.
pub fn jsonl_lines<L: serde::de::DeserializeOwned>(text: &str) -> NumberedLines<L> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            (
                i + 1,
                serde_json::from_str::<L>(l).map_err(|e| format!("not JSON: {e}")),
            )
        })
        .collect()
}

/// CSV with a header row (a byte-order mark allowed, cells trimmed): each row made into a line
/// by `line`, which reads the row's cells by column name (case-insensitive; a missing column
/// reads as empty). A header lacking a `required` column is refused once, naming it.
pub fn csv_lines<L>(
    text: &str,
    required: &[&[&str]],
    line: impl Fn(&dyn Fn(&str) -> String) -> Result<L, String>,
) -> Result<NumberedLines<L>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Csv(format!("no header row: {e}")))?
        .clone();
    require_columns(&headers, required)?;
    let mut lines = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let parsed = row
            .map_err(|e| format!("unreadable CSV row: {e}"))
            .and_then(|row| {
                let get = |name: &str| {
                    headers
                        .iter()
                        .position(|h| h.eq_ignore_ascii_case(name))
                        .and_then(|p| row.get(p))
                        .unwrap_or("")
                        .to_string()
                };
                line(&get)
            });
        lines.push((i + 2, parsed));
    }
    Ok(lines)
}
