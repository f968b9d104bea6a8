//! `backup` and `restore` of the embedded default, as a round trip.

use cong::backup::{self, BackupError};
use cong::clock::{Clock, SharedClock};
use cong::content::store;

use crate::common::{news, site_id, TestApp};

#[actix_web::test]
async fn a_backup_restores_the_database_and_files() {
    let t = TestApp::new();
    let data = t.state.config.data_dir.clone();
    let url = t.state.config.database_url();
    std::fs::create_dir_all(data.join("files/ab")).unwrap();
    std::fs::write(data.join("files/ab/bao-cao.pdf"), b"%PDF-1.7 demo").unwrap();
    let site = site_id(&t, "sonha");
    let now = t.clock.now().naive_utc();
    let kept = store::save(
        &mut t.conn(),
        &news(site, "truoc-sao-luu", "Trước sao lưu", "x"),
        now,
    )
    .unwrap()
    .id();

    let target = t.dir.path().join("backup-1");
    let manifest = backup::backup(&mut t.conn(), &url, &data, &target, t.clock.now()).unwrap();
    assert!(manifest
        .files
        .iter()
        .any(|f| f.path == "files/ab/bao-cao.pdf"));
    assert!(!manifest
        .files
        .iter()
        .any(|f| f.path.starts_with("cong.sqlite3")));

    // Damage after the backup: new content, a lost file.
    store::save(
        &mut t.conn(),
        &news(site, "sau-sao-luu", "Sau sao lưu", "x"),
        now,
    )
    .unwrap();
    std::fs::remove_file(data.join("files/ab/bao-cao.pdf")).unwrap();
    let config = (*t.state.config).clone();
    let clock: SharedClock = t.clock.clone();
    drop(t.state);

    backup::restore(&target, &url, &data, false).unwrap();
    let restored = cong::AppState::open(config, clock).unwrap();
    let mut conn = restored.db.conn().unwrap();
    assert!(store::find(&mut conn, kept).unwrap().is_some());
    assert!(
        store::find_by_key(&mut conn, site, cong::lang::Lang::Vi, "sau-sao-luu")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        std::fs::read(data.join("files/ab/bao-cao.pdf")).unwrap(),
        b"%PDF-1.7 demo"
    );
}

#[actix_web::test]
async fn a_damaged_backup_is_refused_and_changes_nothing() {
    let t = TestApp::new();
    let data = t.state.config.data_dir.clone();
    let url = t.state.config.database_url();
    std::fs::write(data.join("note.txt"), b"original").unwrap();
    let target = t.dir.path().join("backup-2");
    backup::backup(&mut t.conn(), &url, &data, &target, t.clock.now()).unwrap();
    std::fs::write(target.join("files/note.txt"), b"tampered").unwrap();
    std::fs::write(data.join("note.txt"), b"current").unwrap();
    let err = backup::restore(&target, &url, &data, false).unwrap_err();
    assert!(matches!(err, BackupError::Damaged(_)), "{err}");
    assert_eq!(std::fs::read(data.join("note.txt")).unwrap(), b"current");
}

#[actix_web::test]
async fn a_backup_never_overwrites_a_non_empty_folder() {
    let t = TestApp::new();
    let target = t.dir.path().join("full");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("x"), b"x").unwrap();
    let err = backup::backup(
        &mut t.conn(),
        &t.state.config.database_url(),
        &t.state.config.data_dir,
        &target,
        t.clock.now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
}
