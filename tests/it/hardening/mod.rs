//! Regression tests of the December 2026 security review and load tests (issue 19): each
//! reproduces an attack or a fault that the code before the fix let through.

mod accounts;
mod concurrency;
mod exports;
mod imports;
mod links_and_cache;
mod media_access;
mod operator;
mod public_form;
mod sites;
mod storage;

use actix_web::test;

/// A question a person could have written (long enough for the form's rules).
pub const QUESTION: &str =
    "Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ tại xã cần những giấy tờ gì?";

/// The public form's fields, with some replaced.
pub fn ask_fields<'a>(email: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("name", "Nguyễn Thị Hoa"),
        ("email", email),
        ("phone", ""),
        ("field", "xay-dung"),
        ("title", "Giấy phép xây dựng"),
        ("question", QUESTION),
        ("consent", "on"),
        ("website", ""),
    ];
    for (k, v) in extra {
        f.retain(|(key, _)| key != k);
        f.push((k, v));
    }
    f
}

/// A multipart body of the public form with files in `attachment` parts (the shared builder).
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    files
        .iter()
        .fold(
            crate::common::Multipart::new().fields(fields),
            |m, (name, bytes)| m.file("attachment", name, bytes),
        )
        .encode()
}

/// A POST of the public form on `host` from an address.
pub fn ask_request(host: &str, peer: &str) -> test::TestRequest {
    test::TestRequest::post()
        .uri("/hoi-dap/dat-cau-hoi")
        .insert_header(("host", host))
        .peer_addr(format!("{peer}:40000").parse().expect("an address"))
}

/// A small valid PDF.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The files left in the data directory's temporary folder.
pub fn temp_files(t: &crate::common::TestApp) -> usize {
    std::fs::read_dir(t.state.config.temp_dir()).map_or(0, |d| d.count())
}
