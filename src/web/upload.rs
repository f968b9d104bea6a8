//! Multipart forms: text fields read with a limit, files streamed to a temporary file and
//! hashed as they arrive (the media library's uploads, citizens' attachments).

use std::io::Write;
use std::path::{Path, PathBuf};

use actix_multipart::Field;
use bytes::Bytes;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::error::AppError;
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

/// A file field written to a temporary file.
pub struct Streamed {
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
}

/// Streams a file field to a temporary file on a blocking thread (hashing as it goes),
/// stopping as soon as it passes `limit`: nothing large is ever held in memory.
pub async fn receive(field: &mut Field, dir: &Path, limit: u64) -> Result<Streamed, MediaError> {
    let path = dir.join(format!(
        "upload-{}",
        hex::encode(rand::random::<[u8; 12]>())
    ));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(8);
    let target = path.clone();
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
    let mut received = 0u64;
    let mut too_large = false;
    while let Some(chunk) = field.next().await {
        let Ok(chunk) = chunk else { break };
        received += chunk.len() as u64;
        if received > limit {
            too_large = true;
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
    if too_large {
        let _ = std::fs::remove_file(&path);
        return Err(MediaError::TooLarge { limit });
    }
    let (sha256, size) = written?;
    Ok(Streamed { path, sha256, size })
}
