//! Importing procedures: a first import of generated procedures into a fresh SQLite data
//! directory (every line creates a content item and its record), then the same file again
//! (every line unchanged, told by the stored record's hash).
//!
//! `cargo bench --bench services_import` imports 10,000 procedures
//! (`SERVICES_BENCH_PROCEDURES` changes the number); under `cargo test --all-targets` it only
//! imports 200 (a smoke test of the same code). See benches/README.md for the measured figures.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use cong::account::audit::{Entry, Via};
use cong::clock::{SharedClock, SystemClock};
use cong::record::import::Outcome;
use cong::services::import::{self, ImportOptions};
use cong::{AppState, Config};

const FIELDS: [(&str, &str); 8] = [
    ("Hộ tịch", "Ủy ban nhân dân xã Tân Phú"),
    ("Hoạt động xây dựng", "Sở Xây dựng tỉnh Sơn Hà"),
    ("Đất đai", "Văn phòng đăng ký đất đai tỉnh Sơn Hà"),
    ("Việc làm", "Sở Nội vụ tỉnh Sơn Hà"),
    ("Đầu tư tại Việt Nam", "Sở Tài chính tỉnh Sơn Hà"),
    ("Lý lịch tư pháp", "Sở Tư pháp tỉnh Sơn Hà"),
    (
        "Hoạt động khoa học và công nghệ",
        "Sở Khoa học và Công nghệ tỉnh Sơn Hà",
    ),
    ("Giáo dục trung học", "Sở Giáo dục và Đào tạo tỉnh Sơn Hà"),
];

/// A procedure shaped like the demo's: steps, three ways of submitting, a dossier in two
/// cases, legal basis and keywords.
fn procedure(i: usize) -> serde_json::Value {
    let (field, agency) = FIELDS[i % FIELDS.len()];
    let online = ["full", "partial", "none"][i % 3];
    serde_json::json!({
        "code": format!("2.{:06}.000.00.00.H12", i),
        "decision": format!("{}/QĐ-UBND", 1000 + i % 900),
        "name": format!("Thủ tục số {i} thuộc lĩnh vực {field}"),
        "gov_level": if i.is_multiple_of(4) { "commune" } else { "province" },
        "field": field,
        "agency": agency,
        "received_at": "Trung tâm Phục vụ hành chính công tỉnh Sơn Hà",
        "steps": [
            "Tổ chức, cá nhân nộp hồ sơ tại Trung tâm Phục vụ hành chính công hoặc trực tuyến.",
            "Cơ quan tiếp nhận kiểm tra hồ sơ; thiếu thì hướng dẫn bổ sung một lần.",
            "Cơ quan có thẩm quyền giải quyết và trả kết quả.",
        ],
        "channels": [
            {"way": "in_person", "processing_time": format!("{} ngày làm việc", 3 + i % 20), "fees": "Lệ phí: 50.000 đồng"},
            {"way": "online", "processing_time": format!("{} ngày làm việc", 3 + i % 20), "fees": "Lệ phí: 25.000 đồng"},
            {"way": "post", "processing_time": format!("{} ngày làm việc", 3 + i % 20), "fees": "Lệ phí: 50.000 đồng"},
        ],
        "dossier": [
            {"case": "", "documents": [
                {"name": "Đơn đề nghị theo mẫu", "originals": 1, "copies": 0},
                {"name": "Giấy tờ tùy thân", "originals": 0, "copies": 1},
            ]},
            {"case": "Trường hợp cấp lại", "documents": [
                {"name": "Bản chính giấy phép đã cấp", "originals": 1, "copies": 0},
            ]},
        ],
        "eligible": "Tổ chức, cá nhân",
        "result": "Văn bản chấp thuận",
        "legal_basis": [{"number_symbol": "21/2024/QĐ-UBND", "title": "Quy định"}],
        "keywords": [field, "thủ tục"],
        "online_level": online,
        "legacy_level": if online == "none" { 2 } else { 4 },
        "submit_url": "https://dichvucong.sonha.gov.vn",
    })
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let count: usize = if full {
        std::env::var("SERVICES_BENCH_PROCEDURES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000)
    } else {
        200
    };
    let tmp = tempfile::tempdir().expect("temporary directory");
    let path = tmp.path().join("thu-tuc.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("import file"));
    for i in 0..count {
        writeln!(file, "{}", procedure(i)).expect("write a line");
    }
    file.flush().expect("write the file");
    drop(file);

    let config = Config {
        data_dir: tmp.path().join("data"),
        ..Config::default()
    };
    let clock: SharedClock = Arc::new(SystemClock);
    let state = AppState::open(config, clock.clone()).expect("open a fresh data directory");
    let mut conn = state.db.conn().expect("connection");
    cong::content::loader::ensure_sites(&mut conn, clock.now().naive_utc()).expect("demo sites");
    state.reload_sites().expect("sites");
    let directory = state.sites.current();
    let read = |p: &str| std::fs::read(p);
    let options = ImportOptions {
        site: directory.province().expect("province portal").id,
        force_site: false,
        directory: &directory,
        entry: Entry::named(None, "bench", Via::Import),
        actor: None,
        draft: false,
        files: state.files.as_ref(),
        limits: &state.config.media,
        read_file: &read,
    };
    let mut run = |label: &str| {
        let lines = import::read_lines(&path).expect("read the file");
        let started = Instant::now();
        let report = cong::record::import::import::<cong::services::kind::Procedures>(
            &mut conn,
            lines,
            &options,
            clock.now().naive_utc(),
            None,
        );
        let seconds = started.elapsed().as_secs_f64();
        assert!(
            report.lines.iter().all(|l| l.outcome != Outcome::Rejected),
            "a generated line was rejected: {:?}",
            report.lines.iter().find(|l| l.outcome == Outcome::Rejected)
        );
        println!(
            "{label}: {count} procedures in {seconds:.2} s ({:.0}/s): {} created, {} updated, {} unchanged",
            count as f64 / seconds,
            report.created,
            report.updated,
            report.unchanged
        );
        report
    };
    let first = run("first import");
    assert_eq!(first.created, count);
    let again = run("re-import");
    assert_eq!(again.unchanged, count);
}
