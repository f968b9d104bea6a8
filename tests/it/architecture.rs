//! The limits the architecture keeps, checked on the source tree: the web door stays thin
//! (a small share of the code, no storage work of its own), the workflow knows record kinds
//! only through their abstraction, and only the composition root names the application.
//! Where the tree does not meet a limit yet, the known cases are listed here and may only
//! shrink. Each check is also run on a small tree that breaks it, so that a check which
//! can no longer fail is noticed.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `path:line: text` of every line of the `.rs` files under `dir` that `matches`, paths
/// shown from `root`.
fn lines_where(root: &Path, dir: &str, matches: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for file in rust_files(&root.join(dir)) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            if matches(line) {
                let shown = file.strip_prefix(root).unwrap_or(&file).display();
                found.push(format!("{shown}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

/// Lines under `src/review` naming the kinds' own modules.
fn review_naming_kinds(root: &Path) -> Vec<String> {
    lines_where(root, "src/review", |line| {
        ["crate::legal", "crate::services", "crate::inbox"]
            .iter()
            .any(|needle| line.contains(needle))
    })
}

/// Lines under `src/web` matching
/// `\.transaction\(|immediate_transaction|audit::record|audit::log|diesel::` (comments
/// included): a transaction, an audit line or diesel, which belong to the domains.
fn web_storage_lines(root: &Path) -> Vec<String> {
    lines_where(root, "src/web", |line| {
        [
            ".transaction(",
            "immediate_transaction",
            "audit::record",
            "audit::log",
            "diesel::",
        ]
        .iter()
        .any(|needle| line.contains(needle))
    })
}

/// Files of `src` outside the composition root (`src/app.rs`, `src/main.rs`, `src/lib.rs`,
/// `src/cli.rs`, `src/cli/`, `src/web/`) that name `crate::app`.
fn naming_the_app(root: &Path) -> Vec<String> {
    let allowed = |p: &str| {
        ["src/app.rs", "src/main.rs", "src/lib.rs", "src/cli.rs"].contains(&p)
            || p.starts_with("src/cli/")
            || p.starts_with("src/web/")
    };
    rust_files(&root.join("src"))
        .into_iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .expect("a source file")
                .contains("crate::app")
        })
        .map(|f| f.strip_prefix(root).unwrap_or(&f).display().to_string())
        .filter(|p| !allowed(p))
        .collect()
}

/// The share of `src/web` in the lines of the `.rs` files of `src` (comments and blank
/// lines included), in percent.
fn web_share(root: &Path) -> f64 {
    let count = |dir: &Path| -> usize {
        rust_files(dir)
            .iter()
            .map(|f| {
                std::fs::read_to_string(f)
                    .expect("a source file")
                    .lines()
                    .count()
            })
            .sum()
    };
    let src = root.join("src");
    100.0 * count(&src.join("web")) as f64 / count(&src) as f64
}

#[test]
fn the_workflow_knows_record_kinds_only_through_their_abstraction() {
    let found = review_naming_kinds(&root());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_web_door_does_no_storage_work_of_its_own() {
    let found = web_storage_lines(&root());
    assert!(
        found.is_empty(),
        "storage work in src/web (move it into the domain):\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_composition_root_names_the_application() {
    let offenders = naming_the_app(&root());
    assert!(offenders.is_empty(), "{offenders:?}");
}

/// The most `src/web` may be of `src`, in percent.
const WEB_SHARE_AT_MOST: f64 = 18.0;

#[test]
fn the_web_door_stays_a_small_part_of_the_code() {
    let share = web_share(&root());
    assert!(
        share <= WEB_SHARE_AT_MOST,
        "src/web is {share:.1} % of src (at most {WEB_SHARE_AT_MOST} %)"
    );
}

/// A tree of `(path, text)` files in a temporary folder.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, text).expect("a file");
    }
    dir
}

#[test]
fn each_check_fails_on_a_tree_that_breaks_it() {
    let broken = tree(&[
        ("src/lib.rs", "pub mod app;\n"),
        ("src/app.rs", "use crate::app::AppState;\n"),
        ("src/review/mod.rs", "use crate::legal::store;\n"),
        ("src/record/import.rs", "use crate::app::AppState;\n"),
        (
            "src/web/admin.rs",
            "fn f(c: &mut DbConn) {\n    c.transaction(|c| audit::record(c));\n}\n// diesel::update\n",
        ),
    ]);
    let root = broken.path();
    assert_eq!(review_naming_kinds(root).len(), 1);
    assert_eq!(
        web_storage_lines(root),
        [
            "src/web/admin.rs:2: c.transaction(|c| audit::record(c));",
            "src/web/admin.rs:4: // diesel::update",
        ]
    );
    assert_eq!(naming_the_app(root), ["src/record/import.rs"]);
    // 4 of the 8 lines of src are under src/web.
    assert!((web_share(root) - 50.0).abs() < 1e-9);

    let clean = tree(&[
        ("src/lib.rs", "pub mod app;\npub mod web;\n"),
        ("src/app.rs", "pub struct AppState;\n"),
        ("src/review/mod.rs", "use crate::record::RecordKind;\n"),
        ("src/web/mod.rs", "use crate::app::AppState;\n"),
        ("src/cli/import.rs", "use crate::app::AppState;\n"),
    ]);
    let root = clean.path();
    assert!(review_naming_kinds(root).is_empty());
    assert!(web_storage_lines(root).is_empty());
    assert!(naming_the_app(root).is_empty());
}
