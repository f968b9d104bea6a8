//! A real browser: headless Chromium opens the province and a sub-site, follows the
//! language switch and runs axe-core (tests/browser/a11y.mjs) against a real server.

use std::path::Path;
use std::process::Command;

use crate::common::TestApp;

fn missing_prerequisite() -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium chromium-driver)"
        ));
    }
    if !root
        .join("tests/browser/node_modules/playwright-core")
        .exists()
    {
        return Some("tests/browser/node_modules missing (npm ci --prefix tests/browser)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    None
}

#[test]
fn pages_are_accessible_in_a_real_browser() {
    if let Some(why) = missing_prerequisite() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("browser test cannot run: {why}");
        }
        eprintln!("\n!!!!! browser test NOT RUN: {why} !!!!!\n");
        return;
    }
    let t = TestApp::new();
    let state = t.state.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = actix_web::HttpServer::new(move || cong::build(state.clone()))
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
            tx.send(server.addrs()[0].port()).unwrap();
            server.run().await.unwrap();
        })
    });
    let port = rx.recv().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(root.join("tests/browser/a11y.mjs"))
        .args([
            "--base",
            &format!("http://127.0.0.1:{port}"),
            "--subsite",
            "skhcn",
            "--out",
        ])
        .arg(root.join("target/screenshots"))
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{report}");
    assert!(out.status.success(), "browser test failed:\n{report}");
}
