//! The `cong` command line, run as a user would.

use std::process::{Command, Output};

fn cong(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cong"))
        .args(args)
        .env("CONG_DATA_DIR", data_dir)
        .env_remove("CONG_DATABASE_URL")
        .env("CONG_LOG", "warn")
        .output()
        .expect("run cong")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn help_lists_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = cong(dir.path(), &["--help"]);
    assert!(out.status.success());
    let help = text(&out);
    for sub in ["serve", "migrate", "content", "backup", "restore"] {
        assert!(help.contains(sub), "{sub} missing from\n{help}");
    }
    assert!(cong(dir.path(), &["serve", "--help"]).status.success());
}

#[test]
fn bad_arguments_fail_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = cong(dir.path(), &["frobnicate"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("unrecognized subcommand"),
        "{}",
        text(&out)
    );
    let out = cong(dir.path(), &["content", "load", "/khong/co/thu/muc"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).starts_with("error:"), "{}", text(&out));
}

#[test]
fn content_load_is_idempotent_and_backup_restore_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    let first = cong(&data, &["content", "load", content]);
    assert!(first.status.success(), "{}", text(&first));
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert!(report["created"].as_u64().unwrap() >= 60, "{report}");
    let second: serde_json::Value =
        serde_json::from_slice(&cong(&data, &["content", "load", content]).stdout).unwrap();
    assert_eq!(second["created"], 0);
    assert_eq!(second["unchanged"], report["created"]);

    let gaps = cong(&data, &["content", "translations", "--site", "skhcn"]);
    let gaps: serde_json::Value = serde_json::from_slice(&gaps.stdout).unwrap();
    assert_eq!(gaps.as_array().unwrap().len(), 2);

    let backup_dir = dir.path().join("sao-luu");
    let out = cong(&data, &["backup", backup_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::remove_dir_all(&data).unwrap();
    let out = cong(&data, &["restore", backup_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let again: serde_json::Value =
        serde_json::from_slice(&cong(&data, &["content", "load", content]).stdout).unwrap();
    assert_eq!(
        again["unchanged"], report["created"],
        "restored database holds the content"
    );
    let out = cong(&data, &["migrate"]);
    assert!(
        text(&out).contains("0 migration(s) applied"),
        "{}",
        text(&out)
    );
}
