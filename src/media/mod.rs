//! The media library (thư viện tệp): every uploaded file — images, and documents such as
//! PDF, DOC/DOCX, ODT — is stored once by its SHA-256 behind a small storage interface,
//! typed by its content (never its name), named by the portal's file-name rule, and
//! images are cleaned of metadata and given renditions. One module stores every file.

pub mod bytes;
pub mod facts;
pub mod files;
pub mod images;
pub mod library;
pub mod replace;

crate::typed_id! {
    /// A stored file's stable number (the number in its URL).
    pub struct MediaId;
}

crate::text_enum! {
    /// What a file is, which decides how it is processed and its size limit.
    pub enum MediaKind {
        Image = "image",
        Document = "document",
    }
}

/// A type the portal accepts, as detected from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptedType {
    pub mime: &'static str,
    pub extension: &'static str,
    pub kind: MediaKind,
}

/// The types accepted, by the MIME type the content shows. SVG is not among them: it
/// can carry scripts. Legacy `.doc`/`.xls` are OLE containers, recognised as such.
pub const ACCEPTED: &[AcceptedType] = &[
    AcceptedType {
        mime: "image/jpeg",
        extension: "jpg",
        kind: MediaKind::Image,
    },
    AcceptedType {
        mime: "image/png",
        extension: "png",
        kind: MediaKind::Image,
    },
    AcceptedType {
        mime: "image/webp",
        extension: "webp",
        kind: MediaKind::Image,
    },
    AcceptedType {
        mime: "application/pdf",
        extension: "pdf",
        kind: MediaKind::Document,
    },
    AcceptedType {
        mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extension: "docx",
        kind: MediaKind::Document,
    },
    AcceptedType {
        mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        extension: "xlsx",
        kind: MediaKind::Document,
    },
    AcceptedType {
        mime: "application/vnd.oasis.opendocument.text",
        extension: "odt",
        kind: MediaKind::Document,
    },
    AcceptedType {
        mime: "application/vnd.oasis.opendocument.spreadsheet",
        extension: "ods",
        kind: MediaKind::Document,
    },
    AcceptedType {
        mime: "application/msword",
        extension: "doc",
        kind: MediaKind::Document,
    },
    AcceptedType {
        mime: "application/x-ole-storage",
        extension: "doc",
        kind: MediaKind::Document,
    },
    AcceptedType {
        mime: "application/vnd.ms-excel",
        extension: "xls",
        kind: MediaKind::Document,
    },
];

/// The accepted type of a file's first bytes, if any.
pub fn detect(head: &[u8]) -> Option<AcceptedType> {
    let mut mime = infer::get(head)?.mime_type();
    if mime == "application/zip" {
        // Office documents are ZIP archives; their first entries name what they hold.
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        mime = if has(b"word/") {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        } else if has(b"xl/") {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        } else {
            mime
        };
    }
    ACCEPTED.iter().copied().find(|t| t.mime == mime)
}

/// The stored name of an upload: the portal's rule (ASCII words, at most 50 characters)
/// with the extension of what the content really is.
pub fn stored_name(original: &str, accepted: AcceptedType) -> String {
    let stem = original.rsplit_once('.').map_or(original, |(s, _)| s);
    crate::text::file_name(&format!("{stem}.{}", accepted.extension))
}

/// Size limits per kind (bytes); documents default to the regulation's 50 MB.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(default)]
pub struct Limits {
    pub document_bytes: u64,
    pub image_bytes: u64,
    /// Largest width or height an image may declare.
    pub image_pixels: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            document_bytes: 50 * 1024 * 1024,
            image_bytes: 30 * 1024 * 1024,
            image_pixels: 12_000,
        }
    }
}

impl Limits {
    /// The largest upload of any kind (the stream is cut there before the type is known).
    pub fn any_bytes(&self) -> u64 {
        self.document_bytes.max(self.image_bytes)
    }

    pub fn bytes_for(&self, kind: MediaKind) -> u64 {
        match kind {
            MediaKind::Image => self.image_bytes,
            MediaKind::Document => self.document_bytes,
        }
    }
}

/// Why an upload is refused; each has a localized message.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("this type of file is not accepted")]
    TypeRefused,
    #[error("the file is larger than the {limit} bytes allowed")]
    TooLarge { limit: u64 },
    #[error("the image cannot be read: {0}")]
    BadImage(String),
    #[error("the image is too large to process ({width}×{height})")]
    ImageTooLarge { width: u32, height: u32 },
    #[error("the file is empty")]
    Empty,
    #[error("an image needs alternative text")]
    AltRequired,
    #[error("storage: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<diesel::result::Error> for MediaError {
    fn from(e: diesel::result::Error) -> Self {
        MediaError::Db(crate::db::DbError::Query(e))
    }
}

impl MediaError {
    /// The Fluent message id that explains the refusal to the uploader.
    pub fn message_id(&self) -> &'static str {
        match self {
            MediaError::TypeRefused => "media-type-refused",
            MediaError::TooLarge { .. } => "media-too-large",
            MediaError::BadImage(_) => "media-bad-image",
            MediaError::ImageTooLarge { .. } => "media-image-too-large",
            MediaError::Empty => "media-empty",
            MediaError::AltRequired => "media-alt-required",
            MediaError::Io(_) | MediaError::Db(_) => "error-internal-text",
        }
    }
}

/// A file's size as a reader sees it: `820 B`, `14 KB`, `2.5 MB`.
pub fn size_text(size: i64) -> String {
    match size {
        s if s >= 1 << 20 => format!("{:.1} MB", s as f64 / (1 << 20) as f64),
        s if s >= 1 << 10 => format!("{:.0} KB", s as f64 / (1 << 10) as f64),
        s => format!("{s} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content_not_the_name() {
        assert_eq!(detect(b"%PDF-1.7\n...").map(|t| t.extension), Some("pdf"));
        assert_eq!(
            detect(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).map(|t| t.kind),
            Some(MediaKind::Image)
        );
        assert_eq!(
            detect(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
            None
        );
        assert_eq!(detect(b"MZ\x90\x00 an executable"), None);
    }

    #[test]
    fn stored_names_follow_the_rule_with_the_real_extension() {
        let png = ACCEPTED[1];
        assert_eq!(
            stored_name("Ảnh hội nghị (bản gốc).pdf", png),
            "anh-hoi-nghi-ban-goc.png"
        );
        assert!(stored_name(&"Báo cáo ".repeat(20), png).len() <= 50);
    }
}
