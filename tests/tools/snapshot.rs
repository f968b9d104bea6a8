//! Saves every public page of the demo province and every `/api/v1` answer, from a fixed
//! clock, so that a refactoring can be compared page by page before and after.
//!
//! ```sh
//! cargo run --example snapshot -- OUT_DIR
//! diff -r BEFORE_DIR AFTER_DIR
//! ```
//!
//! It starts the app in memory over a fresh SQLite database with the demo content, then walks
//! every site's home pages (vi and en), the API's lists and every link found on the same host
//! (admin pages, static assets and files left out). Each answer is written to one file named
//! after its host and path: the status, the location header (redirects) and the body.
//! Search answers may differ between two runs where results tie (and in the last digits of
//! their scores): the index is built by several threads.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use actix_web::test;
use chrono::{TimeZone, Utc};
use cong::clock::{ManualClock, SharedClock};

/// At most this many answers per host, so that a link loop cannot run forever.
const MAX_PER_HOST: usize = 4000;

#[actix_web::main]
async fn main() {
    let out = match std::env::args().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => {
            eprintln!("usage: snapshot OUT_DIR (an empty or absent folder)");
            std::process::exit(2);
        }
    };
    if out.exists()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!("{} is not empty: choose a new folder", out.display());
        std::process::exit(2);
    }
    let work = tempfile::tempdir().expect("temporary folder");
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap();
    let clock: SharedClock = ManualClock::new(start);
    let config = cong::Config {
        data_dir: work.path().join("data"),
        page_cache: false,
        ..cong::Config::default()
    };
    let state = cong::AppState::open(config, clock).expect("open the app");
    // What `cong serve --demo` loads: the demo content, its accounts, and the question
    // answered through the review by them.
    state.load_demo(start.naive_utc()).expect("demo content");
    let mut conn = state.db.conn().expect("connection");
    cong::account::demo::ensure(&mut conn, &state.sites.current(), start.naive_utc())
        .expect("demo accounts");
    cong::inbox::demo::answer(
        &mut conn,
        &state.sites.current(),
        &state.config.inbox,
        start.naive_utc(),
    )
    .expect("demo answer");
    drop(conn);
    state
        .search
        .rebuild(&mut state.db.conn().expect("connection"), None)
        .expect("search index");
    let hosts: Vec<String> = state
        .sites
        .current()
        .sites
        .iter()
        .filter(|s| !s.retired)
        .map(|s| host_of(&s.slug, s.kind == cong::site::SiteKind::Province))
        .collect();
    let app = test::init_service(cong::build(state.clone())).await;

    let mut saved = 0usize;
    for host in &hosts {
        let mut queue: VecDeque<String> = [
            "/",
            "/en/",
            "/api/v1/sites",
            "/api/v1/news?per_page=100",
            "/api/v1/news?lang=en&per_page=100",
            "/api/v1/news?site=all&per_page=100",
            "/api/v1/pages?per_page=100",
            "/api/v1/pages?lang=en&per_page=100",
            "/api/v1/legal/documents?per_page=100",
            "/api/v1/legal/documents?lang=en&per_page=100",
            "/api/v1/services?per_page=100",
            "/api/v1/services?lang=en&per_page=100",
            "/api/v1/services?site=all&per_page=100",
            "/api/v1/search?q=quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh",
            "/api/v1/search?q=th%E1%BB%A7%20t%E1%BB%A5c&lang=en",
            "/tim-kiem?q=c%C3%B4ng%20ngh%E1%BB%87",
            "/tim-kiem?q=gi%E1%BA%A5y%20ph%C3%A9p&kind=service",
            "/tim-kiem?q=17%2F2019%2FQ%C4%90-UBND",
            "/en/search?q=science",
            "/en/search?q=permit&kind=service",
            "/van-ban/feed.atom",
            "/en/legal-documents/feed.atom",
            "/hoi-dap/dat-cau-hoi",
            "/en/questions/ask",
            "/hoi-dap/tra-cuu",
            "/sitemap.xml",
            "/robots.txt",
            "/van-ban?type=quyet-dinh",
            "/van-ban?status=het-hieu-luc",
            "/van-ban?year=2026&page=1",
            "/van-ban?as_of=2020-01-01",
            "/api/v1/legal/documents?site=all&per_page=100",
            "/api/v1/legal/documents?as_of=2020-01-01&per_page=100",
            "/thu-tuc-hanh-chinh?online=1",
            "/thu-tuc-hanh-chinh?level=full",
            "/en/public-services?online=1",
            "/api/v1/services?online=1&per_page=100",
            "/api/v1/news?site=nowhere",
            "/api/v1/news?per_page=0",
            "/api/v1/news/999999",
            "/api/v1/services/NO-SUCH-CODE",
            "/tin-tuc?page=2",
            "/tin-tuc?page=999",
            "/tin-tuc/999999-no-such",
            "/van-ban/so/17%2F2019%2FQ%C4%90-UBND",
            "/no-such-page",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
        let mut count = 0;
        while let Some(path) = queue.pop_front() {
            if count >= MAX_PER_HOST {
                eprintln!("{host}: stopped after {MAX_PER_HOST} answers");
                break;
            }
            count += 1;
            let req = test::TestRequest::get()
                .uri(&path)
                .insert_header(("host", host.as_str()))
                .to_request();
            let res = test::call_service(&app, req).await;
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let content_type = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let body = test::read_body(res).await;
            let text = String::from_utf8_lossy(&body).into_owned();
            write(&out, host, &path, status, &location, &content_type, &text);
            saved += 1;
            let mut next: Vec<String> = links(&text, host);
            next.extend(api_items(&path, &text));
            if !location.is_empty() {
                next.extend(local(&location, host));
            }
            for link in next {
                if wanted(&link) && seen.insert(link.clone()) {
                    queue.push_back(link);
                }
            }
        }
    }
    println!("{saved} answers saved under {}", out.display());
}

/// The host a demo site answers on.
fn host_of(slug: &str, province: bool) -> String {
    if province {
        "localhost".into()
    } else {
        format!("{slug}.localhost")
    }
}

/// The paths of the links of a page or JSON answer that stay on this host.
fn links(text: &str, host: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in [
        "href=\"",
        "src=\"",
        "\"url\":\"",
        "\"url\": \"",
        "<loc>",
        "action=\"",
    ] {
        let mut rest = text;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            let end = rest.find(['"', '<']).unwrap_or(rest.len());
            let raw = rest[..end].replace("&amp;", "&");
            found.extend(local(&raw, host).map(|l| uri_safe(&l)));
        }
    }
    found
}

/// A link as a request may carry it: characters a URI may not hold (letters with
/// diacritics, spaces) percent-encoded, as a browser sends them.
fn uri_safe(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for c in link.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The API's own address of each item of an API list (by `id`, or `code` for procedures).
fn api_items(path: &str, text: &str) -> Vec<String> {
    let list = path.split('?').next().unwrap_or("");
    let Some(kind) = list.strip_prefix("/api/v1/") else {
        return Vec::new();
    };
    let key = match kind {
        "news" | "pages" | "legal/documents" => "id",
        "services" => "code",
        _ => return Vec::new(),
    };
    let lang = if path.contains("lang=en") {
        "?lang=en"
    } else {
        ""
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    value["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| match &item[key] {
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::String(s) => Some(s.clone()),
            _ => None,
        })
        .map(|id| format!("{list}/{id}{lang}"))
        .collect()
}

/// A link as a path on this host, or nothing when it leads elsewhere.
fn local(link: &str, host: &str) -> Option<String> {
    let link = link.split('#').next().unwrap_or("");
    if let Some(rest) = link
        .strip_prefix("http://")
        .or_else(|| link.strip_prefix("https://"))
    {
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let name = authority.split(':').next().unwrap_or("");
        return (name == host).then(|| {
            if path.is_empty() {
                "/".into()
            } else {
                path.into()
            }
        });
    }
    link.starts_with('/')
        .then(|| link.to_string())
        .filter(|l| !l.starts_with("//"))
}

/// Pages worth saving: public HTML and JSON, not the admin, assets or downloads, nor the
/// search pages' facet combinations (the seeded queries stand for them).
fn wanted(path: &str) -> bool {
    !(path.starts_with("/admin")
        || path.starts_with("/tim-kiem")
        || path.starts_with("/en/search")
        || path.starts_with("/api/v1/search")
        || path.starts_with("/en/admin")
        || path.starts_with("/static/")
        || path.starts_with("/tep/"))
}

/// Writes one answer to `OUT/HOST/escaped-path`.
fn write(
    out: &Path,
    host: &str,
    path: &str,
    status: u16,
    location: &str,
    content_type: &str,
    body: &str,
) {
    let name: String = path
        .chars()
        .map(|c| match c {
            '/' => '~',
            c if c.is_alphanumeric() || "-_.=&%,".contains(c) => c,
            _ => '+',
        })
        .collect();
    let mut name = if name.len() > 200 {
        // Long query strings: keep a readable start and make the name unique.
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        path.hash(&mut h);
        format!(
            "{}…{:016x}",
            &name[..name.floor_char_boundary_compat(180)],
            h.finish()
        )
    } else {
        name
    };
    if name.is_empty() {
        name = "~".into();
    }
    let dir = out.join(host);
    std::fs::create_dir_all(&dir).expect("create the output folder");
    let text = format!(
        "GET {path}\nstatus: {status}\nlocation: {location}\ncontent-type: {content_type}\n\n{body}\n"
    );
    std::fs::write(dir.join(name), text).expect("write an answer");
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, at: usize) -> usize;
}

impl FloorBoundary for String {
    fn floor_char_boundary_compat(&self, mut at: usize) -> usize {
        while !self.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}
