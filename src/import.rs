//! What every bulk import shares (`cong legal import`, `cong services import`): the outcome
//! of a line, the progress bar, reasons said in words, and files read beside an import file
//! stored through the media library.

use std::io::Write;

use chrono::NaiveDateTime;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::account::audit::Entry;
use crate::db::DbConn;
use crate::lang::Lang;
use crate::media::files::FileStore;
use crate::media::library::{self as media_library, MediaFile, Upload};
use crate::media::{Limits, MediaError};
use crate::render::i18n::Messages;
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

/// A progress bar on one line of a terminal, redrawn about a hundred times in all.
pub fn draw_progress(out: &mut dyn Write, done: usize, total: usize) {
    const WIDTH: usize = 30;
    // About a hundred redraws whatever the size of the file.
    if done != total && !done.is_multiple_of((total / 100).max(1)) {
        return;
    }
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let _ = write!(
        out,
        "\r[{}{}] {done}/{total}",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled)
    );
    if done == total {
        let _ = writeln!(out);
    }
    let _ = out.flush();
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
        alt_text: String::new(),
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
    /// Opens the app for an import; defines the demo province's sites when none exists.
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
        if site.is_none() {
            let defined = crate::content::loader::ensure_sites(
                &mut *state.db.conn()?,
                clock.now().naive_utc(),
            )?;
            if defined > 0 {
                eprintln!("no site was defined: the demo province's {defined} sites were created");
                state.reload_sites()?;
            }
        }
        let directory = state.sites.current();
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
                Some(
                    crate::account::store::actor(&mut conn, id)?
                        .ok_or_else(|| anyhow::anyhow!("the account {name:?} is disabled"))?,
                )
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

/// Prints an import's JSON summary with how long it took; an error (exit status 1) when a
/// line was rejected.
pub fn print_summary(
    mut summary: serde_json::Value,
    seconds: f64,
    rejected: usize,
) -> anyhow::Result<()> {
    summary["seconds"] = serde_json::json!((seconds * 100.0).round() / 100.0);
    println!("{}", serde_json::to_string_pretty(&summary)?);
    if rejected > 0 {
        anyhow::bail!("{rejected} line(s) rejected; the others were imported");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_bar_fills_and_ends_its_line() {
        let mut out = Vec::new();
        draw_progress(&mut out, 5, 10);
        draw_progress(&mut out, 10, 10);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("[###############...............] 5/10"));
        assert!(text.ends_with("[##############################] 10/10\n"));
    }
}
