//! Item 13 of the review: how every transaction starts.

#[test]
fn every_transaction_of_the_application_starts_through_the_write_entry_point() {
    // A deferred SQLite transaction that reads, then writes, fails with "database is locked"
    // when another writer went first: `DbConn::write` begins them IMMEDIATE.
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("db/mod.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    if line.contains(".transaction(") || line.contains(".transaction::<") {
                        found.push(format!("{}:{}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(found.is_empty(), "use DbConn::write instead: {found:?}");
}
