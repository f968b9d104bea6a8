//! Multipart forms: text fields read with a limit, files streamed to a temporary file and
//! hashed as they arrive (the media library's uploads, citizens' attachments).

use std::io::Write;
use std::path::Path;

use actix_multipart::Field;
use bytes::Bytes;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::media::files::TempFile;
use crate::media::MediaError;

/// The longest small text field (a token, an alternative text), in bytes.
pub const TEXT_LIMIT: usize = 4096;

/// Reads a text field of a form, refusing one longer than `limit` bytes.
pub async fn text_field(field: &mut Field, limit: usize) -> Result<String, AppError> {
    let mut value = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
        value.extend_from_slice(&chunk);
        if value.len() > limit {
            return Err(AppError::BadRequest("form-too-long"));
        }
    }
    String::from_utf8(value).map_err(|_| AppError::BadRequest("error-bad-request-text"))
}

/// A file field written to a temporary file (deleted when this is dropped, unless it was
/// moved into the file store).
pub struct Streamed {
    pub temp: TempFile,
    pub sha256: String,
    pub size: u64,
}

/// Streams a file field to a temporary file on a blocking thread (hashing as it goes),
/// stopping as soon as it passes `limit`: nothing large is ever held in memory. A stream
/// cut short (the client went away) is an error, never a shorter file; the temporary file
/// goes with every error. `received` counts the bytes that arrived, whatever the outcome
/// (the per-address upload budget counts them).
pub async fn receive(
    field: &mut Field,
    dir: &Path,
    limit: u64,
    received: &mut u64,
) -> Result<Streamed, MediaError> {
    std::fs::create_dir_all(dir)?;
    let temp = TempFile::new_in(dir);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(8);
    let target = temp.path().to_path_buf();
    let writer = actix_web::rt::task::spawn_blocking(move || -> std::io::Result<(String, u64)> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&target)?);
        let (mut hasher, mut size) = (Sha256::new(), 0u64);
        while let Some(chunk) = rx.blocking_recv() {
            file.write_all(&chunk)?;
            hasher.update(&chunk);
            size += chunk.len() as u64;
        }
        file.flush()?;
        Ok((hex::encode(hasher.finalize()), size))
    });
    let mut size = 0u64;
    let mut failure = None;
    while let Some(chunk) = field.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                failure = Some(MediaError::Io(std::io::Error::other(format!(
                    "upload interrupted: {e}"
                ))));
                break;
            }
        };
        size += chunk.len() as u64;
        *received += chunk.len() as u64;
        if size > limit {
            failure = Some(MediaError::TooLarge { limit });
            break;
        }
        if tx.send(chunk).await.is_err() {
            break;
        }
    }
    drop(tx);
    let written = writer
        .await
        .map_err(|_| MediaError::Io(std::io::Error::other("upload writer stopped")))?;
    if let Some(failure) = failure {
        return Err(failure);
    }
    let (sha256, size) = written?;
    Ok(Streamed { temp, sha256, size })
}
