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

pub(crate) use crate::inbox::QUESTION;

/// The public form's fields, with some replaced (the inbox tests' form).
pub(crate) use crate::inbox::form as ask_fields;

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
