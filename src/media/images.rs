//! Images on upload: decoded with limits (a decompression bomb is refused, not run), turned
//! upright by their EXIF orientation, re-encoded so that no metadata (camera, location)
//! reaches readers, and resized to a few widths, in their own format and in lossy WebP.

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::{AcceptedType, Limits, MediaError};

/// The widths renditions are made at (only those narrower than the image).
pub const WIDTHS: [u32; 4] = [320, 640, 1024, 1600];

/// The most memory a single decode may take.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// An encoded image, ready to store.
pub struct Encoded {
    pub width: u32,
    pub format: &'static str,
    pub bytes: Vec<u8>,
}

/// What processing an upload yields.
pub struct Processed {
    /// The upright image without metadata, in its own format: what readers get.
    pub master: Encoded,
    pub height: u32,
    pub renditions: Vec<Encoded>,
}

fn bad(e: impl std::fmt::Display) -> MediaError {
    MediaError::BadImage(e.to_string())
}

/// Decodes, orients, cleans and resizes an uploaded image.
pub fn process(
    path: &Path,
    accepted: AcceptedType,
    limits: &Limits,
) -> Result<Processed, MediaError> {
    if accepted.extension == "jpg" && !ends_with_eoi(path)? {
        // The decoder would fill the missing part with grey and call it an image.
        return Err(bad("the JPEG file is truncated"));
    }
    // The header alone says how big the image claims to be: refuse before decoding.
    let (w, h) = ImageReader::open(path)?
        .with_guessed_format()?
        .into_dimensions()
        .map_err(bad)?;
    if w > limits.image_pixels || h > limits.image_pixels {
        return Err(MediaError::ImageTooLarge {
            width: w,
            height: h,
        });
    }
    let mut decoder = ImageReader::open(path)?
        .with_guessed_format()?
        .into_decoder()
        .map_err(bad)?;
    let mut decode_limits = image::Limits::default();
    decode_limits.max_image_width = Some(limits.image_pixels);
    decode_limits.max_image_height = Some(limits.image_pixels);
    decode_limits.max_alloc = Some(MAX_DECODE_BYTES);
    decoder.set_limits(decode_limits).map_err(bad)?;
    let orientation = decoder.orientation().map_err(bad)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(bad)?;
    image.apply_orientation(orientation);
    let format = match accepted.extension {
        "png" => ImageFormat::Png,
        "webp" => ImageFormat::WebP,
        _ => ImageFormat::Jpeg,
    };
    let master = encode(&image, format)?;
    let mut renditions = Vec::new();
    // From the widest down, each from the one before: far less work than from the original.
    let mut source = image.clone();
    for &width in WIDTHS.iter().rev().filter(|w| **w < image.width()) {
        let height = ((image.height() as u64 * width as u64) / image.width() as u64).max(1) as u32;
        source = source.resize_exact(width, height, FilterType::Triangle);
        renditions.push(encode(&source, format)?);
        renditions.push(webp(&source)?);
    }
    renditions.sort_by_key(|r| (r.width, r.format));
    Ok(Processed {
        height: image.height(),
        master,
        renditions,
    })
}

/// True when a JPEG file ends with its end-of-image marker (a little trailing padding
/// after it is tolerated, as some cameras write it).
fn ends_with_eoi(path: &Path) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let tail_len = len.min(1024);
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0u8; tail_len as usize];
    file.read_exact(&mut tail)?;
    Ok(tail.windows(2).any(|w| w == [0xFF, 0xD9]))
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Encoded, MediaError> {
    let mut out = Cursor::new(Vec::new());
    let name = match format {
        ImageFormat::Png => {
            image.write_to(&mut out, ImageFormat::Png).map_err(bad)?;
            "png"
        }
        ImageFormat::WebP => {
            // The image crate writes lossless WebP only, which is fine for a master.
            image.write_to(&mut out, ImageFormat::WebP).map_err(bad)?;
            "webp"
        }
        _ => {
            // JPEG has no alpha; flatten it.
            let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
            JpegEncoder::new_with_quality(&mut out, 85)
                .encode_image(&rgb)
                .map_err(bad)?;
            "jpg"
        }
    };
    Ok(Encoded {
        width: image.width(),
        format: name,
        bytes: out.into_inner(),
    })
}

/// Lossy WebP (libwebp through the `webp` crate): much smaller than JPEG at equal quality.
fn webp(image: &DynamicImage) -> Result<Encoded, MediaError> {
    let rgba = image.to_rgba8();
    let encoded =
        webp::Encoder::from_rgba(rgba.as_raw(), image.width(), image.height()).encode(78.0);
    Ok(Encoded {
        width: image.width(),
        format: "webp",
        bytes: encoded.to_vec(),
    })
}

/// The `srcset` of an image's renditions in one format, widest last.
pub fn srcset(base: &str, widths: &[u32], format: &str) -> String {
    widths
        .iter()
        .map(|w| format!("{base}/{w}w.{format} {w}w"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcset_lists_each_width() {
        assert_eq!(
            srcset("/tep/7", &[320, 640], "webp"),
            "/tep/7/320w.webp 320w, /tep/7/640w.webp 640w"
        );
    }
}
