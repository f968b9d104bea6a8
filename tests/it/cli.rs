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

pub(crate) fn text(o: &Output) -> String {
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
    for sub in [
        "serve", "migrate", "content", "backup", "restore", "user", "calendar", "reindex",
        "import", "legal", "services",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{sub} "))),
            "{sub} missing from\n{help}"
        );
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

pub(crate) fn cong_with(data_dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cong"));
    cmd.args(args)
        .env("CONG_DATA_DIR", data_dir)
        .env_remove("CONG_DATABASE_URL")
        .env_remove("CONG_USER_PASSWORD")
        .env("CONG_LOG", "warn")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run cong")
}

#[test]
fn accounts_from_the_command_line_and_imports_as_drafts_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    assert!(cong(&data, &["content", "load", content]).status.success());

    let no_password = cong_with(
        &data,
        &["user", "add", "nhaplieu", "--name", "Người Nhập Liệu"],
        &[],
    );
    assert_eq!(no_password.status.code(), Some(1));
    assert!(
        text(&no_password).contains("CONG_USER_PASSWORD"),
        "{}",
        text(&no_password)
    );
    let added = cong_with(
        &data,
        &["user", "add", "nhaplieu", "--name", "Người Nhập Liệu"],
        &[("CONG_USER_PASSWORD", "mật khẩu nhập liệu")],
    );
    assert!(added.status.success(), "{}", text(&added));
    assert!(cong(
        &data,
        &["user", "grant", "nhaplieu", "sonha", "contributor"]
    )
    .status
    .success());
    let bad_role = cong(&data, &["user", "grant", "nhaplieu", "sonha", "boss"]);
    // Refused by the argument parser, which lists the roles.
    assert!(
        text(&bad_role).contains("possible values: contributor, editor, board_head, site_admin"),
        "{}",
        text(&bad_role)
    );
    let users: serde_json::Value =
        serde_json::from_slice(&cong(&data, &["user", "list"]).stdout).unwrap();
    assert_eq!(users[0]["roles"][0]["role"], "contributor");

    // A changed introduction, imported as a draft: the public text stays until reviewed.
    let changed = dir.path().join("changed/sonha/vi");
    std::fs::create_dir_all(&changed).unwrap();
    let original = std::fs::read_to_string(format!("{content}/sonha/vi/gioi-thieu.md")).unwrap();
    std::fs::write(
        changed.join("gioi-thieu.md"),
        format!("{original}\n\nĐoạn bổ sung từ đợt nhập liệu.\n"),
    )
    .unwrap();
    let changed_root = dir.path().join("changed");
    let refused = cong(
        &data,
        &["content", "load", changed_root.to_str().unwrap(), "--draft"],
    );
    assert_eq!(refused.status.code(), Some(1));
    let drafted = cong(
        &data,
        &[
            "content",
            "load",
            changed_root.to_str().unwrap(),
            "--as",
            "nhaplieu",
            "--draft",
        ],
    );
    assert!(drafted.status.success(), "{}", text(&drafted));
    let report: serde_json::Value = serde_json::from_slice(&drafted.stdout).unwrap();
    assert_eq!(
        (report["drafts"].as_u64(), report["updated"].as_u64()),
        (Some(1), Some(0)),
        "{report}"
    );
    assert!(cong(&data, &["user", "disable", "nhaplieu"])
        .status
        .success());
    let disabled = cong(
        &data,
        &[
            "content",
            "load",
            changed_root.to_str().unwrap(),
            "--as",
            "nhaplieu",
            "--draft",
        ],
    );
    assert!(text(&disabled).contains("disabled"), "{}", text(&disabled));
}

#[test]
fn cong_import_kind_is_the_same_import_as_each_kinds_own_command() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    assert!(cong(&data, &["content", "load", content]).status.success());
    // One line each kind refuses: the same refusal, whichever command reads it.
    let file = dir.path().join("bad.jsonl");
    std::fs::write(&file, "{\"code\": \"\"}\n").unwrap();
    let file = file.to_str().unwrap();
    for (kind, alias) in [
        ("services", ["services", "import"]),
        ("legal", ["legal", "import"]),
    ] {
        let generic = cong(&data, &["import", kind, file]);
        let own = cong(&data, &[alias[0], alias[1], file]);
        assert_eq!(generic.status.code(), Some(1), "{}", text(&generic));
        assert_eq!(own.status.code(), Some(1), "{}", text(&own));
        let summary = |o: &Output| -> serde_json::Value {
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
        };
        let (g, o) = (summary(&generic), summary(&own));
        assert_eq!(g["rejected"], 1, "{kind}: {g}");
        assert_eq!(g["lines"], o["lines"], "{kind}");
    }
    let out = cong(&data, &["import", "khong-co", file]);
    assert!(!out.status.success());
    assert!(text(&out).contains("invalid value"), "{}", text(&out));
}
