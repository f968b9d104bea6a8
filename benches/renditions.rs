//! How long the media library takes to process a 12-megapixel photo (4000 × 3000 JPEG):
//! decode with limits, orient, re-encode without metadata, and make every rendition in
//! JPEG and lossy WebP. Run: `cargo bench --bench renditions`.

use std::time::Instant;

use image::{ImageBuffer, Rgb};

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("twelve-megapixels.jpg");
    // A photo-like picture: smooth gradients with fine noise (so JPEG has real work).
    let img = ImageBuffer::from_fn(4000, 3000, |x, y| {
        let noise = ((x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)) >> 24) as u8 / 8;
        Rgb([
            ((x * 255) / 4000) as u8 ^ noise,
            ((y * 255) / 3000) as u8,
            (((x + y) * 255) / 7000) as u8 ^ noise,
        ])
    });
    img.save(&path).expect("write the test photo");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let accepted = cong::media::ACCEPTED[0];
    let limits = cong::media::Limits::default();
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this once as a smoke test.
    let runs = if std::env::args().any(|a| a == "--bench") {
        5
    } else {
        1
    };
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let processed = cong::media::images::process(&path, accepted, &limits).expect("process");
        times.push(start.elapsed());
        assert_eq!(processed.renditions.len(), 8);
    }
    times.sort();
    println!(
        "12 MP JPEG ({:.1} MB): renditions (4 widths x JPEG + WebP) in median {:.0} ms, min {:.0} ms, max {:.0} ms over {} runs",
        size as f64 / 1e6,
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
        times.len()
    );
}
