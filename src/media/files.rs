//! Where file bytes live: a content-addressed store behind a small interface, so a
//! deployment on several machines can put them in an S3-compatible object store later
//! without touching callers. The default keeps them under the data directory.

use std::io::Read;
use std::path::{Path, PathBuf};

/// A temporary file of an upload in progress, deleted when the guard is dropped: on
/// every path, refusals, errors and dropped connections included, unless the file was
/// moved into the store first.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// A fresh name in `dir` (`upload-<random>`); the file is created by the writer.
    pub fn new_in(dir: &Path) -> TempFile {
        TempFile {
            path: dir.join(format!(
                "upload-{}",
                hex::encode(rand::random::<[u8; 12]>())
            )),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        match std::fs::remove_file(&self.path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(path = %self.path.display(), error = %e, "temporary file stays")
            }
        }
    }
}

/// How long a temporary file must be left untouched before the clean-up takes it: an
/// upload in progress writes to its file all the time, one abandoned by a crash never again
/// (another server sharing the data directory may be receiving one right now).
pub const TEMP_ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Deletes the temporary files in `dir` not written to for `older_than` (left by a crash
/// or a killed process); returns how many went. A missing directory is empty.
pub fn clean_temp_dir(dir: &Path, older_than: std::time::Duration) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        let idle = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        if meta.is_file() && idle >= older_than && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// A store of blobs addressed by their SHA-256 (hex).
pub trait FileStore: Send + Sync {
    /// Moves a finished temporary file into the store under its hash (a no-op when the
    /// same bytes are already there: storage is deduplicated).
    fn put(&self, temp: &Path, sha256: &str) -> std::io::Result<()>;
    /// Stores bytes under their hash.
    fn put_bytes(&self, bytes: &[u8], sha256: &str) -> std::io::Result<()>;
    fn exists(&self, sha256: &str) -> bool;
    /// Reads a blob (any store).
    fn open(&self, sha256: &str) -> std::io::Result<Box<dyn Read + Send>>;
    /// A local path to serve the blob from, when the store is on this machine's disk
    /// (range requests and zero-copy sending rely on it).
    fn local_path(&self, sha256: &str) -> Option<PathBuf>;
    fn delete(&self, sha256: &str) -> std::io::Result<()>;
}

/// Blobs on local disk: `<root>/ab/cd/abcd…`.
pub struct DiskStore {
    root: PathBuf,
}

impl DiskStore {
    pub fn new(root: impl Into<PathBuf>) -> std::io::Result<DiskStore> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(DiskStore { root })
    }

    fn path_of(&self, sha256: &str) -> PathBuf {
        // Only hex reaches the file system, whatever a caller passes.
        let clean: String = sha256.chars().filter(char::is_ascii_hexdigit).collect();
        let (a, b) = (
            clean.get(0..2).unwrap_or("00"),
            clean.get(2..4).unwrap_or("00"),
        );
        self.root.join(a).join(b).join(&clean)
    }
}

impl FileStore for DiskStore {
    fn put(&self, temp: &Path, sha256: &str) -> std::io::Result<()> {
        let target = self.path_of(sha256);
        if target.exists() {
            return std::fs::remove_file(temp);
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // A rename within one file system is atomic: readers never see half a file.
        std::fs::rename(temp, &target).or_else(|_| {
            std::fs::copy(temp, &target)?;
            std::fs::remove_file(temp)
        })
    }

    fn put_bytes(&self, bytes: &[u8], sha256: &str) -> std::io::Result<()> {
        let target = self.path_of(sha256);
        if target.exists() {
            return Ok(());
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temp = target.with_extension("partial");
        std::fs::write(&temp, bytes)?;
        std::fs::rename(&temp, &target)
    }

    fn exists(&self, sha256: &str) -> bool {
        self.path_of(sha256).exists()
    }

    fn open(&self, sha256: &str) -> std::io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(std::fs::File::open(self.path_of(sha256))?))
    }

    fn local_path(&self, sha256: &str) -> Option<PathBuf> {
        let p = self.path_of(sha256);
        p.exists().then_some(p)
    }

    fn delete(&self, sha256: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.path_of(sha256)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
