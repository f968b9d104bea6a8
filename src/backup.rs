//! `cong backup DIR` / `cong restore DIR` for the embedded default: a consistent online
//! copy of the SQLite database (`VACUUM INTO`, safe while the portal serves) plus every
//! file of the data directory, with a manifest of SHA-256 hashes checked on restore.

use std::io::Read;
use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::{self, Backend, DbConn};

const MANIFEST: &str = "manifest.json";
const DATABASE_FILE: &str = "database.sqlite3";
const FILES_DIR: &str = "files";
const FORMAT: u32 = 1;

/// What a backup or restore could not do.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Db(String),
    #[error("the backup is damaged: {0}")]
    Damaged(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The list of what a backup holds.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: String,
    pub database_sha256: String,
    pub files: Vec<FileEntry>,
}

/// One file of the data directory.
#[derive(Debug, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

fn sha256_file(path: &Path) -> Result<(String, u64), BackupError> {
    let mut f = std::fs::File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// The data directory's files that are not the live database itself, relative paths.
fn data_files(data_dir: &Path, database: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let db_name = database
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let is_database = |rel: &Path| {
        let name = rel.to_string_lossy();
        db_name.as_deref().is_some_and(|db| {
            name == db || name == format!("{db}-wal") || name == format!("{db}-shm")
        })
    };
    let mut out = Vec::new();
    let mut stack = vec![data_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if !dir.exists() {
            continue;
        }
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(data_dir) else {
                continue;
            };
            if path.is_dir() {
                stack.push(path);
            } else if !is_database(rel) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The SQLite database a backup reads, refused when it does not exist: a mistyped data
/// directory must not back up a fresh, empty database and report success.
pub fn existing_database(database_url: &str) -> Result<PathBuf, BackupError> {
    if Backend::from_url(database_url) == Backend::Postgres {
        return Err(BackupError::Refused(
            "this installation uses PostgreSQL: back the database up with pg_dump; \
             `cong backup` covers the embedded SQLite default"
                .into(),
        ));
    }
    let database = PathBuf::from(db::sqlite_path(database_url));
    if !database.is_file() {
        return Err(BackupError::Refused(format!(
            "there is no database at {}: check CONG_DATA_DIR (or data_dir, database_url)",
            database.display()
        )));
    }
    Ok(database)
}

/// Writes a backup of the database and the data directory into `target` (new or empty).
pub fn backup(
    conn: &mut DbConn,
    database_url: &str,
    data_dir: &Path,
    target: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Manifest, BackupError> {
    if Backend::from_url(database_url) == Backend::Postgres {
        return Err(BackupError::Refused(
            "this installation uses PostgreSQL: back the database up with pg_dump; \
             `cong backup` covers the embedded SQLite default"
                .into(),
        ));
    }
    if target.exists()
        && std::fs::read_dir(target)
            .map_err(io(target))?
            .next()
            .is_some()
    {
        return Err(BackupError::Refused(format!(
            "{} is not empty: choose a new folder for the backup",
            target.display()
        )));
    }
    std::fs::create_dir_all(target.join(FILES_DIR)).map_err(io(target))?;
    let db_copy = target.join(DATABASE_FILE);
    let DbConn::Sqlite(sqlite) = conn else {
        return Err(BackupError::Refused("not an SQLite connection".into()));
    };
    let quoted = db_copy.to_string_lossy().replace('\'', "''");
    sqlite
        .batch_execute(&format!("VACUUM INTO '{quoted}'"))
        .map_err(|e| BackupError::Db(e.to_string()))?;
    let (database_sha256, _) = sha256_file(&db_copy)?;
    let database = PathBuf::from(db::sqlite_path(database_url));
    let mut files = Vec::new();
    for rel in data_files(data_dir, &database)? {
        let from = data_dir.join(&rel);
        let to = target.join(FILES_DIR).join(&rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::copy(&from, &to).map_err(io(&from))?;
        let (sha256, size) = sha256_file(&to)?;
        files.push(FileEntry {
            path: rel.to_string_lossy().replace('\\', "/"),
            size,
            sha256,
        });
    }
    let manifest = Manifest {
        format: FORMAT,
        created_at: now.to_rfc3339(),
        database_sha256,
        files,
    };
    let text =
        serde_json::to_string_pretty(&manifest).map_err(|e| BackupError::Db(e.to_string()))?;
    std::fs::write(target.join(MANIFEST), text).map_err(io(target))?;
    Ok(manifest)
}

/// The file every server of a data directory holds a shared lock on while it serves:
/// restoring under a live server would pull the database (and its WAL) from under it.
const SERVING_LOCK: &str = "serving.lock";

/// Held by `cong serve` for as long as it serves (dropping it releases the lock).
pub struct ServingLock(#[allow(dead_code)] std::fs::File);

/// Takes the shared lock that marks the data directory as in use by a server.
pub fn serving(data_dir: &Path) -> Result<ServingLock, BackupError> {
    std::fs::create_dir_all(data_dir).map_err(io(data_dir))?;
    let path = data_dir.join(SERVING_LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io(&path))?;
    file.lock_shared().map_err(io(&path))?;
    Ok(ServingLock(file))
}

/// Whether a server is using the data directory right now.
fn in_use(data_dir: &Path) -> Result<bool, BackupError> {
    let path = data_dir.join(SERVING_LOCK);
    let file = match std::fs::OpenOptions::new().write(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(BackupError::Io { path, source: e }),
    };
    match file.try_lock() {
        Ok(()) => Ok(false),
        Err(std::fs::TryLockError::WouldBlock) => Ok(true),
        Err(std::fs::TryLockError::Error(source)) => Err(BackupError::Io { path, source }),
    }
}

/// Checks a backup against its manifest, then puts the database and files back into
/// place. Refused while a server uses the data directory, unless `force` (the operator
/// knows better: a server of another machine, a stale lock on a network disk); nothing is
/// touched if the backup is damaged.
pub fn restore(
    source: &Path,
    database_url: &str,
    data_dir: &Path,
    force: bool,
) -> Result<Manifest, BackupError> {
    if Backend::from_url(database_url) == Backend::Postgres {
        return Err(BackupError::Refused(
            "this installation uses PostgreSQL: restore the database with pg_restore".into(),
        ));
    }
    if !force && in_use(data_dir)? {
        return Err(BackupError::Refused(format!(
            "a server is using {} right now: stop the portal first (or pass --force if no server \
             uses it and the lock is stale)",
            data_dir.display()
        )));
    }
    let manifest_path = source.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest_path).map_err(io(&manifest_path))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| BackupError::Damaged(format!("{MANIFEST}: {e}")))?;
    if manifest.format != FORMAT {
        return Err(BackupError::Damaged(format!(
            "unknown format {}",
            manifest.format
        )));
    }
    let db_copy = source.join(DATABASE_FILE);
    if sha256_file(&db_copy)?.0 != manifest.database_sha256 {
        return Err(BackupError::Damaged(format!(
            "{DATABASE_FILE} does not match its hash"
        )));
    }
    for f in &manifest.files {
        let rel = Path::new(&f.path);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(BackupError::Damaged(format!("unsafe path {}", f.path)));
        }
        if sha256_file(&source.join(FILES_DIR).join(rel))?.0 != f.sha256 {
            return Err(BackupError::Damaged(format!(
                "{} does not match its hash",
                f.path
            )));
        }
    }
    let database = PathBuf::from(db::sqlite_path(database_url));
    if let Some(parent) = database.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    for suffix in ["-wal", "-shm"] {
        let stale = PathBuf::from(format!("{}{suffix}", database.display()));
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(io(&stale))?;
        }
    }
    // Copy beside the target first so a crash never leaves half a database in place.
    let staging = PathBuf::from(format!("{}.restoring", database.display()));
    std::fs::copy(&db_copy, &staging).map_err(io(&staging))?;
    std::fs::rename(&staging, &database).map_err(io(&database))?;
    for f in &manifest.files {
        let to = data_dir.join(&f.path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let from = source.join(FILES_DIR).join(&f.path);
        std::fs::copy(&from, &to).map_err(io(&from))?;
    }
    Ok(manifest)
}
