//! Item 16 of the review: imports from the command line, as an operator runs them.

use std::path::Path;

use crate::cli::{cong_with, text};

/// A data directory with the repository's sites and content.
fn installation(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    let loaded = cong_with(&data, &["content", "load", content], &[]);
    assert!(loaded.status.success(), "{}", text(&loaded));
    data
}

fn law_line(symbol: &str) -> String {
    crate::legal::law(symbol, "2026-01-05").to_string()
}

#[test]
fn an_import_on_an_installation_without_sites_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("vb.jsonl");
    std::fs::write(&file, law_line("1/2026/QĐ-UBND")).unwrap();
    let out = cong_with(&data, &["legal", "import", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("cong content load"), "{}", text(&out));
    // The fictional demo province was not made up instead.
    use diesel::prelude::*;
    let mut db =
        diesel::SqliteConnection::establish(data.join("cong.sqlite3").to_str().unwrap()).unwrap();
    let sites: i64 = cong::db::schema::sites::table
        .count()
        .get_result(&mut db)
        .unwrap();
    assert_eq!(sites, 0);
}

#[test]
fn an_import_as_an_account_without_a_role_on_the_site_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = installation(dir.path());
    let password = [("CONG_USER_PASSWORD", "mật khẩu đủ dài 2026")];
    for (name, extra) in [("ngoai", None), ("quantri", Some("--system-admin"))] {
        let mut args = vec!["user", "add", name, "--name", name];
        args.extend(extra);
        assert!(cong_with(&data, &args, &password).status.success());
    }
    let file = dir.path().join("vb.jsonl");
    std::fs::write(&file, law_line("2/2026/QĐ-UBND")).unwrap();
    let refused = cong_with(
        &data,
        &[
            "legal",
            "import",
            file.to_str().unwrap(),
            "--site",
            "skhcn",
            "--as",
            "ngoai",
        ],
        &[],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused).contains("has no role on the site"),
        "{}",
        text(&refused)
    );
    let admin = cong_with(
        &data,
        &[
            "legal",
            "import",
            file.to_str().unwrap(),
            "--site",
            "skhcn",
            "--as",
            "quantri",
        ],
        &[],
    );
    assert!(admin.status.success(), "{}", text(&admin));
}

#[test]
fn an_import_that_refused_every_line_says_nothing_was_imported() {
    let dir = tempfile::tempdir().unwrap();
    let data = installation(dir.path());
    let file = dir.path().join("hong.jsonl");
    std::fs::write(&file, "{\"number_symbol\": \"\"}\nkhông phải JSON\n").unwrap();
    let out = cong_with(&data, &["legal", "import", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    assert!(said.contains("nothing was imported"), "{said}");
    assert!(!said.contains("the others were imported"), "{said}");
    // No progress frames in a log, and one summary line.
    assert!(!said.contains('\r'), "{said:?}");
    assert!(said.contains("2 line(s) read"), "{said}");
}

#[test]
fn a_csv_with_wrong_headers_names_the_expected_header_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = installation(dir.path());
    let file = dir.path().join("thu-tuc.csv");
    std::fs::write(&file, "ma,ten\n1.001,Cấp phép\n1.002,Gia hạn\n").unwrap();
    let out = cong_with(&data, &["services", "import", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    assert_eq!(
        said.matches("must name the columns code, name").count(),
        1,
        "{said}"
    );
    assert!(!said.contains("required"), "{said}");
}

#[test]
fn a_json_lines_file_starting_with_a_byte_order_mark_imports() {
    let dir = tempfile::tempdir().unwrap();
    let data = installation(dir.path());
    let file = dir.path().join("bom.jsonl");
    std::fs::write(&file, format!("\u{feff}{}\n", law_line("3/2026/QĐ-UBND"))).unwrap();
    let out = cong_with(&data, &["legal", "import", file.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["created"], 1, "{report}");
}
